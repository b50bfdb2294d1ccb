package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block cache and read-ahead of a reader whose budget is small next to the archive's blocks. */
class ReaderCacheTest {

    @TempDir
    Path tmp;

    private Path archiveOf(byte[] data, int blockSize) throws IOException {
        Path archive = tmp.resolve("b" + blockSize + ".hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults()
                .withChunking(ChunkingParams.fixed(blockSize)))) {
            w.addBytes(data);
            w.finish();
        }
        return archive;
    }

    /** Reads {@code length} bytes at {@code at} and checks them against {@code data}. */
    private static void readsRight(ArchiveReader r, byte[] data, int at, int length) throws IOException {
        byte[] got = new byte[length];
        r.readFully(at, got, 0, length);
        assertArrayEquals(Arrays.copyOfRange(data, at, at + length), got);
    }

    @Test
    void cachesBlocksOfAMegabyteWithAnEightMegabyteBudget() throws IOException {
        byte[] data = TestData.semiCompressible(8 << 20, 5);
        Path archive = archiveOf(data, 1 << 20);
        try (ArchiveReader r = ArchiveReader.open(archive, ReaderOptions.defaults().withCacheBytes(8L << 20))) {
            readsRight(r, data, 3 << 20, 4096);
            // split 16 ways, 8 MiB left 512 KiB a segment and no 1 MiB block was ever kept
            assertTrue(r.cachedBlockBytes() >= 1 << 20, "the block read is not cached: " + r.cachedBlockBytes());
            // half the budget holds 4 blocks of 1 MiB: the window is cut to that, not turned off
            assertEquals(4, r.readAheadWindow());
        }
    }

    @Test
    void keepsRoomForAFewBlocksWhateverTheBudget() throws IOException {
        byte[] data = TestData.semiCompressible(6 << 20, 6);
        Path archive = archiveOf(data, 2 << 20);
        try (ArchiveReader r = ArchiveReader.open(archive, ReaderOptions.defaults().withCacheBytes(1L << 20))) {
            readsRight(r, data, 5 << 20, 4096);
            assertTrue(r.cachedBlockBytes() >= 2 << 20, "a 1 MiB budget must still hold 2 MiB blocks");
        }
    }

    @Test
    void aZeroBudgetCachesNothingAndReadsNothingAhead() throws IOException {
        byte[] data = TestData.semiCompressible(2 << 20, 7);
        Path archive = archiveOf(data, 64 << 10);
        try (ArchiveReader r = ArchiveReader.open(archive, ReaderOptions.defaults().withCacheBytes(0))) {
            readsRight(r, data, 0, 100_000);
            assertEquals(0, r.cachedBlockBytes());
            assertEquals(0, r.readAheadWindow());
        }
    }
}
