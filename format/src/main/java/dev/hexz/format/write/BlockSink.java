package dev.hexz.format.write;

import dev.hexz.format.BlockEntry;
import dev.hexz.format.ChainBlockLookup;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.hash.BlockHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;

/**
 * The in-order end of the pipeline: decides, chunk by chunk in stream order, whether a block is
 * zero, a duplicate of a block already stored, or new; writes new blocks to the data region and
 * records every chunk in the index. A reference chunk (a region of a changed file known to equal
 * a parent entry) is recorded as a copy of that entry. Running in order is what makes the output
 * deterministic whatever the number of threads.
 */
final class BlockSink {

    private record Stored(long offset, int length, int crc, byte codec) {
    }

    private final FileChannel out;
    private final IndexBuilder index;
    private final HashMap<BlockHash, Stored> stored = new HashMap<>();
    /** Writes the data region past the page cache, or null: then it goes through {@link #buffer}. */
    private DirectWriter direct;
    private ByteBuffer buffer;
    private long dataEnd;
    private long logical;
    private long unique;
    private long dedup;
    private long zero;
    private final ParentBlocks parent;
    private final ChainBlockLookup chain;
    private long referenced;
    private long referencedBytes;

    /**
     * @param out the archive file, where the data region starts at {@code dataStart}
     * @param path its path, to open it for direct writes (see {@link DirectWriter}); null for none
     * @param parent a thin archive's parent's blocks (null for an archive that stands alone)
     * @param chain blocks only deeper ancestors store
     */
    BlockSink(FileChannel out, Path path, long dataStart, IndexBuilder index, ParentBlocks parent,
            ChainBlockLookup chain) {
        this.out = out;
        this.dataEnd = dataStart;
        this.index = index;
        this.parent = parent;
        this.chain = chain;
        this.direct = path == null ? null : DirectWriter.open(path, dataStart);
    }

    void accept(Segment s) throws IOException {
        for (int i = 0; i < s.count; i++) {
            int raw = s.length[i];
            if (s.isRef(i)) {
                acceptReference(s, i);
            } else if (s.zero[i]) {
                index.add(logical, 0, raw, 0, 0, CodecId.NONE, BlockEntry.FLAG_ZERO, 0, s.hashes, i * 32, -1);
                zero++;
            } else {
                BlockHash h = BlockHash.of(s.hashes, i * 32);
                ParentBlocks.Entry inParent = parent == null ? null : parent.find(h);
                Stored prev = inParent == null ? stored.get(h) : null;
                ChainBlockLookup.ChainBlock deeper = inParent == null && prev == null && parent != null
                        ? chain.find(Arrays.copyOfRange(s.hashes, i * 32, i * 32 + 32), raw).orElse(null) : null;
                if (deeper != null) {
                    // dropped by the parent but still stored further up the chain
                    index.add(logical, deeper.storedOffset(), raw, deeper.storedLength(), deeper.crc32c(),
                            deeper.codec(), 0, deeper.source(), s.hashes, i * 32, -1);
                    referenced++;
                    referencedBytes += raw;
                } else if (inParent != null) {
                    // in the chain already: copy where it is stored, so reads cost O(1) at any depth
                    index.add(logical, inParent.storedOffset(), raw, inParent.storedLength(), inParent.crc(),
                            inParent.codec(), 0, inParent.childSource(), s.hashes, i * 32, inParent.number());
                    referenced++;
                    referencedBytes += raw;
                } else if (prev != null) {
                    index.add(logical, prev.offset, raw, prev.length, prev.crc, CodecId.ofCode(prev.codec),
                            BlockEntry.FLAG_DUPLICATE, 0, s.hashes, i * 32, -1);
                    dedup++;
                } else {
                    long at = append(s.out, s.outOff[i], s.outLen[i]);
                    stored.put(h, new Stored(at, s.outLen[i], s.crc[i], s.codec[i]));
                    index.add(logical, at, raw, s.outLen[i], s.crc[i], CodecId.ofCode(s.codec[i]), 0, 0, s.hashes, i * 32,
                            -1);
                    unique++;
                }
            }
            logical += raw;
        }
    }

    /**
     * Records a reference chunk as an exact copy of the parent's entry (a zero block stays a
     * zero block), naming that entry so that a run of copies can share the parent's page.
     */
    private void acceptReference(Segment s, int i) {
        long number = s.ref[i];
        int raw = s.length[i];
        if (s.zero[i]) {
            index.add(logical, 0, raw, 0, 0, CodecId.NONE, BlockEntry.FLAG_ZERO, 0, s.hashes, i * 32, number);
            zero++;
            return;
        }
        ParentBlocks.Entry p = parent.entry(number);
        index.add(logical, p.storedOffset(), raw, p.storedLength(), p.crc(), p.codec(), 0, p.childSource(), s.hashes,
                i * 32, number);
        referenced++;
        referencedBytes += raw;
    }

    private long append(byte[] b, int off, int len) throws IOException {
        if (direct != null) {
            long at = direct.position();
            direct.write(b, off, len);
            return at;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(4 << 20);
        }
        long at = dataEnd + buffer.position();
        if (buffer.remaining() < len) {
            flush();
            at = dataEnd;
            if (len > buffer.capacity()) {
                writeFully(ByteBuffer.wrap(b, off, len));
                return at;
            }
        }
        buffer.put(b, off, len);
        return at;
    }

    /** Writes everything appended so far; afterwards {@link #dataEnd()} is where the file's data ends. */
    void flush() throws IOException {
        if (direct != null) {
            // the direct writer is done: the rest (less than one block) and anything appended
            // after this goes through the page cache
            long end = direct.position();
            ByteBuffer rest = direct.finish();
            direct = null;
            dataEnd = end - rest.remaining();
            writeFully(rest);
            return;
        }
        if (buffer == null) {
            return;
        }
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    /** Releases the direct writer's thread and channel if {@link #flush()} did not (a failed pack). */
    void close() throws IOException {
        if (direct != null) {
            direct.close();
            direct = null;
        }
    }

    private void writeFully(ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            dataEnd += out.write(buf, dataEnd);
        }
    }

    long dataEnd() {
        return direct != null ? direct.position() : dataEnd + (buffer == null ? 0 : buffer.position());
    }

    long logicalSize() {
        return logical;
    }

    long uniqueBlocks() {
        return unique;
    }

    long dedupBlocks() {
        return dedup;
    }

    long zeroBlocks() {
        return zero;
    }

    long referencedBlocks() {
        return referenced;
    }

    long referencedBytes() {
        return referencedBytes;
    }
}
