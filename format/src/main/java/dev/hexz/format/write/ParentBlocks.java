package dev.hexz.format.write;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.hash.BlockHash;
import dev.hexz.format.v1.PageDescriptor;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What a thin writer knows of its parent: every entry of the parent's index (its own blocks and
 * those it references up the chain) with the location a child entry must copy, and the parent's
 * page boundaries, so that runs of identical entries can share the parent's pages, and where
 * each entry sits in the parent's logical stream, so that an unchanged region of a file is
 * found by offset without reading it. Built once per pack from the parent's index, about 80
 * bytes an entry; nothing deeper is read.
 */
public final class ParentBlocks {

    /** A block of the parent as a child entry records it (source in the child's numbering). */
    record Entry(long number, long storedOffset, int storedLength, int crc, CodecId codec, int childSource) {
    }

    private final Map<BlockHash, Long> firstByHash;
    private final Map<Long, PageDescriptor> pagesByFirstBlock;
    private final long[] logicalOffset;
    private final long[] storedOffset;
    private final int[] storedLength;
    private final int[] rawLength;
    private final int[] crc;
    private final byte[] codec;
    private final short[] childSource;
    private final boolean[] zero;
    private final byte[] hashes;

    private ParentBlocks(int n) {
        firstByHash = new HashMap<>(n * 2 + 16);
        pagesByFirstBlock = new HashMap<>();
        logicalOffset = new long[n];
        storedOffset = new long[n];
        storedLength = new int[n];
        rawLength = new int[n];
        crc = new int[n];
        codec = new byte[n];
        childSource = new short[n];
        zero = new boolean[n];
        hashes = new byte[n * 32];
    }

    /** Reads the parent's whole index. */
    public static ParentBlocks of(ArchiveReader parent) throws IOException {
        if (parent.blockCount() > Integer.MAX_VALUE / 32) {
            throw new IOException(parent.name() + ": too many blocks to use as a parent (" + parent.blockCount() + ")");
        }
        ParentBlocks b = new ParentBlocks((int) parent.blockCount());
        for (int p = 0; p < parent.pageCount(); p++) {
            for (BlockEntry e : parent.pageEntries(p)) {
                int i = (int) e.number();
                b.logicalOffset[i] = e.logicalOffset();
                b.storedOffset[i] = e.storedOffset();
                b.storedLength[i] = e.storedLength();
                b.rawLength[i] = e.rawLength();
                b.crc[i] = e.crc32c();
                b.codec[i] = (byte) e.codec().code();
                b.childSource[i] = (short) (e.source() + 1);
                b.zero[i] = e.isZero();
                System.arraycopy(e.hash(), 0, b.hashes, i * 32, 32);
                if (!e.isZero()) {
                    b.firstByHash.putIfAbsent(BlockHash.of(e.hash(), 0), e.number());
                }
            }
        }
        for (PageDescriptor d : parent.pageDescriptors()) {
            b.pagesByFirstBlock.put(d.firstBlockNumber(), d);
        }
        return b;
    }

    /** The parent's first entry holding {@code hash}, or null. */
    Entry find(BlockHash hash) {
        Long n = firstByHash.get(hash);
        if (n == null) {
            return null;
        }
        return entry(n);
    }

    /** The parent's entry {@code number}, as a child entry copies it. */
    Entry entry(long number) {
        int i = index(number);
        return new Entry(i, storedOffset[i], storedLength[i], crc[i], CodecId.ofCode(codec[i]), childSource[i]);
    }

    /** Number of entries of the parent's index. */
    int entryCount() {
        return rawLength.length;
    }

    long logicalOffset(long number) {
        return logicalOffset[index(number)];
    }

    int rawLength(long number) {
        return rawLength[index(number)];
    }

    boolean isZero(long number) {
        return zero[index(number)];
    }

    /** Copies the hash of entry {@code number} to {@code dst[off, off + 32)} (safe to call from many threads). */
    void copyHash(long number, byte[] dst, int off) {
        System.arraycopy(hashes, index(number) * 32, dst, off, 32);
    }

    /**
     * The first entry whose logical offset is at least {@code logical} ({@link #entryCount()} if
     * none): entries are in logical order, so a binary search.
     */
    int firstEntryFrom(long logical) {
        int lo = 0;
        int hi = logicalOffset.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (logicalOffset[mid] < logical) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The entry that starts exactly at {@code logical}, or -1. */
    int entryStartingAt(long logical) {
        int i = firstEntryFrom(logical);
        return i < logicalOffset.length && logicalOffset[i] == logical ? i : -1;
    }

    private int index(long number) {
        if (number < 0 || number >= rawLength.length) {
            throw new IndexOutOfBoundsException("parent entry " + number + " of " + rawLength.length);
        }
        return (int) number;
    }

    /** Whether the parent lists a stored block with this hash (safe to call from many threads). */
    boolean contains(BlockHash hash) {
        return firstByHash.containsKey(hash);
    }

    /** The parent page whose first entry is entry {@code number}, or null. */
    PageDescriptor pageStartingAt(long number) {
        return pagesByFirstBlock.get(number);
    }

    /**
     * Whether a child entry is what the parent's entry {@code number} becomes in the child: same
     * bytes (hash, length), and for a stored block the same location.
     */
    boolean sameAs(long number, int raw, boolean isZero, long stored, int source, byte[] hash, int hashOff) {
        if (number < 0 || number >= rawLength.length) {
            return false;
        }
        int i = (int) number;
        if (rawLength[i] != raw || zero[i] != isZero
                || !Arrays.equals(hashes, i * 32, i * 32 + 32, hash, hashOff, hashOff + 32)) {
            return false;
        }
        return isZero || (storedOffset[i] == stored && childSource[i] == source);
    }
}
