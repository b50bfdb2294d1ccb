package dev.hexz.format.write;

import dev.hexz.format.EncryptionSlot;
import dev.hexz.format.WriterEncryption;
import dev.hexz.format.crypt.ArchiveCipher;
import dev.hexz.format.crypt.Seals;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ChainBlockLookup;
import dev.hexz.format.ChangedContent;
import dev.hexz.format.ParentChainException;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.Chunker;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.hash.Blake3;
import dev.hexz.format.io.AtomicOutputFile;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import dev.hexz.format.v1.AncestorsV1;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.v1.MasterIndexV1;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lays an archive out in its file: header slot, data region (through the chunk pipeline), index
 * pages, master index, manifest and metadata sections, then the header, and publishes it. The
 * {@link dev.hexz.format.ArchiveWriter} decides what goes in; this class decides where.
 */
public final class ArchiveAssembler implements AutoCloseable {

    private final Path target;
    private final WriterOptions options;
    private final AtomicOutputFile file;
    private final IndexBuilder index;
    private final BlockSink sink;
    private final ChunkPipeline pipeline;
    private final ArchiveReader parent;
    private final List<AncestorRef> ancestors;
    /** An encrypted archive's cipher and encryption slot (sealed header not placed yet); null when plain. */
    private final ArchiveCipher cipher;
    private final EncryptionSlot encryption;

    private ArchiveAssembler(Path target, WriterOptions options, AtomicOutputFile file, ArchiveReader parent,
            ParentBlocks parentBlocks, ChainBlockLookup chainLookup, List<AncestorRef> ancestors) {
        this.target = target.toAbsolutePath().normalize();
        this.options = options;
        WriterEncryption e = options.encryption();
        byte[] idKey = null;
        if (e != null) {
            byte[] salt = e.archiveSalt();
            if (salt == null) {
                salt = new byte[16];
                new java.security.SecureRandom().nextBytes(salt);
            }
            this.encryption = new EncryptionSlot(e.keySource(), e.kdf(), e.kdfSalt(), salt, e.master().keyCheck(salt), 0, 0);
            this.cipher = new ArchiveCipher(e.master().archiveKey(salt));
            idKey = e.master().blockIdKey();
        } else {
            this.encryption = null;
            this.cipher = null;
        }
        this.file = file;
        this.parent = parent;
        this.ancestors = ancestors;
        this.index = new IndexBuilder(options.pageCapacity(), parentBlocks);
        this.sink = new BlockSink(file.channel(), file.tempPath(), HeaderV1.SIZE, index, parentBlocks, chainLookup);
        this.pipeline = new ChunkPipeline(Chunker.of(options.chunking()), BlockCodec.of(options.codec(), options.level()),
                options.trainsDictionary() ? options.dictionaryBytes() : 0, parentBlocks, sink, options.threads(),
                idKey, cipher);
    }

    public static ArchiveAssembler create(Path target, WriterOptions options) throws IOException {
        return new ArchiveAssembler(target, options, AtomicOutputFile.create(target), null, null, ChainBlockLookup.none(),
                List.of());
    }

