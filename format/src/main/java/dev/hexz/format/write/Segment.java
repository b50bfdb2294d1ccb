package dev.hexz.format.write;

import java.util.Arrays;

/**
 * A few megabytes of input cut into chunks, and what the workers made of each chunk: its hash,
 * its stored (compressed) bytes, codec and checksum. Segments are the unit of parallel work and
 * are recycled, so their arrays are allocated once per pipeline.
 */
final class Segment {

    final byte[] data;
    int fill;
    int cut;
    int count;
    int[] start = new int[64];
    int[] length = new int[64];

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
        if (count == start.length) {
            int n = count * 2;
            start = Arrays.copyOf(start, n);
            length = Arrays.copyOf(length, n);
            hashes = Arrays.copyOf(hashes, n * 32);
            outOff = Arrays.copyOf(outOff, n);
            outLen = Arrays.copyOf(outLen, n);
            codec = Arrays.copyOf(codec, n);
            crc = Arrays.copyOf(crc, n);
            zero = Arrays.copyOf(zero, n);
        }
        start[count] = s;
        length[count] = len;
        count++;
    }

    void reset() {
        fill = 0;
        cut = 0;
        count = 0;
    }
}
