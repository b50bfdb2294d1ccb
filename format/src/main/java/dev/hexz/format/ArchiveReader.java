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
import dev.hexz.format.v1.Crc;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.IndexPage;
import dev.hexz.format.v1.IndexPageV1;
import dev.hexz.format.v1.ManifestV1;
import dev.hexz.format.v1.MasterIndexV1;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random access to an archive's logical bytes, its manifest and its metadata. Opening reads the
 * header and the master index only; index pages are read on first use and cached, and a block
 * is decompressed only when a read touches it. Thread-safe: any number of threads may read at once.
 */
public final class ArchiveReader implements Closeable {

    /** Created on first use: an ObjectMapper costs ~0.1 s of start-up, and most archives have no metadata. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final RandomAccessSource source;
    private final String name;
    private final ArchiveHeader header;
    private final PageDescriptor[] pages;
    private final long[] pageFirstOffsets;
    private final BoundedLruCache<Integer, IndexPage> pageCache;
    private final BoundedLruCache<Long, byte[]> blockCache;
    private final ConcurrentHashMap<Long, CompletableFuture<byte[]>> inFlight = new ConcurrentHashMap<>();
    private final ReadAhead readAhead;
    private volatile Manifest manifest;
    private volatile Optional<String> metadata;

    private ArchiveReader(RandomAccessSource source, ArchiveHeader header, PageDescriptor[] pages,
            ReaderOptions options) {
        this.source = source;
        this.name = source.name();
        this.header = header;
        this.pages = pages;
        this.pageFirstOffsets = Arrays.stream(pages).mapToLong(PageDescriptor::firstLogicalOffset).toArray();
        // Pages are small (64 bytes an entry); a quarter of the block budget, at least 4 MiB, holds
        // the index of a multi-terabyte archive's working set.
        this.pageCache = new BoundedLruCache<>(Math.max(4L << 20, options.cacheBytes() / 4), p -> 64L * p.size() + 128);
        this.blockCache = new BoundedLruCache<>(options.cacheBytes(), b -> b.length + 16L);
        // Prefetched blocks live in the cache; without room for the window they would be decoded
        // and thrown away, so a cache smaller than the window turns read-ahead off.
        long windowBytes = (long) options.readAheadBlocks() * header.chunking().maxSize();
        this.readAhead = new ReadAhead(this, options.cacheBytes() >= 2 * windowBytes ? options.readAheadBlocks() : 0);
    }

    /** Opens the archive file at {@code path} with default cache and read-ahead. */
    public static ArchiveReader open(Path path) throws IOException {
        return open(path, ReaderOptions.defaults());
    }