    /**
     * Starts a thin archive whose parent is {@code parent} (open for the whole write): blocks the
     * parent's index lists are recorded by reference, pages of the parent that recur are shared.
     */
    public static ArchiveAssembler createThin(Path target, WriterOptions options, ArchiveReader parent,
            ChainBlockLookup chainLookup) throws IOException {
        if (!parent.ancestorsOpened()) {
            throw new IllegalArgumentException(parent.name() + " was opened without its ancestors; a thin archive's"
                    + " parent must be opened with its whole chain");
        }
        ArchiveHeader ph = parent.header();
        if (ph.chainDepth() + 1 > ArchiveHeader.MAX_CHAIN_DEPTH) {
            throw new ParentChainException(target.toString(), "a child of " + parent.name() + " would be "
                    + (ph.chainDepth() + 1) + " archives deep, over the limit of " + ArchiveHeader.MAX_CHAIN_DEPTH
                    + " (flatten the parent first: hexz flatten)");
        }
        Path dir = target.toAbsolutePath().normalize().getParent();
        List<AncestorRef> chain = new ArrayList<>();
        chain.add(new AncestorRef(1, ph.archiveId(), ph.indexDigest(), hint(dir, Path.of(parent.name()))));
        for (AncestorRef a : parent.ancestors()) {
            chain.add(new AncestorRef(a.depth() + 1, a.id(), a.indexDigest(), hint(dir, parent.ancestorPath(a.depth()))));
        }
        WriterOptions effective = options;
        if (parent.isEncrypted()) {
            // one key for the whole chain: the child reads its references with the parent's key, and
            // its keyed block hashes must equal the parent's for dedup
            WriterEncryption given = options.encryption();
            if (given != null && !given.master().equals(parent.masterKey())) {
                throw new IOException(target + ": a thin archive of " + parent.name() + " is encrypted with the"
                        + " parent's key; the password or key file given is another");
            }
            effective = options.withEncryption(WriterEncryption.sameAs(parent)
                    .withArchiveSalt(given == null ? null : given.archiveSalt()));
        } else if (options.encryption() != null) {
            throw new IOException(target + ": " + parent.name() + " is not encrypted, and a chain is encrypted as a"
                    + " whole (hexz flatten the chain, then pack with --encrypt)");
        }
        ParentBlocks blocks = ParentBlocks.of(parent);
        return new ArchiveAssembler(target, effective, AtomicOutputFile.create(target), parent, blocks, chainLookup, chain);
    }

    /** A path hint: relative to the child's directory when the two share a root, else absolute. */
    private static String hint(Path childDir, Path ancestor) {
        Path abs = ancestor.toAbsolutePath().normalize();
        try {
            return childDir.relativize(abs).toString();
        } catch (IllegalArgumentException e) {
            return abs.toString();
        }
    }

    /** The output and its temporary file: a tree scan must not archive the archive being written. */
    public Set<Path> ownFiles() {
        return Set.of(target, file.tempPath().toAbsolutePath().normalize());
    }

    public long position() {
        return pipeline.position();
    }

    public long feed(InputStream in) throws IOException {
        return pipeline.feed(in);
    }

    /** Whether this is a thin archive (made by {@link #createThin}). */
    public boolean isThin() {
        return parent != null;
    }

    /**
     * Checks that {@code parentFile} can be the parent of a changed file: a file whose bytes lie
     * in the parent's logical stream.
     *
     * @throws IllegalStateException if this is not a thin archive
     * @throws IllegalArgumentException if {@code parentFile} is not a file of the parent
     */
    public void checkParentFile(ManifestEntry parentFile, String what) {
        requireThin(what);
        if (parentFile == null || !parentFile.isFile()) {
            throw new IllegalArgumentException(what + ": the parent entry must be a file, got "
                    + (parentFile == null ? "null" : parentFile.type().name().toLowerCase() + " '" + parentFile.path() + "'"));
        }
        long end = parentFile.logicalOffset() + parentFile.size();
        if (parentFile.logicalOffset() < 0 || parentFile.size() < 0 || end < 0 || end > parent.size()) {
            throw new IllegalArgumentException(what + ": parent file '" + parentFile.path() + "' at ["
                    + parentFile.logicalOffset() + ", " + end + ") is outside " + parent.name() + "'s "
                    + parent.size() + " bytes: not an entry of that archive's manifest");
        }
    }

    /**
     * Checks that the parent is a stream archive (no manifest), whose whole logical stream a
     * changed stream is described against; returns its size.
     */
    public long checkParentStream(String what) {
        requireThin(what);
        ArchiveHeader h = parent.header();
        if (h.isDirectory() || h.fileCount() != 0 || h.manifestLength() != 0) {
            throw new IllegalStateException(what + ": the parent " + parent.name() + " is a "
                    + (h.isDirectory() ? "directory" : "file") + " archive, not a stream archive");
        }
        return parent.size();
    }

    /**
     * Feeds a file changed in place from the parent's file at {@code parentOffset} of the
     * parent's logical stream ({@code regions} were checked against its size); see
     * {@link ChunkPipeline#feedChanged}. Returns the bytes fed.
     */
    public long feedChanged(long parentOffset, ChangedRegions regions, ChangedContent content, String what)
            throws IOException {
        requireThin(what);
        return pipeline.feedChanged(parentOffset, regions, content, what);
    }

