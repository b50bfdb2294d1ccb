package dev.hexz.format.chunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded test inputs and helpers to chunk a whole array. */
final class ChunkTestData {

    private ChunkTestData() {
    }

    /** One step of splitmix64 (the same generator the gear table rule uses). */
    static long splitmix64(long[] state) {
        long z = (state[0] += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * {@code length} bytes of splitmix64 output from state {@code seed}, each 64-bit output
     * written little-endian. Easy to reproduce in any language: the test vectors in format/SPEC.md ("Chunking")
     * use it.
     */
    static byte[] splitmixBytes(long seed, int length) {
        byte[] out = new byte[length];
        long[] state = {seed};
        for (int i = 0; i < length; i += 8) {
            long v = splitmix64(state);
            for (int j = 0; j < 8 && i + j < length; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return out;
    }

    /** Incompressible pseudo-random bytes. */
    static byte[] random(long seed, int length) {
        byte[] out = new byte[length];
        new SplittableRandom(seed).nextBytes(out);
        return out;
    }

    /**
     * Semi-compressible bytes: words drawn from a vocabulary of lower-case "words" and short
     * binary records, separated by spaces, with an occasional run of random binary. Compresses
     * to roughly half, repeats short strings a lot, and has no long constant runs.
     */
    static byte[] semiCompressible(long seed, int length) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[][] vocab = new byte[4096][];
        for (int w = 0; w < vocab.length; w++) {
            byte[] word = new byte[3 + rnd.nextInt(10)];
            boolean binary = rnd.nextInt(8) == 0;
            for (int j = 0; j < word.length; j++) {
                word[j] = binary ? (byte) rnd.nextInt(256) : (byte) ('a' + rnd.nextInt(26));
            }
            vocab[w] = word;
        }
        byte[] out = new byte[length];
        int p = 0;
        while (p < length) {
            if (rnd.nextInt(64) == 0) {
                int run = Math.min(length - p, 16 + rnd.nextInt(240));
                for (int j = 0; j < run; j++) {
                    out[p++] = (byte) rnd.nextInt(256);
                }
            } else {
                // Zipf-ish: small indices are much more frequent
                int idx = (int) (vocab.length * Math.pow(rnd.nextDouble(), 3));
                byte[] word = vocab[idx];
                int n = Math.min(length - p, word.length);
                System.arraycopy(word, 0, out, p, n);
                p += n;
                if (p < length) {
                    out[p++] = (byte) (rnd.nextInt(16) == 0 ? '\n' : ' ');
                }
            }
        }
        return out;
    }

    /** The chunk lengths of {@code data}, chunked as a whole array (window = rest of array). */
    static int[] lengths(Chunker chunker, byte[] data) {
        return lengths(chunker, data, 0, data.length);
    }

    static int[] lengths(Chunker chunker, byte[] data, int from, int to) {
        List<Integer> out = new ArrayList<>();
        int p = from;
        while (p < to) {
            int n = chunker.cut(data, p, to);
            if (n <= 0) {
                throw new AssertionError("cut returned " + n + " at " + p + " before the end " + to);
            }
            out.add(n);
            p += n;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The end offsets of the chunks (the last one is {@code data.length}). */
    static long[] boundaries(Chunker chunker, byte[] data) {
        int[] lengths = lengths(chunker, data);
        long[] out = new long[lengths.length];
        long p = 0;
        for (int i = 0; i < lengths.length; i++) {
            p += lengths[i];
            out[i] = p;
        }
        return out;
    }

    /**
     * Chunks {@code data} the way a streaming caller would: through a buffer of exactly
     * {@code maxChunkSize} bytes that is refilled from {@code data} and compacted after each
     * cut, so every call sees a different array offset and never more than max bytes.
     */
    static int[] streamingLengths(Chunker chunker, byte[] data) {
        byte[] buf = new byte[chunker.maxChunkSize()];
        List<Integer> out = new ArrayList<>();
        int start = 0;
        int end = 0;
        int read = 0;
        while (true) {
            // compact, then fill
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = Math.min(buf.length - end, data.length - read);
            System.arraycopy(data, read, buf, end, n);
            read += n;
            end += n;
            if (start == end) {
                break;
            }
            int len = chunker.cut(buf, start, end);
            out.add(len);
            start += len;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static byte[] insert(byte[] data, int at, byte[] ins) {
        byte[] out = new byte[data.length + ins.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(data, at, out, at + ins.length, data.length - at);
        return out;
    }

    static byte[] delete(byte[] data, int at, int count) {
        byte[] out = Arrays.copyOf(data, data.length - count);
        System.arraycopy(data, at + count, out, at, data.length - at - count);
        return out;
    }
}