    public static ArchiveReader open(Path path, ReaderOptions options) throws IOException {
        FileSource src = FileSource.open(path);
        try {
            return open(src, options);
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /**
     * Opens an archive over any source. Reads and checks the header and the master index;
     * every count and length is checked against the source's size before anything is allocated.
     */
    public static ArchiveReader open(RandomAccessSource source, ReaderOptions options) throws IOException {
        long size = source.size();
        byte[] head = source.readBytes(0, (int) Math.min(size, HeaderV1.SIZE));
        ArchiveHeader header = HeaderV1.decode(head, size, source.name());
        byte[] master = source.readBytes(header.masterIndexOffset(), (int) header.masterIndexLength());
        PageDescriptor[] pages = MasterIndexV1.decode(master, header, source.name());
        return new ArchiveReader(source, header, pages, options);
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
            if (header.manifestLength() == 0) {
                m = Manifest.empty();
            } else {
                byte[] section = source.readBytes(header.manifestOffset(), (int) header.manifestLength());
                byte[] body = SectionV1.decode(section, SectionV1.MANIFEST_MAGIC, header.manifestOffset(), "manifest", name);
                m = ManifestV1.decode(body, header.logicalSize(), header.manifestOffset(), name);
            }
            manifest = m;
        }
        return m;
    }

    /** The user metadata as a JSON text, if the writer gave any. */
    public Optional<String> metadataJson() throws IOException {
        Optional<String> md = metadata;
        if (md == null) {
            if (header.metadataLength() == 0) {
                md = Optional.empty();
            } else {
                byte[] section = source.readBytes(header.metadataOffset(), (int) header.metadataLength());
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
        long size = header.logicalSize();
        if (offset >= size) {
            return len == 0 ? 0 : -1;
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
            if (page.isZero(i)) {
                Arrays.fill(dst, off + done, off + done + take, (byte) 0);
            } else {
                byte[] raw = block(page, i);
                System.arraycopy(raw, within, dst, off + done, take);
            }
            lastBlock = page.blockNumber(i);
            done += take;
        }
        readAhead.afterRead(offset, n, lastBlock);
        return n;
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
        return decode(e.number(), e.logicalOffset(), e.storedOffset(), e.storedLength(), e.rawLength(), e.crc32c(),
                e.codec());
    }

    int pageFor(long offset) {
        int i = Arrays.binarySearch(pageFirstOffsets, offset);
        return i >= 0 ? i : -i - 2;
    }

    IndexPage page(int pageNo) throws IOException {
        IndexPage p = pageCache.get(pageNo);
        if (p == null) {
            PageDescriptor d = pages[pageNo];
            byte[] raw = readRange(d.pageOffset(), d.pageLength(), "index page " + pageNo);
            p = IndexPageV1.decode(raw, d, d.firstBlockNumber(), header, name);
            long expectedEnd = pageNo + 1 < pages.length ? pages[pageNo + 1].firstLogicalOffset() : header.logicalSize();
            if (p.logicalEnd() != expectedEnd) {
                throw new CorruptIndexException(name, d.pageOffset(), "index page " + pageNo + " ends at logical offset "
                        + p.logicalEnd() + ", expected " + expectedEnd);
            }
            pageCache.put(pageNo, p);
        }
        return p;
    }

    /** The decompressed bytes of entry {@code i} of {@code page}, from the cache or the file. */
    byte[] block(IndexPage page, int i) throws IOException {
        long key = page.storedOffset(i);
        byte[] raw = blockCache.get(key);
        if (raw != null) {
            return raw;
        }
        CompletableFuture<byte[]> pending = inFlight.get(key);
        if (pending != null) {
            try {
                return pending.join();
            } catch (RuntimeException e) {
                // the prefetch failed; decode again here so the error surfaces with its own message
            }
        }
        raw = decode(page.blockNumber(i), page.logicalOffset(i), key, page.storedLength(i), page.rawLength(i),
                page.crc(i), page.codec(i));
        blockCache.put(key, raw);
        return raw;
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
            long key = page.storedOffset(i);
            if (blockCache.contains(key) || inFlight.containsKey(key)) {
                return;
            }
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            if (inFlight.putIfAbsent(key, f) != null) {
                return;
            }
            ReadAhead.EXECUTOR.execute(() -> {
                try {
                    byte[] raw = decode(page.blockNumber(i), page.logicalOffset(i), key, page.storedLength(i),
                            page.rawLength(i), page.crc(i), page.codec(i));
                    blockCache.put(key, raw);
                    f.complete(raw);
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                } finally {
                    inFlight.remove(key, f);
                }
            });
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

    private byte[] decode(long blockNumber, long logicalOffset, long storedOffset, int storedLength, int rawLength,
            int crc, CodecId codec) throws IOException {
        byte[] stored = readRange(storedOffset, storedLength, "block " + blockNumber);
        int actual = Crc.crc32c(stored, 0, storedLength);
        if (actual != crc) {
            throw new CorruptBlockException(name, blockNumber, logicalOffset, storedOffset, String.format(
                    "checksum mismatch: index says %08x, stored bytes give %08x", crc, actual));
        }
        if (codec == CodecId.NONE) {
            if (storedLength != rawLength) {
                throw new CorruptBlockException(name, blockNumber, logicalOffset, storedOffset,
                        "uncompressed block holds " + storedLength + " bytes, expected " + rawLength);
            }
            return stored;
        }
        byte[] raw = new byte[rawLength];
        try {
            BlockCodec.forDecoding(codec).decompress(stored, 0, storedLength, raw, 0, rawLength);
        } catch (BlockCodecException e) {
            throw new CorruptBlockException(name, blockNumber, logicalOffset, storedOffset, e.getMessage());
        }
        return raw;
    }

    private byte[] readRange(long offset, int length, String what) throws IOException {
        try {
            return source.readBytes(offset, length);
        } catch (EOFException e) {
            throw new TruncatedArchiveException(name, offset, what + " lies past the end of the file");
        }
    }

    @Override
    public void close() throws IOException {
        blockCache.clear();
        source.close();
    }
}
