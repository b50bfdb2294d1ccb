package dev.hexz.format;

import java.util.Random;

/** Seeded test inputs: semi-compressible bytes (words and noise), like real binary data. */
final class TestData {

    private TestData() {
    }

    /** {@code n} bytes that LZ4 compresses roughly 2:1, reproducible from {@code seed}. */
    static byte[] semiCompressible(int n, long seed) {
        Random r = new Random(seed);
        byte[] out = new byte[n];
        String[] words = {"tensor", "layer", "weight", "bias", "0.000", "embedding", "attention", "block", "\n", " "};
        int i = 0;
        while (i < n) {
            if (r.nextInt(8) == 0) {
                int len = Math.min(n - i, 4 + r.nextInt(40));
                for (int k = 0; k < len; k++) {
                    out[i++] = (byte) r.nextInt(256);
                }
            } else {
                byte[] w = words[r.nextInt(words.length)].getBytes();
                for (int k = 0; k < w.length && i < n; k++) {
                    out[i++] = w[k];
                }
            }
        }
        return out;
    }
}
