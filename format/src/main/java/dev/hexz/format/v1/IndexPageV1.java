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
 * 64-byte entries, and a CRC-32C of everything before it. Entries hold logical offsets relative
 * to the page's start and sources relative to the archive that wrote the page, so a thin archive
 * can share an ancestor's page by reference even when the page sits elsewhere in its stream.
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
    public static int seal(byte[] page, int entries) {
        System.arraycopy(MAGIC, 0, page, 0, 4);
        put32(page, 4, entries);
        put64(page, 8, 0); // reserved
        int end = HEADER + ENTRY * entries;
        put32(page, end, Crc.crc32c(page, 0, end));
        return end + TRAILER;
    }

    /** The checksum {@link #seal} stored (what the master index repeats for this page). */
    public static int storedCrc(byte[] page, int entries) {
        return i32(page, HEADER + ENTRY * entries);
    }

    /**
     * Decodes a page described by {@code d}, checking it against the descriptor and the header:
     * checksum, entry count, contiguity of logical offsets, lengths within the chunking bounds,
     * sources within the chain, and for blocks stored in this archive the data region. Entry
     * sources are translated to this archive's numbering: a page from ancestor k says 0 for its
     * own blocks (ancestor k here) and j for its j-th ancestor (ancestor k + j here).
     */
    public static IndexPage decode(byte[] b, PageDescriptor d, ArchiveHeader h, String name)
            throws CorruptIndexException {
        long at = d.pageOffset();
        int n = d.entryCount();
        String page = "index page " + d.pageNumber() + (d.source() == 0 ? "" : " (in ancestor " + d.source() + ")");
        if (b.length != encodedLength(n) || b[0] != MAGIC[0] || b[1] != MAGIC[1] || b[2] != MAGIC[2]
                || b[3] != MAGIC[3]) {
            throw new CorruptIndexException(name, at, page + " has no page magic");
        }
        int stored = i32(b, b.length - TRAILER);
        int actual = Crc.crc32c(b, 0, b.length - TRAILER);
        if (stored != actual || stored != d.crc32c()) {
            throw new CorruptIndexException(name, at, String.format(
                    "%s checksum mismatch: stored %08x, master index says %08x, computed %08x",
                    page, stored, d.crc32c(), actual));
        }
        if (u32(b, 4) != n) {
            throw new CorruptIndexException(name, at, page + " disagrees with the master index about its entries");
        }
        long firstBlockNumber = d.firstBlockNumber();
        IndexPage p = new IndexPage(firstBlockNumber, n);
        long expectRelative = 0;
        int maxRaw = h.chunking().maxSize();
        long dataStart = h.dataOffset();
        long dataEnd = h.dataOffset() + h.dataLength();
        for (int i = 0; i < n; i++) {
            int o = HEADER + ENTRY * i;
            long entryAt = at + o;
            long block = firstBlockNumber + i;
            long relative = i64(b, o);
            long storedOffset = i64(b, o + 8);
            long raw = u32(b, o + 16);
            long storedLen = u32(b, o + 20);
            int codecCode = u8(b, o + 28);
            int flags = u8(b, o + 29);
            int writtenSource = u16(b, o + 30);
            int source = writtenSource == 0 ? d.source() : d.source() + writtenSource;
            CodecId codec = CodecId.ofCode(codecCode);
            if (relative != expectRelative) {
                throw new CorruptIndexException(name, entryAt, "block " + block + " starts at offset " + relative
                        + " of its page, expected " + expectRelative);
            }
            if (raw < 1 || raw > maxRaw) {
                throw new CorruptIndexException(name, entryAt, "block " + block + " has raw length "
                        + raw + " outside 1.." + maxRaw);
            }
            if (codec == null) {
                throw new CorruptIndexException(name, entryAt, "block " + block + " has unknown codec " + codecCode);
            }
            if (source > h.chainDepth()) {
                throw new CorruptIndexException(name, entryAt, "block " + block + " is stored in ancestor " + source
                        + " but the archive has " + h.chainDepth() + " ancestors");
            }
            if ((flags & BlockEntry.FLAG_ZERO) != 0) {
                if (storedLen != 0) {
                    throw new CorruptIndexException(name, entryAt, "zero block " + block + " claims " + storedLen
                            + " stored bytes");
                }
            } else {
                long bound = (codec == CodecId.NONE ? raw : BlockCodec.maxStoredLength(codec, (int) raw)) + h.sealOverhead();
                if (storedLen < 1 || storedLen > bound) {
                    throw new CorruptIndexException(name, entryAt, "block " + block + " claims " + storedLen
                            + " stored bytes for " + raw + " raw bytes");
                }
                // blocks stored in an ancestor are checked against its data region when read
                if (source == 0 && (storedOffset < dataStart || storedOffset > dataEnd
                        || storedLen > dataEnd - storedOffset)) {
                    throw new CorruptIndexException(name, entryAt, "block " + block
                            + " stored range [" + storedOffset + ", +" + storedLen
                            + ") lies outside the data region [" + dataStart + ", " + dataEnd + ")");
                }
            }
            p.logicalOffset[i] = d.firstLogicalOffset() + relative;
            p.storedOffset[i] = storedOffset;
            p.rawLength[i] = (int) raw;
            p.storedLength[i] = (int) storedLen;
            p.crc[i] = i32(b, o + 24);
            p.codec[i] = (byte) codecCode;
            p.flags[i] = (byte) flags;
            p.source[i] = (short) source;
            System.arraycopy(b, o + 32, p.hashes, i * 32, 32);
            expectRelative = relative + raw;
        }
        return p;
    }
}
