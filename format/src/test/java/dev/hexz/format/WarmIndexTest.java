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

class WarmIndexTest {

    @TempDir
    Path tmp;

    @Test
    void loadsPagesUpToHalfThePageCacheAndReadsStayCorrect() throws IOException {
        byte[] data = TestData.semiCompressible(6 << 20, 11);
        Path archive = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults()
                .withChunking(ChunkingParams.fixed(4096)).withPageCapacity(16))) {
            w.addBytes(data);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            int pages = r.pageCount();
            assertEquals(96, pages, "6 MiB of 4 KiB blocks, 16 per page");
            assertEquals(pages, r.warmIndex(), "a small index fits: every page is loaded");
            byte[] got = new byte[10_000];
            r.readFully(3_000_001, got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 3_000_001, 3_010_001), got);
        }
    }

    @Test
    void forgettingCachedBlocksMakesTheNextReadDecodeAgainAndKeepsIndexPages() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 12);
        Path archive = tmp.resolve("f.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults()
                .withChunking(ChunkingParams.fixed(64 << 10)))) {
            w.addBytes(data);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            byte[] got = new byte[100_000];
            r.readFully(500_000, got, 0, got.length);
            assertTrue(r.cachedBlockBytes() >= 2 * (64 << 10), "the blocks read are cached");
            long pages = r.cachedPageBytes();
            r.forgetCachedBlocks();
            assertEquals(0, r.cachedBlockBytes(), "no decoded block is left");
            assertEquals(pages, r.cachedPageBytes(), "index pages stay");
            Arrays.fill(got, (byte) 0);
            r.readFully(500_000, got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 500_000, 600_000), got, "decoded again, the same bytes");
            assertTrue(r.cachedBlockBytes() >= 2 * (64 << 10));
        }
    }
}
