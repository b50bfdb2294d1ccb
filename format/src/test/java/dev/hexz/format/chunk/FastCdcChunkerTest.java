package dev.hexz.format.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FastCDC specifics: the normative rule, pinned outputs, size statistics, constant input. */
class FastCdcChunkerTest {

    // ---------------------------------------------------------------------------------------
    // A straight transcription of the rule in format/SPEC.md ("Chunking"), one byte per step, written
    // independently of FastCdcChunker (which rolls two bytes per step).

    static long[] referenceGear() {
        long[] gear = new long[256];
        long[] state = {0x6865787A67656172L}; // ASCII "hexzgear", big-endian
        for (int i = 0; i < 256; i++) {
            gear[i] = ChunkTestData.splitmix64(state);
        }
        return gear;
    }

    static long referenceMask(int ones) {
        long m = 0;
        for (int bit = 62; bit > 62 - ones; bit--) {
            m |= 1L << bit;
        }
        return m;
    }

    static int referenceCut(long[] gear, byte[] data, int from, int to, int min, int avg, int max) {
        int n = to - from;
        if (n <= min) {
            return n;
        }
        int k = Integer.numberOfTrailingZeros(avg);
        long maskS = referenceMask(k + 2);
        long maskL = referenceMask(k - 2);
        int limit = Math.min(n, max);
        long h = 0;
        for (int len = min + 1; len <= limit; len++) {
            h = (h << 1) + gear[data[from + len - 1] & 0xff];
            long mask = len <= avg ? maskS : maskL;
            if ((h & mask) == 0) {
                return len;
            }
        }
        return limit;
    }

