package dev.hexz.format.hash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;
import org.junit.jupiter.api.Test;

/** Randomized comparison with BouncyCastle's {@link Blake3Digest}, the independent reference. */
class Blake3ReferenceTest {

    private static final int MAX_LEN = 300 * 1024;

    private static byte[] reference(byte[] key, byte[] in, int off, int len, int outLen) {
        Blake3Digest d = new Blake3Digest(256);
        if (key != null) {
            d.init(Blake3Parameters.key(key));
        }
        d.update(in, off, len);
        byte[] out = new byte[outLen];
        d.doFinal(out, 0, outLen);
        return out;
    }

    /** Mostly uniform lengths, plus lengths near chunk and block boundaries where bugs live. */
    private static int randomLength(Random rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return rnd.nextInt(MAX_LEN + 1);
            case 1:
                return rnd.nextInt(4096);
            case 2: {
                int chunks = rnd.nextInt(MAX_LEN / 1024);
                return Math.max(0, chunks * 1024 + rnd.nextInt(3) - 1);
            }
            default: {
                int blocks = rnd.nextInt(64);
                return Math.max(0, blocks * 64 + rnd.nextInt(3) - 1);
            }
        }
    }

    @Test
    void oneShotMatchesBouncyCastle() {
        Random rnd = new Random(0xB1A4E3L);
        byte[] data = new byte[MAX_LEN + 64];
        rnd.nextBytes(data);
        byte[] out = new byte[32];
        for (int i = 0; i < 400; i++) {
            int len = randomLength(rnd);
            int off = rnd.nextInt(data.length - len + 1);
            String what = "len=" + len + " off=" + off;
            byte[] expected = reference(null, data, off, len, 32);
            assertArrayEquals(expected, Blake3.hash(data, off, len), what);
            Blake3.hash(data, off, len, out, 0);
            assertArrayEquals(expected, out, what);
        }
    }

    /**
     * Lengths at the edges of the implementation's strategies: one chunk, the smallest lane
     * batch (16 chunks), lane merging (32 chunks), one 64-chunk subtree, and several of them.
     */
    @Test
    void boundaryLengthsMatchBouncyCastle() {
        Random rnd = new Random(0x5EED_0004L);
        byte[] data = new byte[5 * 65536 + 3000];
        rnd.nextBytes(data);
        int[] chunkCounts = {1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 96, 127, 128, 129, 192, 193, 256, 320};
        byte[] key = new byte[32];
        rnd.nextBytes(key);
        for (int chunks : chunkCounts) {
            for (int delta : new int[] {-1024, -65, -64, -1, 0, 1, 64, 1000}) {
                int len = chunks * 1024 + delta;
                if (len < 0 || len > data.length) {
                    continue;
                }
                String what = "len=" + len;
                assertArrayEquals(reference(null, data, 0, len, 32), Blake3.hash(data, 0, len), what);
                assertArrayEquals(reference(key, data, 0, len, 32), Blake3.keyedHash(key, data, 0, len), what);
                assertArrayEquals(reference(null, data, 0, len, 32),
                        Blake3.newHasher().update(data, 0, len).digest(), what);
            }
        }
    }

    /** Deep trees: a few MiB, one-shot and fed in pieces that are not aligned to anything. */
    @Test
    void largeInputMatchesBouncyCastle() {
        Random rnd = new Random(0x5EED_0005L);
        byte[] data = new byte[(5 << 20) + 12345];
        rnd.nextBytes(data);
        byte[] expected = reference(null, data, 0, data.length, 32);
        assertArrayEquals(expected, Blake3.hash(data, 0, data.length));
        for (int piece : new int[] {1000, 65536, 65537, 300_000, 1 << 20}) {
            Blake3.Hasher h = Blake3.newHasher();
            for (int off = 0; off < data.length; off += piece) {
                h.update(data, off, Math.min(piece, data.length - off));
            }
            assertArrayEquals(expected, h.digest(), "piece=" + piece);
        }
    }

    /** The one-shot methods share per-thread scratch space; threads must not see each other's. */
    @Test
    void concurrentOneShotCallsAgree() throws Exception {
        Random rnd = new Random(0x5EED_0006L);
        byte[] data = new byte[MAX_LEN];
        rnd.nextBytes(data);
        int[] lens = new int[64];
        byte[][] expected = new byte[lens.length][];
        for (int i = 0; i < lens.length; i++) {
            lens[i] = randomLength(rnd);
            expected[i] = reference(null, data, 0, lens[i], 32);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 5; round++) {
                        for (int i = 0; i < lens.length; i++) {
                            int k = (i + start * 16) % lens.length;
                            assertArrayEquals(expected[k], Blake3.hash(data, 0, lens[k]), "len=" + lens[k]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keyedAndExtendedOutputMatchBouncyCastle() {
        Random rnd = new Random(0x5EED_0002L);
        byte[] data = new byte[MAX_LEN];
        rnd.nextBytes(data);
        for (int i = 0; i < 150; i++) {
            int len = randomLength(rnd);
            byte[] key = new byte[32];
            rnd.nextBytes(key);
            int outLen = rnd.nextInt(300);
            String what = "len=" + len + " outLen=" + outLen;
            assertArrayEquals(reference(key, data, 0, len, 32), Blake3.keyedHash(key, data, 0, len), what);

            byte[] xof = new byte[outLen];
            Blake3.newKeyedHasher(key).update(data, 0, len).digest(xof, 0, outLen);
            assertArrayEquals(reference(key, data, 0, len, outLen), xof, what);
            Blake3.newHasher().update(data, 0, len).digest(xof, 0, outLen);
            assertArrayEquals(reference(null, data, 0, len, outLen), xof, what);
        }
    }

    @Test
    void incrementalMatchesBouncyCastle() {
        Random rnd = new Random(0x5EED_0003L);
        byte[] data = new byte[MAX_LEN];
        rnd.nextBytes(data);
        for (int i = 0; i < 150; i++) {
            int len = randomLength(rnd);
            // piece sizes: tiny, around a block, around a chunk, around a 64-chunk subtree, or any
            int maxPiece = new int[] {8, 130, 2100, 70_000, MAX_LEN}[rnd.nextInt(5)];
            Blake3.Hasher h = Blake3.newHasher();
            for (int off = 0; off < len; ) {
                int n = Math.min(len - off, rnd.nextInt(maxPiece + 1));
                h.update(data, off, n);
                off += n;
            }
            assertArrayEquals(reference(null, data, 0, len, 32), h.digest(), "len=" + len + " maxPiece=" + maxPiece);
        }
    }
}
