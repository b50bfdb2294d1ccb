package dev.hexz.format.chunk;

import java.util.Objects;

/**
 * Content-defined chunking with FastCDC 2020 (Xia et al., TPDS 2020): a gear rolling hash, cut
 * points skipped below the minimum size, and normalized chunking at level 2. The exact rule (gear
 * table, masks, cut rule) is normative and is written down in {@code package-info.java} and
 * {@code format/SPEC.md ("Chunking")}; this class must produce exactly the boundaries described there.
 *
 * <p>For a chunk starting at {@code from}, with {@code n = to - from} bytes available:
 * <pre>
 *   if n &lt;= min: the chunk is n bytes
 *   h = 0
 *   for L = min+1 .. min(n, max):               // L = candidate chunk length
 *       h = (h &lt;&lt; 1) + GEAR[data[from + L - 1] &amp; 0xff]   (mod 2^64)
 *       mask = L &lt;= avg ? maskS : maskL
 *       if (h &amp; mask) == 0: the chunk is L bytes
 *   the chunk is min(n, max) bytes
 * </pre>
 * The loop here absorbs two bytes per step (the paper's "rolling two bytes each time"): it keeps
 * {@code 2h} after the first byte of a pair, tests it against {@code mask << 1} and then adds
 * the second byte's gear value unshifted. That is exact because no mask has bit 63 set, so the
 * results are identical to the one-byte loop above.
 */
public final class FastCdcChunker implements Chunker {

    /** The seed of the splitmix64 sequence that fills {@link #GEAR}: ASCII "hexzgear". */
    static final long GEAR_SEED = 0x6865_787A_6765_6172L;

    /** The gear table: {@code GEAR[i]} is the (i+1)-th splitmix64 output from {@link #GEAR_SEED}. */
    private static final long[] GEAR = new long[256];
    /** {@code GEAR[i] << 1}, for the first byte of each two-byte step. */
    private static final long[] GEAR_LS = new long[256];

    static {
        long state = GEAR_SEED;
        for (int i = 0; i < 256; i++) {
            state += 0x9E37_79B9_7F4A_7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
            GEAR[i] = z ^ (z >>> 31);
            GEAR_LS[i] = GEAR[i] << 1;
        }
    }

    private final ChunkingParams params;
    private final int min;
    private final int avg;
    private final int max;
    private final long maskS;
    private final long maskL;

    /**
     * A chunker with chunks of {@code min..max} bytes around {@code avg}; the sizes must satisfy
     * {@link ChunkingParams} (in particular {@code avg} is a power of two).
     */
    public FastCdcChunker(int min, int avg, int max) {
        this.params = ChunkingParams.fastCdc(min, avg, max);
        this.min = min;
        this.avg = avg;
        this.max = max;
        int bits = Integer.numberOfTrailingZeros(avg);
        this.maskS = mask(bits + 2);
        this.maskL = mask(bits - 2);
    }

    /**
     * The mask with {@code ones} one-bits: bits {@code 63-ones .. 62}, i.e. the {@code ones} bits
     * just below the top bit. Bit j of the gear hash depends on the last j+1 bytes only, so high
     * bits give a wide effective window (about 63 bytes); bit 63 stays clear so that the
     * two-bytes-per-step loop is exact.
     */
    static long mask(int ones) {
        if (ones < 1 || ones > 62) {
            throw new IllegalArgumentException("mask needs 1..62 one-bits, got " + ones);
        }
        return ((1L << ones) - 1) << (63 - ones);
    }

    /** A copy of the gear table (for tests and for other implementations to check against). */
    static long[] gearTable() {
        return GEAR.clone();
    }

    long maskS() {
        return maskS;
    }

    long maskL() {
        return maskL;
    }

    @Override
    public int cut(byte[] data, int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        final int n = to - from;
        if (n <= min) {
            return n;
        }
        final int limit = Math.min(n, max);
        final long[] gear = GEAR;
        final long[] gearLs = GEAR_LS;
        long h = 0;
        // i is the index of the next byte to absorb; after absorbing data[i] the candidate
        // chunk length is i + 1 - from.
        int i = from + min;

        // Lengths min+1 .. min(avg, limit): the strict mask, so that small chunks are rare.
        final int end1 = from + Math.min(avg, limit);
        final long ms = maskS;
        final long msLs = ms << 1;
        for (final int pairs = end1 - 1; i < pairs; i += 2) {
            h = (h << 2) + gearLs[data[i] & 0xff];
            if ((h & msLs) == 0) {
                return i + 1 - from;
            }
            h += gear[data[i + 1] & 0xff];
            if ((h & ms) == 0) {
                return i + 2 - from;
            }
        }
        if (i < end1) {
            h = (h << 1) + gear[data[i] & 0xff];
            if ((h & ms) == 0) {
                return i + 1 - from;
            }
            i++;
        }

        // Lengths avg+1 .. limit: the loose mask, so that chunks rarely reach max.
        final int end2 = from + limit;
        final long ml = maskL;
        final long mlLs = ml << 1;
        for (final int pairs = end2 - 1; i < pairs; i += 2) {
            h = (h << 2) + gearLs[data[i] & 0xff];
            if ((h & mlLs) == 0) {
                return i + 1 - from;
            }
            h += gear[data[i + 1] & 0xff];
            if ((h & ml) == 0) {
                return i + 2 - from;
            }
        }
        if (i < end2) {
            h = (h << 1) + gear[data[i] & 0xff];
            if ((h & ml) == 0) {
                return i + 1 - from;
            }
        }
        return limit;
    }

    @Override
    public int minChunkSize() {
        return min;
    }

    @Override
    public int maxChunkSize() {
        return max;
    }

    @Override
    public ChunkingParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "FastCdcChunker[min=" + min + ", avg=" + avg + ", max=" + max + "]";
    }
}
