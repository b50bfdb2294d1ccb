package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
