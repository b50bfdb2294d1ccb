package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.i32;
import static dev.hexz.format.v1.LittleEndian.i64;
import static dev.hexz.format.v1.LittleEndian.put16;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.put64;
import static dev.hexz.format.v1.LittleEndian.put8;
import static dev.hexz.format.v1.LittleEndian.u16;
import static dev.hexz.format.v1.LittleEndian.u32;
import static dev.hexz.format.v1.LittleEndian.u8;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.CorruptIndexException;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.CodecId;

/**
 * The byte layout of an index page (format/SPEC.md, "Index pages"): a 16-byte page header,
 * 64-byte entries, and a CRC-32C of everything before it.
 */
public final class IndexPageV1 {

    static final byte[] MAGIC = {'H', 'X', 'P', 'G'};
    public static final int HEADER = 16;
    public static final int ENTRY = 64;
    public static final int TRAILER = 4;

    private IndexPageV1() {
    }

    public static int encodedLength(int entries) {
        return HEADER + ENTRY * entries + TRAILER;
    }

    /** Appends entry {@code i} of a page under construction. */
    public static void putEntry(byte[] page, int i, long logicalOffset, long storedOffset, int rawLength,
            int storedLength, int crc, CodecId codec, int flags, int source, byte[] hash, int hashOff) {
        int o = HEADER + ENTRY * i;
        put64(page, o, logicalOffset);
        put64(page, o + 8, storedOffset);
        put32(page, o + 16, rawLength);
        put32(page, o + 20, storedLength);
        put32(page, o + 24, crc);
        put8(page, o + 28, codec.code());
        put8(page, o + 29, flags);
        put16(page, o + 30, source);
        System.arraycopy(hash, hashOff, page, o + 32, 32);
    }

    /** Writes the page header and checksum around {@code entries} entries already put; returns the length. */
    public static int seal(byte[] page, int entries, long firstLogicalOffset) {
        System.arraycopy(MAGIC, 0, page, 0, 4);
        put32(page, 4, entries);
        put64(page, 8, firstLogicalOffset);
        int end = HEADER + ENTRY * entries;
        put32(page, end, Crc.crc32c(page, 0, end));
        return end + TRAILER;
    }

    /** The checksum {@link #seal} stored (what the master index repeats for this page). */
    public static int storedCrc(byte[] page, int entries) {
        return i32(page, HEADER + ENTRY * entries);
    }

    /**
     * Decodes a page read from {@code pageOffset}, checking it against its descriptor and the
     * header: checksum, contiguity of logical offsets, lengths within the chunking bounds, stored
     * ranges inside the data region.
     */
    public static IndexPage decode(byte[] b, PageDescriptor d, long firstBlockNumber, ArchiveHeader h,
            String name) throws CorruptIndexException {
        long at = d.pageOffset();
        int n = d.entryCount();
        if (b.length != encodedLength(n) || b[0] != MAGIC[0] || b[1] != MAGIC[1] || b[2] != MAGIC[2]
                || b[3] != MAGIC[3]) {
            throw new CorruptIndexException(name, at, "index page " + d.pageNumber() + " has no page magic");
        }
        int stored = i32(b, b.length - TRAILER);
        int actual = Crc.crc32c(b, 0, b.length - TRAILER);
        if (stored != actual || stored != d.crc32c()) {
            throw new CorruptIndexException(name, at, String.format(
                    "index page %d checksum mismatch: stored %08x, master index says %08x, computed %08x",
                    d.pageNumber(), stored, d.crc32c(), actual));
        }
        if (u32(b, 4) != n || i64(b, 8) != d.firstLogicalOffset()) {
            throw new CorruptIndexException(name, at, "index page " + d.pageNumber()
                    + " disagrees with the master index about its entries");
        }
        IndexPage p = new IndexPage(firstBlockNumber, n);
        long expectOffset = d.firstLogicalOffset();
        int maxRaw = h.chunking().maxSize();
        long dataStart = h.dataOffset();
        long dataEnd = h.dataOffset() + h.dataLength();
        for (int i = 0; i < n; i++) {
            int o = HEADER + ENTRY * i;
            long entryAt = at + o;
            long logical = i64(b, o);
            long storedOffset = i64(b, o + 8);
            long raw = u32(b, o + 16);
            long storedLen = u32(b, o + 20);
            int codecCode = u8(b, o + 28);
            int flags = u8(b, o + 29);
            int source = u16(b, o + 30);
            CodecId codec = CodecId.ofCode(codecCode);
            if (logical != expectOffset) {
                throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i)
                        + " starts at logical offset " + logical + ", expected " + expectOffset);
            }
            if (raw < 1 || raw > maxRaw) {
                throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i) + " has raw length "
                        + raw + " outside 1.." + maxRaw);
            }
            if (codec == null) {
                throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i)
                        + " has unknown codec " + codecCode);
            }
            if (codec == CodecId.ZSTD_DICT && h.dictionaryLength() == 0) {
                throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i)
                        + " needs the archive's zstd dictionary, but the archive has none");
            }
            if (source != 0) {
                throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i)
                        + " refers to ancestor " + source + " but the archive has no parent");
            }
            if ((flags & BlockEntry.FLAG_ZERO) != 0) {
                if (storedLen != 0) {
                    throw new CorruptIndexException(name, entryAt, "zero block " + (firstBlockNumber + i)
                            + " claims " + storedLen + " stored bytes");
                }
            } else {
                long bound = codec == CodecId.NONE ? raw : BlockCodec.maxStoredLength(codec, (int) raw);
                if (storedLen < 1 || storedLen > bound || storedOffset < dataStart || storedOffset > dataEnd
                        || storedLen > dataEnd - storedOffset) {
                    throw new CorruptIndexException(name, entryAt, "block " + (firstBlockNumber + i)
                            + " stored range [" + storedOffset + ", +" + storedLen
                            + ") lies outside the data region [" + dataStart + ", " + dataEnd + ")");
                }
            }
            p.logicalOffset[i] = logical;
            p.storedOffset[i] = storedOffset;
            p.rawLength[i] = (int) raw;
            p.storedLength[i] = (int) storedLen;
            p.crc[i] = i32(b, o + 24);
            p.codec[i] = (byte) codecCode;
            p.flags[i] = (byte) flags;
            p.source[i] = (short) source;
            System.arraycopy(b, o + 32, p.hashes, i * 32, 32);
            expectOffset = logical + raw;
        }
        return p;
    }
}
