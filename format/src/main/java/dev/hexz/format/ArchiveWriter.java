package dev.hexz.format;

import dev.hexz.format.write.ArchiveAssembler;
import dev.hexz.format.write.ChangedRegions;
import dev.hexz.format.write.TreeScanner;
import dev.hexz.format.manifest.EntryType;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Writes one archive. Either a <em>stream archive</em> ({@link #addBytes}/{@link #addStream}:
 * the logical stream is the bytes added, in order), a <em>file archive</em> ({@link #addFile(Path)}:
 * one named file), or a <em>directory archive</em> ({@link #addTree}, {@link #addFile(String,
 * InputStream, int, long, int)}, {@link #addDirectory}, {@link #addSymlink}). A thin writer
 * ({@link #createThin}) can also take files changed in place from the parent's
 * ({@link #addChangedFile}, {@link #addUnchangedFile}, {@link #addChangedSingleFile},
 * {@link #addChangedStream}), at a cost that follows the change, not the file. Nothing appears
 * under the output name until {@link #finish()} succeeds; {@link #close()} without finishing
 * deletes the temporary file. Not thread-safe (the work inside is parallel).
 */
public final class ArchiveWriter implements AutoCloseable {

    private enum Kind { EMPTY, STREAM, FILE, TREE }

    /** Created on first use: an ObjectMapper costs ~0.1 s of start-up, and most archives have no metadata. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final ArchiveAssembler assembler;
    private final List<ManifestEntry> entries = new ArrayList<>();
    private final Map<String, EntryType> paths = new HashMap<>();
    /** Parents of every path added: they must be (or become) directories. */
    private final Set<String> parents = new HashSet<>();
    private final List<String> skipped = new ArrayList<>();
    private Kind kind = Kind.EMPTY;
    private String metadataJson;
    private boolean finished;
    private LongConsumer progress;

    private ArchiveWriter(ArchiveAssembler assembler) {
        this.assembler = assembler;
    }

    /**
     * Starts a thin archive: blocks already in {@code parent}'s chain are recorded by reference
     * (format/SPEC.md, "Thin archives"). {@code parent} must stay open until {@link #finish()}.
     * Options usually take the parent's chunking, so that boundaries line up.
     */
    public static ArchiveWriter createThin(Path output, WriterOptions options, ArchiveReader parent) throws IOException {
        return createThin(output, options, parent, ChainBlockLookup.none());
    }

    /**
     * As {@link #createThin(Path, WriterOptions, ArchiveReader)}, also finding blocks that only
     * ancestors beyond the parent still store through {@code chainLookup} (the block store).
     */
    public static ArchiveWriter createThin(Path output, WriterOptions options, ArchiveReader parent,
            ChainBlockLookup chainLookup) throws IOException {
        return new ArchiveWriter(ArchiveAssembler.createThin(output, options, parent, chainLookup));
    }

    /** Starts an archive that {@link #finish()} will publish at {@code output}. */
    public static ArchiveWriter create(Path output, WriterOptions options) throws IOException {
        return new ArchiveWriter(ArchiveAssembler.create(output, options));
    }

    /**
     * Reports progress: {@code listener} receives the count of input bytes each time the writer
     * has read more of its input (from the calling thread). For progress bars; null for none.
     */
    public ArchiveWriter onProgress(LongConsumer listener) {
        this.progress = listener;
        return this;
    }

    /** Appends bytes to the logical stream of a stream archive. */
    public ArchiveWriter addBytes(byte[] data) throws IOException {
        return addStream(new ByteArrayInputStream(data));
    }

    /** Appends a whole stream to the logical stream of a stream archive. */
    public ArchiveWriter addStream(InputStream in) throws IOException {
        become(Kind.STREAM);
        feed(in);
        return this;
    }

    /** Makes a file archive of the regular file at {@code file}, named by its file name. */
    public ArchiveWriter addFile(Path file) throws IOException {
        become(Kind.FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file");
        }
        FileTime t = Files.getLastModifiedTime(file);
        long offset = assembler.position();
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = feed(in);
        }
        entries.add(ManifestEntry.file(file.getFileName().toString(), mode(file), t.toInstant().getEpochSecond(),
                t.toInstant().getNano(), size, offset));
        return this;
    }

    /**
     * Makes a file archive of one file named {@code name} (a single path component) with the
     * bytes of {@code in}: what {@link #addFile(Path)} records, from any stream.
     */
    public ArchiveWriter addSingleFile(String name, InputStream in, int mode, long mtimeSeconds, int mtimeNanos)
            throws IOException {
        checkSingleName(name);
        become(Kind.FILE);
        long offset = assembler.position();
        long size = feed(in);
        entries.add(ManifestEntry.file(name, mode & 07777, mtimeSeconds, mtimeNanos, size, offset));
        return this;
    }

    /**
     * Adds a regular file at {@code path} of a thin directory archive whose bytes are
     * {@code parentFile}'s changed in place as {@code content} describes: unchanged regions are
     * recorded as the parent's blocks without being read, so the cost follows the change, not the
     * file's size (see {@link ChangedContent}).
     *
     * @param parentFile the file's entry in the parent's manifest (a file)
     * @throws IllegalStateException if this writer was not made by {@code createThin}
     * @throws IllegalArgumentException for an invalid path, a parent entry that is not a file of
     *         the parent, or content whose limits or ranges are out of order
     */
    public ArchiveWriter addChangedFile(String path, int mode, long mtimeSeconds, int mtimeNanos,
            ManifestEntry parentFile, ChangedContent content) throws IOException {
        String what = "'" + path + "'";
        assembler.checkParentFile(parentFile, what);
        ChangedRegions regions = ChangedRegions.of(content, parentFile.size(), what);
        claim(path, EntryType.FILE);
        long offset = assembler.position();
        long size = assembler.feedChanged(parentFile.logicalOffset(), regions, withProgress(content), what);
        entries.add(ManifestEntry.file(path, mode & 07777, mtimeSeconds, mtimeNanos, size, offset));
        return this;
    }

    /**
     * Adds a regular file at {@code path} of a thin directory archive with exactly the bytes of
     * {@code parentFile}: {@link #addChangedFile} with no change. Costs an index entry per block
     * (or a share of a page) and reads nothing, as long as the parent's blocks start where the
     * file does (they do for every file a writer cut); otherwise the bytes are read from the
     * parent and chunked again.
     */
    public ArchiveWriter addUnchangedFile(String path, int mode, long mtimeSeconds, int mtimeNanos,
            ManifestEntry parentFile) throws IOException {
        assembler.checkParentFile(parentFile, "'" + path + "'");
        return addChangedFile(path, mode, mtimeSeconds, mtimeNanos, parentFile, assembler.unchangedContent(parentFile));
    }

    /**
     * Makes a thin file archive of one file named {@code name} whose bytes are
     * {@code parentFile}'s changed in place: {@link #addSingleFile} for a {@link ChangedContent}.
     *
     * @throws IllegalStateException if this writer was not made by {@code createThin}
     */
    public ArchiveWriter addChangedSingleFile(String name, int mode, long mtimeSeconds, int mtimeNanos,
            ManifestEntry parentFile, ChangedContent content) throws IOException {
        checkSingleName(name);
        String what = "'" + name + "'";
        assembler.checkParentFile(parentFile, what);
        ChangedRegions regions = ChangedRegions.of(content, parentFile.size(), what);
        become(Kind.FILE);
        long offset = assembler.position();
        long size = assembler.feedChanged(parentFile.logicalOffset(), regions, withProgress(content), what);
        entries.add(ManifestEntry.file(name, mode & 07777, mtimeSeconds, mtimeNanos, size, offset));
        return this;
    }

    /**
     * Appends to a thin stream archive the parent's whole logical stream changed in place as
     * {@code content} describes (the parent must be a stream archive too).
     *
     * @throws IllegalStateException if this writer was not made by {@code createThin}, or the
     *         parent is not a stream archive
     */
    public ArchiveWriter addChangedStream(ChangedContent content) throws IOException {
        long parentSize = assembler.checkParentStream("stream");
        ChangedRegions regions = ChangedRegions.of(content, parentSize, "stream");
        become(Kind.STREAM);
        assembler.feedChanged(0, regions, withProgress(content), "stream");
        return this;
    }

    /** {@code content}, reporting the bytes the writer reads from it to the progress listener. */
    private ChangedContent withProgress(ChangedContent content) {
        LongConsumer listener = progress;
        if (listener == null) {
            return content;
        }
        return new ChangedContent() {
            @Override
            public long size() {
                return content.size();
            }

            @Override
            public long unchangedLimit() {
                return content.unchangedLimit();
            }

            @Override
            public List<ByteRange> changedRanges() {
                return content.changedRanges();
            }

            @Override
            public int read(long offset, byte[] dst, int off, int len) throws IOException {
                int n = content.read(offset, dst, off, len);
                if (n > 0) {
                    listener.accept(n);
                }
                return n;
            }
        };
    }

    /** Makes this a directory archive even if nothing is added (an empty tree). */
    ArchiveWriter beginTree() {
        become(Kind.TREE);
        return this;
    }

    /** Adds every file, directory and symlink under {@code root} (not {@code root} itself). */
    public ArchiveWriter addTree(Path root) throws IOException {
        become(Kind.TREE);
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a directory");
        }
        TreeScanner.Result scan = TreeScanner.scan(root, assembler.ownFiles());
        skipped.addAll(scan.skipped());
        for (TreeScanner.Item item : scan.items()) {
            switch (item.type()) {
                case DIRECTORY -> addDirectory(item.path(), item.mode(), item.mtimeSeconds(), item.mtimeNanos());
                case SYMLINK -> addSymlink(item.path(), Files.readSymbolicLink(item.source()).toString(),
                        item.mtimeSeconds(), item.mtimeNanos());
                case FILE -> {
                    try (InputStream in = Files.newInputStream(item.source(), LinkOption.NOFOLLOW_LINKS)) {
                        addFile(item.path(), in, item.mode(), item.mtimeSeconds(), item.mtimeNanos());
                    }
                }
            }
        }
        return this;
    }

    /** Adds a regular file at {@code path} of a directory archive, with the bytes of {@code in}. */
    public ArchiveWriter addFile(String path, InputStream in, int mode, long mtimeSeconds, int mtimeNanos)
            throws IOException {
        claim(path, EntryType.FILE);
        long offset = assembler.position();
        long size = feed(in);
        entries.add(ManifestEntry.file(path, mode & 07777, mtimeSeconds, mtimeNanos, size, offset));
        return this;
    }

    /** Adds a directory (empty ones too) to a directory archive. */
    public ArchiveWriter addDirectory(String path, int mode, long mtimeSeconds, int mtimeNanos) {
        claim(path, EntryType.DIRECTORY);
        entries.add(ManifestEntry.directory(path, mode & 07777, mtimeSeconds, mtimeNanos));
        return this;
    }

    /** Adds a symlink to a directory archive; its target is stored as given, never followed. */
    public ArchiveWriter addSymlink(String path, String target, long mtimeSeconds, int mtimeNanos) {
        if (target.isEmpty() || target.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("symlink '" + path + "' needs a non-empty target without NUL");
        }
        claim(path, EntryType.SYMLINK);
        entries.add(ManifestEntry.symlink(path, target, mtimeSeconds, mtimeNanos));
        return this;
    }

    /** Sets the user metadata, a JSON text (validated here). */
    public ArchiveWriter setMetadata(String json) {
        try {
            Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not valid JSON: " + e.getOriginalMessage());
        }
        this.metadataJson = json;
        return this;
    }

    /** Writes index, manifest, metadata and header, then publishes the archive atomically. */
    public ArchiveSummary finish() throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        finished = true;
        return assembler.finish(entries, kind == Kind.TREE, metadataJson, skipped);
    }

    @Override
    public void close() throws IOException {
        assembler.close();
    }

    private long feed(InputStream in) throws IOException {
        LongConsumer listener = progress;
        if (listener == null) {
            return assembler.feed(in);
        }
        return assembler.feed(new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    listener.accept(n);
                }
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) {
                    listener.accept(1);
                }
                return c;
            }
        });
    }

    private static void checkSingleName(String name) {
        String problem = ManifestPaths.problem(name);
        if (problem != null || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid file name '" + name + "': "
                    + (problem != null ? problem : "a file archive's name is a single component"));
        }
    }

    private void become(Kind k) {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        boolean ok = kind == Kind.EMPTY || (kind == k && k != Kind.FILE);
        if (!ok) {
            throw new IllegalStateException("cannot add " + k.name().toLowerCase() + " content to an archive that already holds "
                    + kind.name().toLowerCase() + " content");
        }
        kind = k;
    }

    /**
     * Checks that {@code path} is valid, new, and keeps the entries a tree: no entry below a file
     * or symlink, and no file or symlink where entries were already added below.
     */
    private void claim(String path, EntryType type) {
        become(Kind.TREE);
        String problem = ManifestPaths.problem(path);
        if (problem != null) {
            throw new IllegalArgumentException("invalid archive path: " + problem);
        }
        if (paths.containsKey(path)) {
            throw new IllegalArgumentException("'" + path + "' is already in the archive");
        }
        if (type != EntryType.DIRECTORY && parents.contains(path)) {
            String below = paths.keySet().stream().filter(p -> p.startsWith(path + "/")).sorted().findFirst().orElse("");
            throw new IllegalArgumentException("'" + path + "' cannot be added as a " + type.name().toLowerCase()
                    + ": '" + below + "' is below it, so it must be a directory");
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String parent = path.substring(0, slash);
            EntryType t = paths.get(parent);
            if (t != null && t != EntryType.DIRECTORY) {
                throw new IllegalArgumentException("'" + path + "' cannot be added: '" + parent + "' is a "
                        + t.name().toLowerCase() + ", not a directory");
            }
        }
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            parents.add(path.substring(0, slash));
        }
        paths.put(path, type);
    }

    private static int mode(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode")) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0644;
        }
    }
}
