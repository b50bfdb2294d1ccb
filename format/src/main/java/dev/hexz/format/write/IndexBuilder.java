package dev.hexz.format.write;

import dev.hexz.format.codec.CodecId;
import dev.hexz.format.hash.Blake3;
import dev.hexz.format.v1.IndexPageV1;
import dev.hexz.format.v1.PageDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects block entries into sealed index pages, then writes the pages after the data region
 * and describes them for the master index. Pages are kept in memory until then: 64 bytes per
 * block, about 1 MiB per GiB of input at the default chunk size.
 */
final class IndexBuilder {

    private final int capacity;
    private final List<byte[]> sealed = new ArrayList<>();
    private final List<long[]> sealedInfo = new ArrayList<>(); // {firstLogical, entries}
    private byte[] page;
    private int entries;
    private long pageFirstLogical;
    private long blocks;

    IndexBuilder(int capacity) {
        this.capacity = capacity;
    }

    void add(long logicalOffset, long storedOffset, int rawLength, int storedLength, int crc, CodecId codec, int flags,
            int source, byte[] hash, int hashOff) {
        if (page == null) {
            page = new byte[IndexPageV1.encodedLength(capacity)];
            entries = 0;
            pageFirstLogical = logicalOffset;
        }
        IndexPageV1.putEntry(page, entries++, logicalOffset - pageFirstLogical, storedOffset, rawLength, storedLength,
                crc, codec, flags, source, hash, hashOff);
        blocks++;
        if (entries == capacity) {
            seal();
        }
    }

    private void seal() {
        int len = IndexPageV1.seal(page, entries);
        sealed.add(len == page.length ? page : java.util.Arrays.copyOf(page, len));
        sealedInfo.add(new long[] {pageFirstLogical, entries});
        page = null;
    }

    long blocks() {
        return blocks;
    }

    /**
     * Writes every page at {@code position} onwards, feeding their bytes to {@code digest} (the
     * archive's index digest); returns their descriptors.
     */
    List<PageDescriptor> writePages(FileChannel out, long position, Blake3.Hasher digest) throws IOException {
        if (page != null) {
            seal();
        }
        List<PageDescriptor> descriptors = new ArrayList<>(sealed.size());
        long pos = position;
        long firstBlock = 0;
        for (int i = 0; i < sealed.size(); i++) {
            byte[] p = sealed.get(i);
            long[] info = sealedInfo.get(i);
            int n = (int) info[1];
            descriptors.add(new PageDescriptor(i, info[0], pos, p.length, n, IndexPageV1.storedCrc(p, n), 0, firstBlock));
            digest.update(p, 0, p.length);
            ByteBuffer buf = ByteBuffer.wrap(p);
            while (buf.hasRemaining()) {
                pos += out.write(buf, pos);
            }
            firstBlock += n;
        }
        return descriptors;
    }
}
