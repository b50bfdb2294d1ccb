package dev.hexz.bench;

import dev.hexz.format.ArchiveId;

/**
 * The synthetic blocks of the store benchmark: block {@code i} of a run with seed {@code s} has
 * a random-looking 32-byte hash computable from (s, i) alone, so that {@link StoreFill} can record
 * them and {@link StoreBenchmark} can look up any of them (hits) or hashes of another seed
 * (misses) without keeping 10 million hashes around.
 */
final class StoreKeys {

    private StoreKeys() {
    }

    /** SplitMix64's finalizer: a bijection on longs that scatters consecutive inputs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static void hash(long seed, long i, byte[] out) {
        long base = mix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L) + i * 4;
        for (int k = 0; k < 4; k++) {
            long v = mix(base + k);
            for (int b = 0; b < 8; b++) {
                out[k * 8 + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    static byte[] hash(long seed, long i) {
        byte[] h = new byte[32];
        hash(seed, i, h);
        return h;
    }

    static ArchiveId archive(long seed, int a) {
        byte[] b = new byte[16];
        long x = mix(seed ^ 0xA5A5A5A5L) + a * 2L;
        for (int k = 0; k < 2; k++) {
            long v = mix(x + k);
            for (int j = 0; j < 8; j++) {
                b[k * 8 + j] = (byte) (v >>> (8 * j));
            }
        }
        return ArchiveId.of(b);
    }
}
