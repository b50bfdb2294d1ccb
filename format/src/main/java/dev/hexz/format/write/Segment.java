package dev.hexz.format.write;

import java.util.Arrays;

/**
 * A few megabytes of input cut into chunks, and what the workers made of each chunk: its hash,
 * its stored (compressed) bytes, codec and checksum. Segments are the unit of parallel work and
 * are recycled, so their arrays are allocated once per pipeline.
 *
 * <p>A chunk is either a <em>data</em> chunk, whose raw bytes are {@code data[start, start +
 * length)}, or a <em>reference</em> chunk ({@code ref[i] >= 0}): a region of a changed file
 * known to equal entry {@code ref[i]} of a thin archive's parent, which has no bytes here and is
 * recorded by copying the parent's entry (see {@link ChunkPipeline#feedChanged}).
 */
final class Segment {

    final byte[] data;
    int fill;
    int cut;
    int count;
    /** Raw bytes of the reference chunks: they count as input but take no room in {@link #data}. */
    long refBytes;
    int[] start = new int[64];
    int[] length = new int[64];
    long[] ref = new long[64];

    byte[] hashes = new byte[64 * 32];
    byte[] out = new byte[0];
    int[] outOff = new int[64];
    int[] outLen = new int[64];
    byte[] codec = new byte[64];
    int[] crc = new int[64];
    boolean[] zero = new boolean[64];

    Segment(int capacity) {
        this.data = new byte[capacity];
    }

    void addChunk(int s, int len) {
        add(s, len, -1);
    }

    /** Adds a reference chunk of {@code len} raw bytes equal to the parent's entry {@code parentEntry}. */
    void addRef(long parentEntry, int len) {
        add(cut, len, parentEntry);
        refBytes += len;
    }

    boolean isRef(int i) {
        return ref[i] >= 0;
    }

    /** Input bytes this segment stands for: its data chunks and its reference chunks. */
    long logicalBytes() {
        return cut + refBytes;
    }

    private void add(int s, int len, long parentEntry) {
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            length = Arrays.copyOf(length, n);
            ref = Arrays.copyOf(ref, n);
            hashes = Arrays.copyOf(hashes, n * 32);
            outOff = Arrays.copyOf(outOff, n);
            outLen = Arrays.copyOf(outLen, n);
            codec = Arrays.copyOf(codec, n);
            crc = Arrays.copyOf(crc, n);
            zero = Arrays.copyOf(zero, n);
        }
        start[count] = s;
        length[count] = len;
        ref[count] = parentEntry;
        count++;
    }

    void reset() {
        fill = 0;
        cut = 0;
        count = 0;
        refBytes = 0;
    }
}