    /**
     * The bytes of {@code parentFile} as they are in the parent, unchanged: read only if the
     * parent's blocks do not line up with the file (see {@link ChunkPipeline#feedChanged}).
     */
    public ChangedContent unchangedContent(ManifestEntry parentFile) {
        return new ParentFileContent(parent, parentFile.logicalOffset(), parentFile.size());
    }

    private void requireThin(String what) {
        if (parent == null) {
            throw new IllegalStateException(what + ": only a thin archive (ArchiveWriter.createThin) records changes"
                    + " against a parent");
        }
    }

    /** Writes everything after the data and publishes the archive. */
    public ArchiveSummary finish(List<ManifestEntry> entries, boolean directory, String metadataJson,
            List<String> skipped) throws IOException {
        pipeline.finish();
        sink.flush();
        FileChannel out = file.channel();
        long dataEnd = sink.dataEnd();
        Blake3.Hasher indexDigest = Blake3.newHasher();
        List<PageDescriptor> pages = index.writePages(out, dataEnd, indexDigest, cipher);
        long pos = IndexBuilder.end(pages, dataEnd);

        byte[] master = MasterIndexV1.encode(pages);
        indexDigest.update(master, 0, master.length);
        long masterAt = pos;
        master = seal(master, Seals.MASTER, pos);
        pos = write(out, pos, master);

        Manifest manifest = new Manifest(complete(entries, directory));
        long manifestAt = 0;
        long manifestLen = 0;
        if (manifest.size() > 0) {
            List<ManifestV1.ChunkDescriptor> chunks = new ArrayList<>();
            pos = writeManifestChunks(out, pos, manifest.entries(), chunks);
            byte[] section = seal(SectionV1.encode(SectionV1.MANIFEST_MAGIC, ManifestV1.encodeIndex(chunks)),
                    Seals.MANIFEST, pos);
            manifestAt = pos;
            manifestLen = section.length;
            pos = write(out, pos, section);
        }
        long metadataAt = 0;
        long metadataLen = 0;
        if (metadataJson != null) {
            byte[] section = seal(SectionV1.encode(SectionV1.METADATA_MAGIC, metadataJson.getBytes(StandardCharsets.UTF_8)),
                    Seals.METADATA, pos);
            metadataAt = pos;
            metadataLen = section.length;
            pos = write(out, pos, section);
        }
        long dictionaryAt = 0;
        long dictionaryLen = 0;
        if (pipeline.dictionary() != null) {
            byte[] section = seal(SectionV1.encodeRaw(SectionV1.DICTIONARY_MAGIC, pipeline.dictionary()),
                    Seals.DICTIONARY, pos);
            dictionaryAt = pos;
            dictionaryLen = section.length;
            pos = write(out, pos, section);
        }
        long ancestorsAt = 0;
        long ancestorsLen = 0;
        if (!ancestors.isEmpty()) {
            byte[] section = seal(SectionV1.encode(AncestorsV1.MAGIC, AncestorsV1.encode(ancestors)), Seals.ANCESTORS, pos);
            ancestorsAt = pos;
            ancestorsLen = section.length;
            pos = write(out, pos, section);
        }
        ArchiveId id = options.archiveId() != null ? options.archiveId() : ArchiveId.random();
        long created = options.createdMillis() != null ? options.createdMillis() : System.currentTimeMillis();
        long fileCount = manifest.fileCount();
        long flags = (directory ? ArchiveHeader.FLAG_DIRECTORY : 0) | (parent != null ? ArchiveHeader.FLAG_HAS_PARENT : 0)
                | (cipher != null ? ArchiveHeader.FLAG_ENCRYPTED : 0);
        ArchiveHeader header = new ArchiveHeader(HeaderV1.MAJOR, HeaderV1.MINOR, flags, options.codec(), options.level(),
                cipher != null ? ArchiveHeader.HASH_BLAKE3_256_KEYED : ArchiveHeader.HASH_BLAKE3_256, options.chunking(), options.pageCapacity(), id, created,
                sink.logicalSize(), HeaderV1.SIZE, dataEnd - HeaderV1.SIZE, masterAt, master.length, manifestAt,
                manifestLen, metadataAt, metadataLen, dictionaryAt, dictionaryLen, index.blocks(), sink.uniqueBlocks(), sink.dedupBlocks(),
                sink.zeroBlocks(), fileCount, pages.size(), indexDigest.digest(), ancestorsAt, ancestorsLen,
                sink.referencedBlocks(), sink.referencedBytes(), ancestors.size(),
                ancestors.isEmpty() ? null : ancestors.get(0), null, null);
        if (cipher == null) {
            write(out, 0, HeaderV1.encode(header));
        } else {
            // the full header goes sealed after everything else; the plain one says only how to
            // derive the key and where the sealed one is
            EncryptionSlot slot = encryption.sealedAt(pos, HeaderV1.SEALED_LENGTH);
            byte[] sealed = seal(HeaderV1.encode(header.withEncryption(slot)), Seals.HEADER, pos);
            pos = write(out, pos, sealed);
            write(out, 0, HeaderV1.encodePlain(slot));
        }
        out.truncate(pos);
        file.commit();
        return new ArchiveSummary(target, id, sink.logicalSize(), dataEnd - HeaderV1.SIZE, pos, index.blocks(),
                sink.uniqueBlocks(), sink.dedupBlocks(), sink.zeroBlocks(), fileCount, List.copyOf(skipped), sink.referencedBlocks(),
                sink.referencedBytes());
    }

