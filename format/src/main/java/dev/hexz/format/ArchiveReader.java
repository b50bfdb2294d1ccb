package dev.hexz.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.BlockCodecException;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.io.FileSource;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.read.BoundedLruCache;
import dev.hexz.format.v1.AncestorsV1;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.IndexPage;
import dev.hexz.format.v1.IndexPageV1;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.crypt.Seals;
import dev.hexz.format.v1.MasterIndexV1;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random access to an archive's logical bytes, its manifest and its metadata. Opening reads the
 * header and the master index only; index pages are read on first use and cached, and a block
 * is decompressed only when a read touches it. Thread-safe: any number of threads may read at once.
 */
public final class ArchiveReader implements Closeable {

    /** What a zero block's bytes are handed out from (never written to). */
    private static final byte[] ZEROS = new byte[64 << 10];
    /** The most stored bytes {@link #readAdjacentBlocksAtOnce} reads at once. */
    private static final int MAX_RUN_BYTES = 1 << 20;

    /** Created on first use: an ObjectMapper costs ~0.1 s of start-up, and most archives have no metadata. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final RandomAccessSource source;
    private final String name;
    private final ArchiveHeader header;
    private final ArchiveFileView self;
    private final AncestorChain chain;
    private final PageDescriptor[] pages;
    private final long[] pageFirstOffsets;
    private final BoundedLruCache<Integer, IndexPage> pageCache;
    private final long pageCacheBytes;
    private final BoundedLruCache<Long, byte[]> blockCache;
    private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private final ReadAhead readAhead;
    /** Bytes of decompressed blocks the cache may hold (0: no cache). */
    private final long blockBudget;
    /** The largest block the archive's chunking makes, as the cache weighs it. */
    private final long largestBlock;
    /** An encrypted archive's master key and the key of its keyed block hashes; null when plain. */
    private final MasterKey masterKey;
    private final byte[] blockIdKey;
    private volatile Manifest manifest;
    private volatile List<ManifestV1.ChunkDescriptor> manifestChunks;
    private volatile Optional<String> metadata;

    private ArchiveReader(ArchiveFileView self, AncestorChain chain, PageDescriptor[] pages, ReaderOptions options,
            MasterKey masterKey) {
        this.masterKey = masterKey;
        this.blockIdKey = masterKey == null ? null : masterKey.blockIdKey();
        this.source = self.source;
        this.name = self.name;
        this.header = self.header;
        this.self = self;
        this.chain = chain;
        this.pages = pages;
        this.pageFirstOffsets = Arrays.stream(pages).mapToLong(PageDescriptor::firstLogicalOffset).toArray();
        // Pages are small (64 bytes an entry); a quarter of the block budget, at least 16 MiB
        // (the whole index of a ~16 GiB archive at 64 KiB blocks), holds a large archive's
        // working set. Pages stay once read, so unlike blocks they do not churn the heap.
        this.pageCacheBytes = Math.max(16L << 20, options.cacheBytes() / 4);
        this.pageCache = new BoundedLruCache<>(pageCacheBytes, p -> 64L * p.size() + 128);
        // A block cache must hold a few of the archive's largest blocks, or reads that share a
        // block (a 4 KiB read, a request that ends inside one) decode it again each time.
        long largest = header.chunking().maxSize() + 16L;
        long blockBytes = options.cacheBytes() == 0 ? 0 : Math.max(options.cacheBytes(), 4 * largest);
        this.blockBudget = blockBytes;
        this.largestBlock = largest;
        this.blockCache = new BoundedLruCache<>(blockBytes, largest, b -> b.length + 16L);
        // Prefetched blocks live in the cache; the window is cut to what half of it holds (a
        // larger one would decode blocks only to throw them away), down to none.
        long fit = blockBytes / (2L * header.chunking().maxSize());
        this.readAhead = new ReadAhead(this, (int) Math.min(options.readAheadBlocks(), fit));
    }

    /** Bytes of decompressed blocks cached now (for tests). */
    long cachedBlockBytes() {
        return blockCache.bytes();
    }

    /** Bytes of index pages cached now (for tests). */
    long cachedPageBytes() {
        return pageCache.bytes();
    }

    /** Blocks read ahead of a sequential reader (for tests). */
    int readAheadWindow() {
        return readAhead.window();
    }

