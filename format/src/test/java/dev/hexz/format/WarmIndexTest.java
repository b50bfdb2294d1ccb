package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
    void warmingTheReadPathDecodesOneStoredBlockAndKeepsOnlyIt() throws IOException {
        byte[] data = new byte[1 << 20];
        byte[] tail = TestData.semiCompressible(512 << 10, 12);
        System.arraycopy(tail, 0, data, data.length - tail.length, tail.length); // the first half is zeros
        Path archive = tmp.resolve("z.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults()
                .withChunking(ChunkingParams.fixed(64 << 10)))) {
            w.addBytes(data);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            assertTrue(r.warmReadPath(50), "the archive has stored blocks past its zero ones");
            assertEquals(64 << 10, r.cachedBlockBytes() - 16, "only the first stored block is cached");
            byte[] got = new byte[100_000];
            r.readFully(500_000, got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 500_000, 600_000), got);
        }
    }

    @ParameterizedTest
    @EnumSource(value = CodecId.class, names = {"LZ4", "NONE"})
    void warmingTheReadPathDecodesIntoOneArrayNotOnePerRound(CodecId codec) throws IOException {
        // a mount server warms up while users may already read: ~130 MB of garbage from 2,000
        // rounds brought a collection, and its pause, onto the mount's first reads
        byte[] data = TestData.semiCompressible(1 << 20, 13);
        Path archive = tmp.resolve("w.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults().withCodec(codec, 0)
                .withChunking(ChunkingParams.fixed(64 << 10)))) {
            w.addBytes(data);
            w.finish();
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            r.warmReadPath(5); // the page, the cache entry, this thread's scratch array
            long before = threads.getThreadAllocatedBytes(me);
            assertTrue(r.warmReadPath(400));
            long allocated = threads.getThreadAllocatedBytes(me) - before;
            assertTrue(allocated < 4 * (64 << 10), "400 rounds over a 64 KiB block allocated " + allocated
                    + " bytes; one new block per round would be " + 400 * (64 << 10));
            byte[] got = new byte[200_000];
            r.readFully(10_000, got, 0, got.length);
            assertArrayEquals(Arrays.copyOfRange(data, 10_000, 210_000), got);
        }
    }

    @Test
    void anArchiveOfZerosHasNoReadPathToWarm() throws IOException {
        Path archive = tmp.resolve("zeros.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults())) {
            w.addBytes(new byte[300_000]);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            assertFalse(r.warmReadPath(10));
            assertEquals(0, r.cachedBlockBytes());
        }
    }
}
