package dev.hexz.format;

import dev.hexz.format.codec.CodecId;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Writes a self-contained copy of an archive: the same logical bytes and manifest (file names,
 * modes, mtimes, symlinks, empty directories), the same codec, level, chunking and index page
 * capacity, and the same user metadata, with no parent. A thin archive's blocks are read through
 * its chain; the copy has a new archive id.
 *
 * <p>The logical stream is chunked again with the source's chunking, so the copy's blocks have
 * the same boundaries and hashes as the source's (chunking is a function of the bytes only, and a
 * directory archive's files are chunked one by one in both) and the copy deduplicates against
 * the source's relatives exactly as the source did. A zstd copy trains a dictionary as large as
 * the largest in the source's chain (none if the chain has none).
 */
public final class ArchiveFlattener {

    private final ArchiveReader source;
    private Integer threads;
    private LongConsumer progress;
    private volatile ArchiveWriter writing;

    private ArchiveFlattener(ArchiveReader source) {
        if (!source.ancestorsOpened()) {
            throw new IllegalArgumentException(source.name() + " was opened without its ancestors; flattening needs"
                    + " the whole chain");
        }
        this.source = source;
    }

    public static ArchiveFlattener of(ArchiveReader source) {
        return new ArchiveFlattener(source);
    }

    /** Worker threads of the writer (default: all cores). */
    public ArchiveFlattener threads(int n) {
        this.threads = n;
        return this;
    }

    /** Receives logical bytes as they are copied. */
    public ArchiveFlattener onProgress(LongConsumer listener) {
        this.progress = listener;
        return this;
    }

    private WriterEncryption encryption;

    /**
     * Encrypts the copy of a plain source with {@code e} (an encrypted source's copy is encrypted
     * with its key whatever is set here).
     */
    public ArchiveFlattener encryption(WriterEncryption e) {
        this.encryption = e;
        return this;
    }

    /**
     * The writer options that reproduce the source's layout. The copy of an encrypted source is
     * encrypted with the same key (and password costs and salt): flattening never writes
     * decrypted bytes to disk.
     */
    public WriterOptions options() {
        ArchiveHeader h = source.header();
        WriterOptions o = WriterOptions.defaults().withCodec(h.codec(), h.codecLevel()).withChunking(h.chunking())
                .withPageCapacity(h.pageCapacity()).withDictionaryBytes(h.codec() == CodecId.ZSTD ? dictionaryBytes() : 0)
                .withEncryption(source.isEncrypted() ? WriterEncryption.sameAs(source) : encryption);
        return threads == null ? o : o.withThreads(threads);
    }

    /** The largest trained dictionary in the chain, without its section frame. */
    private int dictionaryBytes() {
        long largest = dictionaryBytes(source.header());
        for (AncestorRef a : source.ancestors()) {
            largest = Math.max(largest, dictionaryBytes(source.ancestorHeader(a.depth())));
        }
        return (int) Math.min(largest, WriterOptions.MAX_DICTIONARY_BYTES);
    }

    private static long dictionaryBytes(ArchiveHeader h) {
        return h.dictionaryLength() == 0 ? 0 : Math.max(0, h.dictionaryLength() - 32);
    }

    /** Writes the copy to {@code output} (atomically, like every writer) and returns its summary. */
    public ArchiveSummary writeTo(Path output) throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(output, options())) {
            writing = w;
            w.onProgress(progress);
            Optional<String> metadata = source.metadataJson();
            if (metadata.isPresent()) {
                w.setMetadata(metadata.get());
            }
            if (source.header().isDirectory()) {
                w.beginTree();
                for (ManifestEntry e : source.manifest().entries()) {
                    switch (e.type()) {
                        case DIRECTORY -> w.addDirectory(e.path(), e.mode(), e.mtimeSeconds(), e.mtimeNanos());
                        case SYMLINK -> w.addSymlink(e.path(), e.symlinkTarget(), e.mtimeSeconds(), e.mtimeNanos());
                        case FILE -> {
                            try (InputStream in = new ArchiveInputStream(source, e.logicalOffset(), e.size())) {
                                w.addFile(e.path(), in, e.mode(), e.mtimeSeconds(), e.mtimeNanos());
                            }
                        }
                    }
                }
            } else if (source.manifest().size() == 1 && source.manifest().entries().get(0).isFile()) {
                ManifestEntry e = source.manifest().entries().get(0);
                try (InputStream in = new ArchiveInputStream(source, e.logicalOffset(), e.size())) {
                    w.addSingleFile(e.path(), in, e.mode(), e.mtimeSeconds(), e.mtimeNanos());
                }
            } else {
                try (InputStream in = source.openStream()) {
                    w.addStream(in);
                }
            }
            return w.finish();
        } finally {
            writing = null;
        }
    }

    /**
     * Deletes the temporary file of a copy being written, from another thread (a shutdown hook):
     * an interrupted flatten leaves nothing behind. The copy itself then fails.
     */
    public void abort() {
        ArchiveWriter w = writing;
        if (w != null) {
            try {
                w.close();
            } catch (IOException | RuntimeException ignored) {
                // best effort: the process is going away
            }
        }
    }
}