    /**
     * Writes the manifest's chunks; a chunk whose bytes equal one of the parent's is not written
     * again but pointed at (format/SPEC.md, "Manifest").
     */
    private long writeManifestChunks(FileChannel out, long pos, List<ManifestEntry> entries,
            List<ManifestV1.ChunkDescriptor> chunks) throws IOException {
        java.util.Map<java.nio.ByteBuffer, ManifestV1.ChunkDescriptor> inParent = new java.util.HashMap<>();
        if (parent != null) {
            for (ManifestV1.ChunkDescriptor d : parent.manifestChunks()) {
                inParent.putIfAbsent(java.nio.ByteBuffer.wrap(d.digest()), d);
            }
        }
        long p = pos;
        for (int[] r : ManifestV1.chunkBounds(entries)) {
            List<ManifestEntry> chunk = entries.subList(r[0], r[1]);
            long base = ManifestV1.base(chunk);
            byte[] body = ManifestV1.encodeChunk(chunk, base);
            byte[] digest = Blake3.hash(body, 0, body.length);
            ManifestV1.ChunkDescriptor shared = inParent.get(java.nio.ByteBuffer.wrap(digest));
            if (shared != null) {
                chunks.add(new ManifestV1.ChunkDescriptor(shared.source() + 1, chunk.size(), shared.offset(),
                        shared.length(), shared.crc32c(), base, digest));
            } else {
                byte[] section = SectionV1.encode(ManifestV1.CHUNK_MAGIC, body);
                int crc = dev.hexz.format.v1.Crc.crc32c(section, 0, section.length);
                section = seal(section, Seals.MANIFEST_CHUNK, p);
                chunks.add(new ManifestV1.ChunkDescriptor(0, chunk.size(), p, section.length, crc, base, digest));
                p = write(out, p, section);
            }
        }
        return p;
    }

    /** Sorts entries into manifest order and adds any missing parent directory (mode 0755, mtime 0). */
    private static List<ManifestEntry> complete(List<ManifestEntry> entries, boolean directory) {
        List<ManifestEntry> all = new ArrayList<>(entries);
        if (directory) {
            Set<String> dirs = new HashSet<>();
            for (ManifestEntry e : entries) {
                if (e.isDirectory()) {
                    dirs.add(e.path());
                }
            }
            for (ManifestEntry e : entries) {
                for (String parent = e.parentPath(); !parent.isEmpty(); parent = parentOf(parent)) {
                    if (dirs.add(parent)) {
                        all.add(ManifestEntry.directory(parent, 0755, 0, 0));
                    }
                }
            }
        }
        all.sort(Comparator.comparing(ManifestEntry::path, ManifestPaths::compare));
        return all;
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code bytes} as this archive stores an object of {@code kind} at {@code at}: sealed when encrypted. */
    private byte[] seal(byte[] bytes, byte[] kind, long at) {
        if (cipher == null) {
            return bytes;
        }
        byte[] nonce = Seals.object(kind, at);
        return cipher.seal(bytes, 0, bytes.length, nonce, nonce);
    }

    private static long write(FileChannel out, long pos, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long p = pos;
        while (b.hasRemaining()) {
            p += out.write(b, p);
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        pipeline.close();
        file.close();
    }
}
