package dev.hexz.format.v1;

import dev.hexz.format.BlockEntry;
import dev.hexz.format.codec.CodecId;
import java.util.Arrays;

/**
 * A decoded index page: up to the header's page capacity of consecutive block entries, kept as
 * parallel primitive arrays so that locating an offset is a binary search without objects.
 */
public final class IndexPage {

    final long firstBlockNumber;
    final long[] logicalOffset;
    final long[] storedOffset;
    final int[] rawLength;
    final int[] storedLength;
    final int[] crc;
    final byte[] codec;
    final byte[] flags;
    final short[] source;
    final byte[] hashes;

    IndexPage(long firstBlockNumber, int n) {
        this.firstBlockNumber = firstBlockNumber;
        logicalOffset = new long[n];
        storedOffset = new long[n];
        rawLength = new int[n];
        storedLength = new int[n];
        crc = new int[n];
        codec = new byte[n];
        flags = new byte[n];
        source = new short[n];
        hashes = new byte[n * 32];
    }

    public int size() {
        return logicalOffset.length;
    }

    /** The index within this page of the entry covering {@code offset} (which the page must cover). */
    public int find(long offset) {
        int i = Arrays.binarySearch(logicalOffset, offset);
        return i >= 0 ? i : -i - 2;
    }

    public long logicalEnd() {
        int last = size() - 1;
        return logicalOffset[last] + rawLength[last];
    }

    public long logicalOffset(int i) {
        return logicalOffset[i];
    }

    public int rawLength(int i) {
        return rawLength[i];
    }

    public long storedOffset(int i) {
        return storedOffset[i];
    }

    public int storedLength(int i) {
        return storedLength[i];
    }

    public int crc(int i) {
        return crc[i];
    }

    public CodecId codec(int i) {
        return CodecId.ofCode(codec[i]);
    }

    /** Where entry {@code i}'s bytes are stored: 0 this archive, k ancestor k. */
    public int source(int i) {
        return source[i];
    }

    public boolean isZero(int i) {
        return (flags[i] & BlockEntry.FLAG_ZERO) != 0;
    }

    public long blockNumber(int i) {
        return firstBlockNumber + i;
    }

    public BlockEntry entry(int i) {
        return new BlockEntry(firstBlockNumber + i, logicalOffset[i], rawLength[i], storedOffset[i],
                storedLength[i], crc[i], CodecId.ofCode(codec[i]), flags[i] & 0xff, source[i] & 0xffff,
                Arrays.copyOfRange(hashes, i * 32, i * 32 + 32));
    }

    /** Approximate heap bytes, for the page cache's accounting. */
    long footprint() {
        return 64L * size() + 128;
    }

    /** The entries' hashes, 32 bytes each in entry order: the page's own array, not to be modified. */
    public byte[] hashArray() {
        return hashes;
    }
}