    /** Opens the archive file at {@code path} with default cache and read-ahead. */
    public static ArchiveReader open(Path path) throws IOException {
        return open(path, ReaderOptions.defaults());
    }

    public static ArchiveReader open(Path path, ReaderOptions options) throws IOException {
        return open(path, options, ParentResolver.none());
    }

    /**
     * Opens the archive file at {@code path}; a thin archive's ancestors are looked for at their
     * path hints (relative to {@code path}'s directory), then wherever {@code fallback} proposes.
     */
    public static ArchiveReader open(Path path, ReaderOptions options, ParentResolver fallback) throws IOException {
        FileSource src = FileSource.open(path);
        try {
            Path dir = path.toAbsolutePath().getParent();
            return open(src, options, ParentResolver.pathHints(dir).orElse(fallback));
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /**
     * Opens the archive file at {@code path} without looking for its ancestors: its header,
     * index, manifest and metadata, and the blocks and index pages stored in it, are readable;
     * anything stored up the chain throws {@link AncestorNotOpenedException}. For what needs
     * one file only (inspecting it, verifying its own blocks, listing lineage) when the
     * ancestors may be missing. For an archive that stands alone this is {@link #open(Path)}.
     */
    public static ArchiveReader openWithoutAncestors(Path path) throws IOException {
        return openWithoutAncestors(path, ReaderOptions.defaults());
    }

    public static ArchiveReader openWithoutAncestors(Path path, ReaderOptions options) throws IOException {
        FileSource src = FileSource.open(path);
        try {
            return open(src, options, null);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /** Opens an archive over any source; a thin one needs {@link #open(RandomAccessSource, ReaderOptions, ParentResolver)}. */
    public static ArchiveReader open(RandomAccessSource source, ReaderOptions options) throws IOException {
        return open(source, options, ParentResolver.none());
    }

    /**
     * Opens an archive over any source. Reads and checks the header and the master index (every
     * count and length is checked against the source's size before anything is allocated) and,
     * for a thin archive, opens and identifies every ancestor through {@code resolver} (null:
     * none is opened, see {@link #openWithoutAncestors(Path)}).
     */
    public static ArchiveReader open(RandomAccessSource source, ReaderOptions options, ParentResolver resolver)
            throws IOException {
        HeaderOpener.Opened opened = HeaderOpener.read(source, options.keys(), null);
        ArchiveHeader header = opened.header();
        ArchiveFileView self = new ArchiveFileView(source, header, opened.cipher());
        byte[] master = self.readSealed(header.masterIndexOffset(), (int) header.masterIndexLength(), Seals.MASTER,
                "master index");
        PageDescriptor[] pages = MasterIndexV1.decode(master, header, source.name());
        AncestorChain chain = AncestorChain.empty();
        if (header.isThin()) {
            byte[] section = self.readSealed(header.ancestorsOffset(), (int) header.ancestorsLength(), Seals.ANCESTORS,
                    "ancestors");
            byte[] body = SectionV1.decode(section, AncestorsV1.MAGIC, header.ancestorsOffset(), "ancestors", source.name());
            List<AncestorRef> refs = AncestorsV1.decode(body, header.chainDepth(), header.archiveId(), header.parent(),
                    header.ancestorsOffset(), source.name());
            chain = resolver == null ? AncestorChain.unopened(source.name(), refs)
                    : AncestorChain.open(source.name(), refs, resolver, options.keys(), opened.master());
        }
        return new ArchiveReader(self, chain, pages, options, opened.master());
    }

    /**
     * Recomputes the index digest (format/SPEC.md, "Header", field 208) of this archive
     * ({@code k} = 0) or of its ancestor k from the index pages stored in that file, in its
     * master-index order, and its master index: what the header's field must equal when nothing
     * in that index was changed.
     *
     * @throws AncestorNotOpenedException for k > 0 when the ancestors were not opened
     */
    byte[] recomputeIndexDigest(int k) throws IOException {
        ArchiveFileView v = view(k);
        ArchiveHeader h = v.header;
        byte[] master = v.readSealed(h.masterIndexOffset(), (int) h.masterIndexLength(), Seals.MASTER, "master index");
        PageDescriptor[] own = k == 0 ? pages : MasterIndexV1.decode(master, h, v.name);
        dev.hexz.format.hash.Blake3.Hasher d = dev.hexz.format.hash.Blake3.newHasher();
        for (PageDescriptor p : own) {
            if (p.source() == 0) {
                byte[] page = v.readPage(p);
                // a damaged page is damage (its checksum says so), not a changed index
                IndexPageV1.decode(page, p, h, v.name);
                d.update(page, 0, page.length);
            }
        }
        d.update(master, 0, master.length);
        return d.digest();
    }

    /**
     * The hash that names this archive's blocks, of {@code len} bytes of {@code data}: BLAKE3-256,
     * keyed with the chain's block-id key when the archive is encrypted. What the index entries
     * hold and {@code verify} compares.
     */
    public byte[] blockHash(byte[] data, int off, int len) {
        return blockIdKey == null ? dev.hexz.format.hash.Blake3.hash(data, off, len)
                : dev.hexz.format.hash.Blake3.keyedHash(blockIdKey, data, off, len);
    }

    /**
     * Whether this archive and {@code other} name blocks alike (both plain, or both encrypted
     * under one block-id key): only then do equal hashes mean equal bytes across the two.
     */
    public boolean namesBlocksLike(ArchiveReader other) {
        if (blockIdKey == null || other.blockIdKey == null) {
            return blockIdKey == null && other.blockIdKey == null;
        }
        return java.security.MessageDigest.isEqual(blockIdKey, other.blockIdKey);
    }

    /** Whether the archive is encrypted. */
    public boolean isEncrypted() {
        return masterKey != null;
    }

    /**
     * The master key of an encrypted archive (for writing a thin archive on it, which must share
     * it); null for a plain archive.
     */
    public MasterKey masterKey() {
        return masterKey;
    }

    /** The source of this archive's own file. */
    RandomAccessSource source() {
        return source;
    }

    /** The bytes of this archive's own file in {@code [offset, offset + length)}. */
    byte[] readOwnRange(long offset, int length, String what) throws IOException {
        return self.readRange(offset, length, what);
    }

    /** The ancestors of a thin archive, parent first (empty for an archive that stands alone). */
    public List<AncestorRef> ancestors() {
        return chain.refs();
    }

    /**
     * Whether the ancestors are open, so that every block can be read: true unless the archive is
     * thin and was opened {@linkplain #openWithoutAncestors(Path) without its ancestors}.
     */
    public boolean ancestorsOpened() {
        return chain.opened();
    }

    /**
     * Where ancestor {@code k} (1 = parent) was found.
     *
     * @throws IllegalStateException if the archive was opened without its ancestors
     */
    public Path ancestorPath(int k) {
        return chain.path(k);
    }

    /**
     * The header of ancestor {@code k} (1 = parent).
     *
     * @throws IllegalStateException if the archive was opened without its ancestors
     */
    public ArchiveHeader ancestorHeader(int k) {
        return chain.header(k);
    }

    public ArchiveHeader header() {
        return header;
    }

    /** The archive's name (its path), as used in error messages. */
    public String name() {
        return name;
    }

    /** Size of the logical stream in bytes (for a directory archive, all files' bytes together). */
    public long size() {
        return header.logicalSize();
    }

    /** Size of the archive file itself. */
    public long archiveFileSize() throws IOException {
        return source.size();
    }

    /** The manifest (empty for an archive of raw bytes); decoded and validated on first use. */
    public Manifest manifest() throws IOException {
        Manifest m = manifest;
        if (m == null) {
            List<ManifestEntry> all = new java.util.ArrayList<>();
            for (ManifestV1.ChunkDescriptor d : manifestChunks()) {
                ArchiveFileView v = view(d.source());
                byte[] bytes = v.readSealed(d.offset(), d.length(), Seals.MANIFEST_CHUNK, "manifest chunk");
                if (dev.hexz.format.v1.Crc.crc32c(bytes, 0, bytes.length) != d.crc32c()) {
                    throw new CorruptManifestException(v.name, d.offset(), "manifest chunk checksum mismatch");
                }
                byte[] body = SectionV1.decode(bytes, ManifestV1.CHUNK_MAGIC, d.offset(), "manifest chunk", v.name);
                if (!Arrays.equals(dev.hexz.format.hash.Blake3.hash(body, 0, body.length), d.digest())) {
                    throw new CorruptManifestException(v.name, d.offset(), "manifest chunk does not match its digest");
                }
                ManifestV1.decodeChunk(body, d, d.offset(), v.name, all);
            }
            ManifestV1.validate(all, header.logicalSize(), header.manifestOffset(), name);
            m = new Manifest(all);
            manifest = m;
        }
        return m;
    }

    /** The chunks of the manifest, with where each is stored (source as for blocks). */
    public List<ManifestV1.ChunkDescriptor> manifestChunks() throws IOException {
        List<ManifestV1.ChunkDescriptor> c = manifestChunks;
        if (c == null) {
            if (header.manifestLength() == 0) {
                c = List.of();
            } else {
                byte[] section = self.readSealed(header.manifestOffset(), (int) header.manifestLength(), Seals.MANIFEST,
                        "manifest");
                byte[] body = SectionV1.decode(section, SectionV1.MANIFEST_MAGIC, header.manifestOffset(), "manifest", name);
                c = ManifestV1.decodeIndex(body, header.chainDepth(), header.manifestOffset(), name);
            }
            manifestChunks = c;
        }
        return c;
    }

    /** The user metadata as a JSON text, if the writer gave any. */
    public Optional<String> metadataJson() throws IOException {
        Optional<String> md = metadata;
        if (md == null) {
            if (header.metadataLength() == 0) {
                md = Optional.empty();
            } else {
                byte[] section = self.readSealed(header.metadataOffset(), (int) header.metadataLength(), Seals.METADATA,
                        "metadata");
                byte[] body = SectionV1.decode(section, SectionV1.METADATA_MAGIC, header.metadataOffset(), "metadata", name);
                md = Optional.of(new String(body, StandardCharsets.UTF_8));
            }
            metadata = md;
        }
        return md;
    }

    /** The user metadata parsed as JSON ({@code null} node when absent). */
    public JsonNode metadata() throws IOException {
        Optional<String> md = metadataJson();
        if (md.isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(md.get());
        } catch (IOException e) {
            throw new CorruptManifestException(name, header.metadataOffset(), "metadata is not valid JSON");
        }
    }

    /** The file, directory or symlink at {@code path} of a directory (or named single-file) archive. */
    public Optional<ArchiveFile> file(String path) throws IOException {
        Optional<ManifestEntry> e = manifest().find(path);
        return e.map(entry -> new ArchiveFile(this, entry));
    }

    /**
     * Reads up to {@code len} bytes of the logical stream at {@code offset} into {@code dst};
     * returns how many were read, or -1 when {@code offset} is at or past the end.
     */
    public int read(long offset, byte[] dst, int off, int len) throws IOException {
        if (offset < 0 || off < 0 || len < 0 || len > dst.length - off) {
            throw new IndexOutOfBoundsException("offset " + offset + ", buffer range " + off + "+" + len);
        }
        if (offset >= header.logicalSize()) {
            return len == 0 ? 0 : -1;
        }
        int[] at = {off};
        return readTo(offset, len, (src, from, n) -> {
            System.arraycopy(src, from, dst, at[0], n);
            at[0] += n;
        });
    }

    /**
     * Hands the bytes of {@code [offset, offset + len)} (cut at the end of the stream) to
     * {@code sink} in order, block by block, without copying them into a buffer first; returns
     * how many it handed over (0 at or past the end).
     */
    public int readTo(long offset, int len, ByteSink sink) throws IOException {
        if (offset < 0 || len < 0) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + len);
        }
        long size = header.logicalSize();
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - offset);
        int done = 0;
        long lastBlock = -1;
        while (done < n) {
            long pos = offset + done;
            int pageNo = pageFor(pos);
            IndexPage page = page(pageNo);
            int i = page.find(pos);
            int within = (int) (pos - page.logicalOffset(i));
            int take = Math.min(n - done, page.rawLength(i) - within);
            if (done == 0 && take < n && blockBudget > 0) {
                readAdjacentBlocksAtOnce(page, i, offset + n);
            }
            if (page.isZero(i)) {
                for (int z = 0; z < take; z += ZEROS.length) {
                    sink.accept(ZEROS, 0, Math.min(ZEROS.length, take - z));
                }
            } else {
                sink.accept(block(page, i), within, take);
            }
            lastBlock = page.blockNumber(i);
            done += take;
        }
        readAhead.afterRead(offset, n, lastBlock);
        return n;
    }

    /**
     * For a read from entry {@code i} of {@code page} to logical offset {@code end} that spans
     * several blocks, decodes the first run of them that is not cached and lies back to back in
     * one file (as a pack writes them) from a single read of the file, into the cache. Read one
     * block after the other, the second read starts where the first ended, so the kernel takes
     * them for a stream and reads ahead before returning: a 4 KiB read across a block boundary
     * (one in twenty at 64 KiB content-defined blocks) took 2.2 times as long as others from a
     * cold disk, and such reads were a third of a mount's slowest
     * percent. A run holds at most two of the archive's largest blocks, so none of them can push
     * another out of its cache segment before the read takes it. Only blocks of {@code page}.
     */
    private void readAdjacentBlocksAtOnce(IndexPage page, int i, long end) throws IOException {
        int first = i;
        while (first < page.size() && page.logicalOffset(first) < end && !fetchable(page, first)) {
            first++;
        }
        if (first >= page.size() || page.logicalOffset(first) >= end) {
            return;
        }
        // the run's decoded blocks must stay in the cache until this read takes them
        int last = first;
        long runBytes = page.storedLength(first);
        long rawBytes = page.rawLength(first);
        while (last + 1 < page.size() && page.logicalOffset(last + 1) < end && fetchable(page, last + 1)
                && page.source(last + 1) == page.source(first)
                && page.storedOffset(last + 1) == page.storedOffset(last) + page.storedLength(last)
                && runBytes + page.storedLength(last + 1) <= MAX_RUN_BYTES
                && rawBytes + page.rawLength(last + 1) <= Math.min(blockBudget / 2, 2 * largestBlock)) {
            last++;
            runBytes += page.storedLength(last);
            rawBytes += page.rawLength(last);
        }
        ArchiveFileView view = view(page.source(first));
        if (last == first || !view.storedInData(page.storedOffset(first), runBytes)) {
            return; // nothing to gain, or a damaged index: each block's own read reports it
        }
        // claimed like any decoding, so that a reader or a prefetch wanting one of them meanwhile
        // waits for this run instead of decoding the block a second time; the run ends before a
        // block someone else claimed since fetchable() looked
        List<CompletableFuture<byte[]>> claims = new ArrayList<>();
        for (int j = first; j <= last; j++) {
            CompletableFuture<byte[]> mine = new CompletableFuture<>();
            if (inFlight.putIfAbsent(cacheKey(page, j), mine) != null) {
                break;
            }
            claims.add(mine);
        }
        if (claims.size() < 2) {
            release(page, first, claims, 0); // one block is no run: the read decodes it on its own
            return;
        }
        last = first + claims.size() - 1;
        int decoded = 0;
        try {
            long bytes = page.storedOffset(last) + page.storedLength(last) - page.storedOffset(first);
            byte[] run = view.readRun(page.storedOffset(first), (int) bytes, page.blockNumber(first));
            for (int j = first; j <= last; j++) {
                byte[] raw = view.decodeStored(name, run, (int) (page.storedOffset(j) - page.storedOffset(first)),
                        false, page.blockNumber(j), page.logicalOffset(j), page.storedOffset(j), page.storedLength(j),
                        page.rawLength(j), page.crc(j), page.codec(j), page.hashArray(), j * 32);
                blockCache.put(cacheKey(page, j), raw);
                claims.get(decoded++).complete(raw);
            }
        } catch (TruncatedArchiveException e) {
            // the file ends inside the run: the read of the block that is cut off says which
        } finally {
            release(page, first, claims, decoded);
        }
    }

    /**
     * Gives up the claims on blocks {@code first, first + 1, …} of {@code page}; those from
     * {@code decoded} on were not decoded, and whoever waits for one decodes it itself (a damaged
     * block is reported there).
     */
    private void release(IndexPage page, int first, List<CompletableFuture<byte[]>> claims, int decoded) {
        for (int k = 0; k < claims.size(); k++) {
            if (k >= decoded) {
                claims.get(k).completeExceptionally(new IOException("not decoded by the run it was claimed for"));
            }
            inFlight.remove(cacheKey(page, first + k), claims.get(k));
        }
    }

    /** A block worth reading as part of a run: stored, not cached, not claimed by another decoding. */
    private boolean fetchable(IndexPage page, int i) {
        if (page.isZero(i)) {
            return false;
        }
        long key = cacheKey(page, i);
        return !blockCache.contains(key) && !inFlight.containsKey(key);
    }

    /** Reads exactly {@code len} bytes at {@code offset}, or throws {@link EOFException}. */
    public void readFully(long offset, byte[] dst, int off, int len) throws IOException {
        int n = len == 0 ? 0 : read(offset, dst, off, len);
        if (n != len) {
            throw new EOFException(name + ": read of " + len + " bytes at logical offset " + offset
                    + " passes the end (" + size() + " bytes)");
        }
    }

    /** Reads into {@code dst} from its position to its limit (or the end of the stream); returns the count or -1. */
    public int read(long offset, ByteBuffer dst) throws IOException {
        if (dst.hasArray()) {
            int n = read(offset, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] tmp = new byte[Math.min(dst.remaining(), 1 << 20)];
        int n = read(offset, tmp, 0, tmp.length);
        if (n > 0) {
            dst.put(tmp, 0, n);
        }
        return n;
    }

    /** A seekable stream over the whole logical stream. */
    public ArchiveInputStream openStream() {
        return new ArchiveInputStream(this, 0, size());
    }

    /** A read-only seekable channel over the whole logical stream. */
    public ArchiveChannel channel() {
        return new ArchiveChannel(this, 0, size());
    }

    /** Number of blocks in the index. */
    public long blockCount() {
        return header.blockCount();
    }

    /** Index entry number {@code number} (0-based, in stream order), reading its page if needed. */
    public BlockEntry entry(long number) throws IOException {
        int pageNo = pageOfBlock(number);
        if (pageNo < 0) {
            throw new IndexOutOfBoundsException(name + ": no block " + number + " (the archive has " + blockCount() + ")");
        }
        IndexPage p = page(pageNo);
        return p.entry((int) (number - p.blockNumber(0)));
    }

    /** The master index: where each index page is and which blocks it starts. */
    public List<PageDescriptor> pageDescriptors() {
        return List.of(pages);
    }

    /** Number of index pages. */
    public int pageCount() {
        return pages.length;
    }

    /** The index entries of page {@code pageNo} (for verify and inspect). */
    public BlockEntry[] pageEntries(int pageNo) throws IOException {
        IndexPage p = page(pageNo);
        BlockEntry[] out = new BlockEntry[p.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.entry(i);
        }
        return out;
    }

    /**
     * Reads a block's stored bytes, checks their checksum and decompresses them, without the
     * cache: what {@code verify} uses. Zero blocks decode to zeros.
     */
    public byte[] readBlock(BlockEntry e) throws IOException {
        if (e.isZero()) {
            return new byte[e.rawLength()];
        }
        return view(e.source()).decodeBlock(name, e.number(), e.logicalOffset(), e.storedOffset(), e.storedLength(),
                e.rawLength(), e.crc32c(), e.codec(), e.hash(), 0);
    }

    int pageFor(long offset) {
        int i = Arrays.binarySearch(pageFirstOffsets, offset);
        return i >= 0 ? i : -i - 2;
    }

    IndexPage page(int pageNo) throws IOException {
        IndexPage p = pageCache.get(pageNo);
        if (p == null) {
            PageDescriptor d = pages[pageNo];
            byte[] raw = view(d.source()).readPage(d);
            p = IndexPageV1.decode(raw, d, header, name);
            long expectedEnd = pageNo + 1 < pages.length ? pages[pageNo + 1].firstLogicalOffset() : header.logicalSize();
            if (p.logicalEnd() != expectedEnd) {
                throw new CorruptIndexException(name, d.pageOffset(), "index page " + pageNo + " ends at logical offset "
                        + p.logicalEnd() + ", expected " + expectedEnd);
            }
            pageCache.put(pageNo, p);
        }
        return p;
    }

    /**
     * Loads index pages in order into the page cache until about half of it is full (pages of
     * 1024 entries: 16 pages for a GiB of 64 KiB blocks). Opening an archive reads no pages, so
     * the first random reads each wait for a disk read of their page; a server calls this in
     * the background after it is ready to spare them that. Returns how many pages it loaded.
     */
    public int warmIndex() throws IOException {
        long budget = pageCacheBytes / 2;
        int n = 0;
        for (int p = 0; p < pages.length && pageCache.bytes() + 64L * 1024 < budget; p++) {
            page(p);
            n++;
        }
        return n;
    }

    /**
     * Drops every decoded block from the cache (index pages stay), so that the next read of
     * any block decodes it again: for a server that warms its whole read path, the decoding
     * included, before anyone reads.
     */
    public void forgetCachedBlocks() {
        blockCache.clear();
    }

    /**
     * The decompressed bytes of entry {@code i} of {@code page}, from the cache or the file. A
     * block not cached is decoded once however many threads want it at the same time: the first
     * claims it in {@link #inFlight} and the others wait for its result.
     */
    byte[] block(IndexPage page, int i) throws IOException {
        long key = cacheKey(page, i);
        byte[] raw = blockCache.get(key);
        if (raw != null) {
            return raw;
        }
        CompletableFuture<byte[]> mine = new CompletableFuture<>();
        CompletableFuture<byte[]> pending = inFlight.putIfAbsent(key, mine);
        if (pending == null) {
            return decodeClaimed(page, i, key, mine);
        }
        try {
            return pending.join();
        } catch (RuntimeException e) {
            // the other decoding failed; decode again here so the error surfaces with its own message
            raw = decodeBlock(page, i);
            blockCache.put(key, raw);
            return raw;
        }
    }

    /**
     * Decodes the block this thread claimed with {@code mine} into the cache (unless another
     * thread put it there between the caller's miss and its claim), hands the result or the
     * failure to whoever waits for it, and gives up the claim.
     */
    private byte[] decodeClaimed(IndexPage page, int i, long key, CompletableFuture<byte[]> mine) throws IOException {
        try {
            byte[] raw = blockCache.get(key);
            if (raw == null) {
                raw = decodeBlock(page, i);
                blockCache.put(key, raw);
            }
            mine.complete(raw);
            return raw;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Starts decoding a block in the background unless it is cached or already on its way. */
    void prefetch(long blockNumber) {
        try {
            int pageNo = pageOfBlock(blockNumber);
            if (pageNo < 0) {
                return;
            }
            IndexPage page = page(pageNo);
            int i = (int) (blockNumber - page.blockNumber(0));
            if (page.isZero(i)) {
                return;
            }
            long key = cacheKey(page, i);
            if (blockCache.contains(key) || inFlight.containsKey(key)) {
                return;
            }
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            if (inFlight.putIfAbsent(key, f) != null) {
                return;
            }
            try {
                ReadAhead.EXECUTOR.execute(() -> {
                    try {
                        decodeClaimed(page, i, key, f);
                    } catch (IOException | RuntimeException e) {
                        // handed to any reader waiting for the block, which decodes it again and reports it
                    }
                });
            } catch (RuntimeException e) {
                // not started: a reader waiting for the claim must not wait for ever
                f.completeExceptionally(e);
                inFlight.remove(key, f);
            }
        } catch (IOException | RuntimeException e) {
            // read-ahead is an optimisation: the demand read reports any damage itself
        }
    }

    private int pageOfBlock(long blockNumber) {
        if (blockNumber < 0 || blockNumber >= header.blockCount()) {
            return -1;
        }
        int lo = 0;
        int hi = pages.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (pages[mid].firstBlockNumber() <= blockNumber) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Blocks are cached by where they are stored: the archive of the chain and the offset in it. */
    private static long cacheKey(IndexPage page, int i) {
        return ((long) page.source(i) << 52) | page.storedOffset(i);
    }

    private byte[] decodeBlock(IndexPage page, int i) throws IOException {
        return view(page.source(i)).decodeBlock(name, page.blockNumber(i), page.logicalOffset(i), page.storedOffset(i),
                page.storedLength(i), page.rawLength(i), page.crc(i), page.codec(i), page.hashArray(), i * 32);
    }

    /** This archive's file (0) or ancestor k's. */
    private ArchiveFileView view(int source) throws AncestorNotOpenedException {
        return source == 0 ? self : chain.view(source);
    }

    @Override
    public void close() throws IOException {
        // zstd dictionaries are not freed here: a read-ahead task may still be decoding with one.
        // Their native memory goes with the garbage collector.
        blockCache.clear();
        try {
            source.close();
        } finally {
            chain.close();
        }
    }
}