    @Test
    void gearTableFollowsTheDocumentedRuleAndIsPinned() {
        long[] gear = FastCdcChunker.gearTable();
        assertArrayEquals(referenceGear(), gear);
        assertEquals(0x73689e980ad30cc6L, gear[0]);
        assertEquals(0xe522abe7d02b7344L, gear[1]);
        assertEquals(0x6d154029e51f94c4L, gear[255]);
        // CRC-32 (java.util.zip.CRC32, as in zlib) of the 2048 bytes GEAR[0..255], little-endian
        byte[] bytes = new byte[256 * 8];
        for (int i = 0; i < 256; i++) {
            for (int j = 0; j < 8; j++) {
                bytes[i * 8 + j] = (byte) (gear[i] >>> (8 * j));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        assertEquals(0xf70cfb0bL, crc.getValue());
    }

    @Test
    void masksMatchTheTableInChunkingMd() {
        // avg = 2^k -> {k, maskS, maskL}
        long[][] table = {
            {10, 0x7ff8000000000000L, 0x7f80000000000000L},
            {11, 0x7ffc000000000000L, 0x7fc0000000000000L},
            {12, 0x7ffe000000000000L, 0x7fe0000000000000L},
            {13, 0x7fff000000000000L, 0x7ff0000000000000L},
            {14, 0x7fff800000000000L, 0x7ff8000000000000L},
            {15, 0x7fffc00000000000L, 0x7ffc000000000000L},
            {16, 0x7fffe00000000000L, 0x7ffe000000000000L},
            {17, 0x7ffff00000000000L, 0x7fff000000000000L},
            {18, 0x7ffff80000000000L, 0x7fff800000000000L},
            {19, 0x7ffffc0000000000L, 0x7fffc00000000000L},
            {20, 0x7ffffe0000000000L, 0x7fffe00000000000L},
        };
        for (long[] row : table) {
            int avg = 1 << row[0];
            FastCdcChunker c = new FastCdcChunker(avg / 4, avg, avg * 4);
            assertEquals(row[1], c.maskS(), "maskS for avg 2^" + row[0]);
            assertEquals(row[2], c.maskL(), "maskL for avg 2^" + row[0]);
            assertEquals(row[0] + 2, Long.bitCount(c.maskS()));
            assertEquals(row[0] - 2, Long.bitCount(c.maskL()));
        }
        for (int k = 6; k <= 24; k++) {
            FastCdcChunker c = new FastCdcChunker(64, 1 << k, 1 << k);
            assertEquals(referenceMask(k + 2), c.maskS());
            assertEquals(referenceMask(k - 2), c.maskL());
            assertEquals(0, c.maskS() & Long.MIN_VALUE, "bit 63 must stay clear");
        }
    }

    @Test
    void twoBytesPerStepGivesExactlyTheOneByteRule() {
        long[] gear = referenceGear();
        SplittableRandom rnd = new SplittableRandom(11);
        byte[][] inputs = {
            ChunkTestData.random(5, 3 << 20),
            ChunkTestData.semiCompressible(6, 3 << 20),
        };
        int[][] params = {
            {64, 64, 64}, {64, 64, 65}, {64, 128, 129}, {65, 128, 1000}, {64, 256, 1024},
            {127, 512, 4097}, {2048, 2048, 8191}, {1024, 4096, 16384}, {4096, 16384, 65536},
            {16384, 65536, 262144}, {1000, 65536, 65536},
        };
        for (int[] p : params) {
            FastCdcChunker c = new FastCdcChunker(p[0], p[1], p[2]);
            for (byte[] data : inputs) {
                int pos = 0;
                while (pos < data.length) {
                    int expected = referenceCut(gear, data, pos, data.length, p[0], p[1], p[2]);
                    assertEquals(expected, c.cut(data, pos, data.length), c + " at " + pos);
                    // odd and even short windows exercise the single-byte tails of both loops
                    int to = pos + 1 + rnd.nextInt(Math.min(data.length - pos, p[2] + 2));
                    assertEquals(referenceCut(gear, data, pos, to, p[0], p[1], p[2]), c.cut(data, pos, to),
                            c + " window [" + pos + ", " + to + ")");
                    pos += expected;
                }
            }
        }
    }

    /**
     * Golden boundaries: splitmix64 bytes from state 0 (see format/SPEC.md ("Chunking"), "Test vectors"). A
     * change here means archives written before the change no longer deduplicate against
     * archives written after it: change the format version, not these numbers.
     */
    @Test
    void cutPointsArePinned() {
        byte[] data = ChunkTestData.splitmixBytes(0, 4 << 20);
        assertArrayEquals(new int[] {21604, 66153, 86875, 70380, 86539, 94346, 33840, 68194, 94124, 20579,
                77949, 34770},
                Arrays.copyOf(ChunkTestData.lengths(new FastCdcChunker(16384, 65536, 262144), data), 12));
        assertArrayEquals(new int[] {19710, 18032, 26556, 11253, 12206, 22727, 17276, 16449, 30423, 17275,
                20069, 21248},
                Arrays.copyOf(ChunkTestData.lengths(new FastCdcChunker(4096, 16384, 65536), data), 12));
        assertArrayEquals(new int[] {285, 456, 357, 265, 428, 75, 463, 258, 352, 306, 295, 241},
                Arrays.copyOf(ChunkTestData.lengths(new FastCdcChunker(64, 256, 1024), data), 12));
        assertEquals(57, ChunkTestData.lengths(new FastCdcChunker(16384, 65536, 262144), data).length);
        assertEquals(229, ChunkTestData.lengths(new FastCdcChunker(4096, 16384, 65536), data).length);
        assertEquals(14319, ChunkTestData.lengths(new FastCdcChunker(64, 256, 1024), data).length);
        // the stream the vectors are cut from begins AF CD 1D 7B 39 A8 20 E2
        assertArrayEquals(new byte[] {(byte) 0xAF, (byte) 0xCD, 0x1D, 0x7B, 0x39, (byte) 0xA8, 0x20, (byte) 0xE2},
                Arrays.copyOf(data, 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {16 << 10, 64 << 10})
    void averageChunkSizeOnRandomDataIsNearTheRequestedAverage(int avg) {
        FastCdcChunker c = (FastCdcChunker) Chunker.of(ChunkingParams.fastCdcAround(avg));
        byte[] data = ChunkTestData.random(avg, 48 << 20);
        int[] lengths = ChunkTestData.lengths(c, data);
        double mean = (double) data.length / lengths.length;
        assertTrue(mean >= 0.75 * avg && mean <= 1.25 * avg, "mean " + mean + " for avg " + avg);
    }

    /**
     * Normalized chunking concentrates sizes around avg. With min = avg/4 and max = 4*avg the
     * expected shape is: P(len <= avg) = 1 - e^(-3/16) ~ 17%, then a steep exponential tail
     * (mean excess avg/4), almost nothing at max.
     */
    @Test
    void sizeDistributionForTheDirectoryTreePreset() {
        int avg = 16 << 10;
        Chunker c = Chunker.of(ChunkingParams.fastCdcAround(avg));
        assertEquals(ChunkingParams.fastCdc(4096, 16384, 65536), c.params());
        for (byte[] data : new byte[][] {ChunkTestData.random(77, 32 << 20), ChunkTestData.semiCompressible(78, 32 << 20)}) {
            int[] lengths = ChunkTestData.lengths(c, data);
            int n = lengths.length - 1; // ignore the final chunk
            long belowHalf = Arrays.stream(lengths, 0, n).filter(l -> l < avg / 2).count();
            long upToAvg = Arrays.stream(lengths, 0, n).filter(l -> l <= avg).count();
            long inBand = Arrays.stream(lengths, 0, n).filter(l -> l >= avg / 2 && l <= 2 * avg).count();
            long atMax = Arrays.stream(lengths, 0, n).filter(l -> l == c.maxChunkSize()).count();
            assertTrue(belowHalf < 0.10 * n, "below avg/2: " + belowHalf + " of " + n);
            assertTrue(upToAvg > 0.10 * n && upToAvg < 0.25 * n, "up to avg: " + upToAvg + " of " + n);
            assertTrue(inBand > 0.88 * n, "in [avg/2, 2avg]: " + inBand + " of " + n);
            assertTrue(atMax <= 0.001 * n + 1, "at max: " + atMax + " of " + n);
        }
    }

    /**
     * On a constant run the gear hash settles to the constant -GEAR[b] after 64 bytes, so either
     * every position cuts or none does. Zeros (sparse files, disk images) must give max-sized
     * chunks for every power-of-two average from 128; any constant byte must give chunks of at
     * least min (all identical, so they deduplicate), and of max from avg 4 KiB up.
     */
    @Test
    void constantInputGivesMaxSizedChunksNotTinyOnes() {
        for (int k = 7; k <= 24; k++) {
            int avg = 1 << k;
            ChunkingParams p = ChunkingParams.fastCdcAround(avg);
            Chunker c = Chunker.of(p);
            byte[] zeros = new byte[3 * p.maxSize() + p.maxSize() / 2];
            int[] lengths = ChunkTestData.lengths(c, zeros);
            assertEquals(4, lengths.length, "zeros with " + p);
            for (int i = 0; i < 3; i++) {
                assertEquals(p.maxSize(), lengths[i], "zeros with " + p);
            }
        }
        for (int k = 6; k <= 20; k++) {
            int avg = 1 << k;
            ChunkingParams p = ChunkingParams.fastCdcAround(avg);
            Chunker c = Chunker.of(p);
            // every chunk of a constant run starts on the same bytes, so one cut tells them all
            byte[] run = new byte[p.maxSize() + 1];
            for (int b = 0; b < 256; b++) {
                Arrays.fill(run, (byte) b);
                int len = c.cut(run, 0, run.length);
                assertTrue(len >= p.minSize(), "byte " + b + " with " + p);
                if (k >= 12) {
                    // with this gear table no constant byte cuts at all from avg 4 KiB up
                    assertEquals(p.maxSize(), len, "byte " + b + " with " + p);
                }
            }
        }
    }

    @Test
    void rejectsInvalidSizes() {
        assertThrows(IllegalArgumentException.class, () -> new FastCdcChunker(4096, 10000, 65536));
        assertThrows(IllegalArgumentException.class, () -> new FastCdcChunker(32, 64, 128));
        assertThrows(IllegalArgumentException.class, () -> new FastCdcChunker(8192, 4096, 65536));
        assertThrows(IllegalArgumentException.class, () -> new FastCdcChunker(4096, 16384, 8192));
        assertThrows(IllegalArgumentException.class, () -> new FastCdcChunker(4096, 16384, 32 << 20));
    }
}
