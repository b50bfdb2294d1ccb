package dev.hexz.format.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@link Chunker} contract, checked for every implementation and a range of sizes. */
class ChunkerContractTest {

    static Stream<Chunker> chunkers() {
        return Stream.of(
                Chunker.of(ChunkingParams.fixed(64)),
                Chunker.of(ChunkingParams.fixed(4096)),
                Chunker.of(ChunkingParams.fixed(65536)),
                Chunker.of(ChunkingParams.fastCdc(64, 64, 64)),
                Chunker.of(ChunkingParams.fastCdc(64, 256, 1024)),
                Chunker.of(ChunkingParams.fastCdc(100, 128, 1000)),
                Chunker.of(ChunkingParams.fastCdc(512, 512, 4096)),
                Chunker.of(ChunkingParams.fastCdc(2048, 8192, 8192)),
                Chunker.of(ChunkingParams.fastCdcAround(4096)),
                Chunker.of(ChunkingParams.fastCdcAround(16384)),
                Chunker.of(ChunkingParams.fastCdcAround(65536)));
    }

    /** Inputs that exercise the cut rule: random, text-like, constant, and mixed. */
    static byte[][] inputs(Chunker c) {
        int size = Math.max(1 << 20, 20 * c.maxChunkSize()) + 12345;
        byte[] mixed = ChunkTestData.semiCompressible(3, size);
        Arrays.fill(mixed, size / 3, size / 3 + 3 * c.maxChunkSize(), (byte) 0);
        Arrays.fill(mixed, size / 2, size / 2 + c.maxChunkSize() + 7, (byte) 0x73);
        return new byte[][] {
            ChunkTestData.random(1, size),
            ChunkTestData.semiCompressible(2, size),
            new byte[size],
            mixed,
        };
    }

    @ParameterizedTest
    @MethodSource("chunkers")
    void chunksCoverTheInputExactlyAndRespectTheBounds(Chunker c) {
        assertEquals(c.params().minSize(), c.minChunkSize());
        assertEquals(c.params().maxSize(), c.maxChunkSize());
        assertEquals(c.params(), Chunker.of(c.params()).params());
        for (byte[] data : inputs(c)) {
            int[] lengths = ChunkTestData.lengths(c, data);
            long total = 0;
            for (int i = 0; i < lengths.length; i++) {
                int n = lengths[i];
                total += n;
                assertTrue(n <= c.maxChunkSize(), c + ": chunk " + i + " is " + n);
                if (i < lengths.length - 1) {
                    assertTrue(n >= c.minChunkSize(), c + ": chunk " + i + " is " + n);
                } else {
                    assertTrue(n > 0);
                }
            }
            assertEquals(data.length, total, c + ": chunks must cover the input exactly");
        }
    }

    @ParameterizedTest
    @MethodSource("chunkers")
    void cutDependsOnlyOnTheBytesFromFrom(Chunker c) {
        SplittableRandom rnd = new SplittableRandom(42);
        int max = c.maxChunkSize();
        for (byte[] data : inputs(c)) {
            int p = 0;
            for (int len : ChunkTestData.lengths(c, data)) {
                int window = Math.min(max, data.length - p);
                // the same bytes at another offset of another array, with garbage around them
                int offset = 1 + rnd.nextInt(100);
                byte[] other = new byte[offset + window + 1 + rnd.nextInt(max)];
                rnd.nextBytes(other);
                System.arraycopy(data, p, other, offset, window);
                assertEquals(len, c.cut(other, offset, offset + window),
                        c + ": same bytes at another offset, chunk at " + p);
                // a window of exactly max bytes gives the same answer as the rest of the array
                assertEquals(len, c.cut(data, p, p + window), c + ": window of max at " + p);
                // and what came before `from` does not matter
                if (p > 0) {
                    byte[] changed = Arrays.copyOfRange(data, p - 1, p + window);
                    changed[0] ^= (byte) 0x5a;
                    assertEquals(len, c.cut(changed, 1, changed.length), c + ": byte before from");
                }
                p += len;
            }
        }
    }

    @ParameterizedTest
    @MethodSource("chunkers")
    void streamingThroughAMaxSizedBufferGivesTheSameChunks(Chunker c) {
        for (byte[] data : inputs(c)) {
            assertArrayEquals(ChunkTestData.lengths(c, data), ChunkTestData.streamingLengths(c, data), c::toString);
        }
    }

    /**
     * A window shorter than max means the stream ends at {@code to}: the chunker cuts where it
     * would in the longer stream if that cut fits, otherwise at {@code to}. So chunking a prefix
     * of a stream gives the same boundaries as the whole stream, up to the end of the prefix.
     */
    @ParameterizedTest
    @MethodSource("chunkers")
    void aShortWindowAtEndOfStreamCutsAtTheSameBoundariesOrAtTheEnd(Chunker c) {
        byte[] data = ChunkTestData.semiCompressible(9, 6 * c.maxChunkSize() + 5000);
        long[] full = ChunkTestData.boundaries(c, data);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 40; trial++) {
            int end = 1 + rnd.nextInt(data.length);
            long[] prefix = ChunkTestData.boundaries(c, Arrays.copyOf(data, end));
            long[] expected = Arrays.stream(full).filter(b -> b < end).toArray();
            expected = Arrays.copyOf(expected, expected.length + 1);
            expected[expected.length - 1] = end;
            assertArrayEquals(expected, prefix, c + ": prefix of " + end + " bytes");
        }
        // the degenerate windows
        assertEquals(0, c.cut(data, 10, 10));
        assertEquals(1, c.cut(data, 10, 11));
        assertEquals(c.minChunkSize(), c.cut(data, 0, c.minChunkSize()));
        assertEquals(3, c.cut(data, data.length - 3, data.length));
    }

    @ParameterizedTest
    @MethodSource("chunkers")
    void rejectsWindowsOutsideTheArray(Chunker c) {
        byte[] data = new byte[100];
        assertThrows(IndexOutOfBoundsException.class, () -> c.cut(data, -1, 50));
        assertThrows(IndexOutOfBoundsException.class, () -> c.cut(data, 0, 101));
        assertThrows(IndexOutOfBoundsException.class, () -> c.cut(data, 60, 50));
    }
}
