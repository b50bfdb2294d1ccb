package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.i32;
import static dev.hexz.format.v1.LittleEndian.i64;
import static dev.hexz.format.v1.LittleEndian.put16;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.put64;
import static dev.hexz.format.v1.LittleEndian.u16;
import static dev.hexz.format.v1.LittleEndian.u32;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.CorruptIndexException;
import java.util.List;

/**
 * The byte layout of the master index (format/SPEC.md, "Master index"): one 32-byte descriptor
 * per index page, so that opening an archive reads this small table and no page.
 */
public final class MasterIndexV1 {

    static final byte[] MAGIC = {'H', 'X', 'M', 'I'};
    static final int HEADER = 8;
    static final int DESCRIPTOR = 32;

    private MasterIndexV1() {
    }

    static int overhead() {
        return HEADER + 4;
    }

    public static byte[] encode(List<PageDescriptor> pages) {
        byte[] b = new byte[HEADER + DESCRIPTOR * pages.size() + 4];
        System.arraycopy(MAGIC, 0, b, 0, 4);
        put32(b, 4, pages.size());
        int o = HEADER;
        for (PageDescriptor d : pages) {
            put64(b, o, d.firstLogicalOffset());
            put64(b, o + 8, d.pageOffset());
            put32(b, o + 16, d.pageLength());
            put32(b, o + 20, d.entryCount());
            put32(b, o + 24, d.crc32c());
            put16(b, o + 28, d.source());
            // o + 30: u16 reserved
            o += DESCRIPTOR;
        }
        put32(b, o, Crc.crc32c(b, 0, o));
        return b;
    }

    /**
     * Decodes the master index; {@code b} is exactly the header's master index range. Checks the
     * page count against the length before anything is allocated, every page's range against the
     * index region that lies between the data region and the master index, and that pages start
     * at logical offset 0 and follow each other.
     */
    public static PageDescriptor[] decode(byte[] b, ArchiveHeader h, String name) throws CorruptIndexException {
        long at = h.masterIndexOffset();
        if (b[0] != MAGIC[0] || b[1] != MAGIC[1] || b[2] != MAGIC[2] || b[3] != MAGIC[3]) {
            throw new CorruptIndexException(name, at, "master index has no magic");
        }
        long count = u32(b, 4);
        if (HEADER + DESCRIPTOR * count + 4 != b.length) {
            throw new CorruptIndexException(name, at + 4, "master index claims " + count + " pages but holds "
                    + (b.length - HEADER - 4) / DESCRIPTOR);
        }
        if (count != h.pageCount()) {
            throw new CorruptIndexException(name, at + 4, "master index holds " + count
                    + " pages, the header says " + h.pageCount());
        }
        int stored = i32(b, b.length - 4);
        int actual = Crc.crc32c(b, 0, b.length - 4);
        if (stored != actual) {
            throw new CorruptIndexException(name, at + b.length - 4, String.format(
                    "master index checksum mismatch: stored %08x, computed %08x", stored, actual));
        }
        long regionStart = h.dataOffset() + h.dataLength();
        long regionEnd = h.masterIndexOffset();
        PageDescriptor[] pages = new PageDescriptor[(int) count];
        long blocks = 0;
        long prevFirst = -1;
        for (int i = 0; i < count; i++) {
            int o = HEADER + DESCRIPTOR * i;
            long first = i64(b, o);
            long pageOffset = i64(b, o + 8);
            long pageLength = u32(b, o + 16);
            long entries = u32(b, o + 20);
            int source = u16(b, o + 28);
            int capacity = source == 0 ? h.pageCapacity() : HeaderV1.MAX_PAGE_CAPACITY;
            if (entries < 1 || entries > capacity || pageLength != IndexPageV1.encodedLength((int) entries) + h.sealOverhead()) {
                throw new CorruptIndexException(name, at + o, "index page " + i + " claims " + entries
                        + " entries in " + pageLength + " bytes (page capacity " + capacity + ")");
            }
            if (source > h.chainDepth()) {
                throw new CorruptIndexException(name, at + o, "index page " + i + " is in ancestor " + source
                        + " but the archive has " + h.chainDepth() + " ancestors");
            }
            if (source == 0 && (pageOffset < regionStart || pageOffset > regionEnd || pageLength > regionEnd - pageOffset)) {
                throw new CorruptIndexException(name, at + o, "index page " + i + " at [" + pageOffset + ", +"
                        + pageLength + ") lies outside the index region [" + regionStart + ", " + regionEnd + ")");
            }
            if ((i == 0 && first != 0) || (i > 0 && first <= prevFirst) || first >= h.logicalSize()) {
                throw new CorruptIndexException(name, at + o, "index page " + i + " starts at logical offset "
                        + first + ", out of order or past the logical size " + h.logicalSize());
            }
            pages[i] = new PageDescriptor(i, first, pageOffset, (int) pageLength, (int) entries, i32(b, o + 24), source,
                    blocks);
            blocks += entries;
            prevFirst = first;
        }
        if (blocks != h.blockCount()) {
            throw new CorruptIndexException(name, at, "index pages hold " + blocks + " blocks, the header says "
                    + h.blockCount());
        }
        if (count == 0 && h.logicalSize() != 0) {
            throw new CorruptIndexException(name, at, "no index pages for a logical size of " + h.logicalSize());
        }
        return pages;
    }
}
