package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchiveRoundTripTest {

    @TempDir
    Path tmp;

    private Path pack(byte[] data, WriterOptions options) throws IOException {
        Path out = tmp.resolve("a-" + System.nanoTime() + ".hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, options)) {
            w.addBytes(data);
            w.finish();
        }
        return out;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lz4, cdc", "zstd, cdc", "none, cdc", "lz4, fixed", "zstd, fixed", "none, fixed"})
    void everyCodecAndChunkingReadsBackTheSameBytes(String codec, String chunking) throws IOException {
        byte[] data = TestData.semiCompressible(3 << 20, 7);
        ChunkingParams params = chunking.equals("cdc") ? ChunkingParams.fastCdcAround(16 << 10)
                : ChunkingParams.fixed(16 << 10);
        Path a = pack(data, WriterOptions.defaults().withCodec(CodecId.ofLabel(codec), 0).withChunking(params));
        try (ArchiveReader r = ArchiveReader.open(a)) {
            assertEquals(data.length, r.size());
            assertEquals(CodecId.ofLabel(codec), r.header().codec());
            assertEquals(params, r.header().chunking());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
            if (!codec.equals("none")) {
                assertTrue(Files.size(a) < data.length * 3L / 4, "compressed archive is " + Files.size(a) + " bytes");
            }
        }
    }

    @Test
    void randomReadsAtAnyOffsetAndLengthMatchTheInput() throws IOException {
        byte[] data = TestData.semiCompressible(2 << 20, 11);
        Path a = pack(data, WriterOptions.defaults().withChunking(ChunkingParams.fastCdcAround(8 << 10))
                .withPageCapacity(16));
        Random rnd = new Random(3);
        try (ArchiveReader r = ArchiveReader.open(a, ReaderOptions.defaults().withCacheBytes(256 << 10))) {
            assertTrue(r.pageCount() > 4, "several index pages");
            for (int k = 0; k < 2000; k++) {
                int off = rnd.nextInt(data.length);
                int len = rnd.nextInt(70_000);
                byte[] buf = new byte[len];
                int n = r.read(off, buf, 0, len);
                int expect = Math.min(len, data.length - off);
                assertEquals(expect, n);
                assertArrayEquals(Arrays.copyOfRange(data, off, off + expect), Arrays.copyOf(buf, n), "at " + off);
            }
            assertEquals(-1, r.read(data.length, new byte[1], 0, 1));
            assertEquals(0, r.read(data.length, new byte[1], 0, 0));
        }
    }

    @Test
    void zeroRunsAreNotStoredAndReadBackAsZeros() throws IOException {
        byte[] data = TestData.semiCompressible(4 << 20, 5);
        Arrays.fill(data, 1 << 20, 3 << 20, (byte) 0);
        Path a = pack(data, WriterOptions.defaults());
        try (ArchiveReader r = ArchiveReader.open(a)) {
            assertTrue(r.header().zeroBlockCount() >= 6, "zero blocks: " + r.header().zeroBlockCount());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
        // the two zero MiB cost nothing: the archive is no bigger than one without them
        byte[] without = new byte[2 << 20];
        System.arraycopy(data, 0, without, 0, 1 << 20);
        System.arraycopy(data, 3 << 20, without, 1 << 20, 1 << 20);
        assertTrue(Files.size(a) < Files.size(pack(without, WriterOptions.defaults())) + 64 * 1024);
    }

    @Test
    void repeatedContentIsStoredOnce() throws IOException {
        byte[] unit = TestData.semiCompressible(1 << 20, 9);
        byte[] data = new byte[4 << 20];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(unit, 0, data, i << 20, 1 << 20);
        }
        WriterOptions fixed = WriterOptions.defaults().withChunking(ChunkingParams.fixed(64 << 10));
        Path a = pack(data, fixed);
        try (ArchiveReader r = ArchiveReader.open(a)) {
            assertEquals(64, r.header().blockCount());
            assertEquals(16, r.header().storedBlockCount());
            assertEquals(48, r.header().dedupBlockCount());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
        assertTrue(Files.size(a) < Files.size(pack(unit, fixed)) + 64 * 1024);
    }

    @Test
    void outputIsIdenticalWhateverTheNumberOfThreads() throws IOException {
        byte[] data = TestData.semiCompressible(6 << 20, 13);
        WriterOptions o = WriterOptions.defaults().withArchiveId(ArchiveId.parse("00112233445566778899aabbccddeeff"))
                .withCreatedMillis(1_700_000_000_000L);
        byte[] one = Files.readAllBytes(pack(data, o.withThreads(1)));
        byte[] four = Files.readAllBytes(pack(data, o.withThreads(4)));
        assertArrayEquals(one, four);
    }

    @Test
    void streamAndChannelViewsSeek() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 17);
        Path a = pack(data, WriterOptions.defaults());
        try (ArchiveReader r = ArchiveReader.open(a)) {
            try (ArchiveInputStream in = r.openStream()) {
                in.seek(500_000);
                byte[] buf = in.readNBytes(1000);
                assertArrayEquals(Arrays.copyOfRange(data, 500_000, 501_000), buf);
                assertEquals(501_000, in.position());
                in.seek(0);
                assertArrayEquals(data, in.readAllBytes());
            }
            try (ArchiveChannel ch = r.channel()) {
                ch.position(data.length - 10);
                ByteBuffer b = ByteBuffer.allocate(100);
                assertEquals(10, ch.read(b));
                assertEquals(-1, ch.read(b));
                assertArrayEquals(Arrays.copyOfRange(data, data.length - 10, data.length), Arrays.copyOf(b.array(), 10));
            }
        }
    }

    @Test
    void concurrentReadersSeeTheRightBytes() throws Exception {
        byte[] data = TestData.semiCompressible(4 << 20, 19);
        Path a = pack(data, WriterOptions.defaults().withChunking(ChunkingParams.fastCdcAround(16 << 10)));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ArchiveReader r = ArchiveReader.open(a, ReaderOptions.defaults().withCacheBytes(512 << 10))) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    byte[] buf = new byte[8192];
                    for (int k = 0; k < 3000; k++) {
                        int off = rnd.nextInt(data.length - buf.length);
                        r.readFully(off, buf, 0, buf.length);
                        if (!Arrays.equals(buf, 0, buf.length, data, off, off + buf.length)) {
                            throw new AssertionError("wrong bytes at " + off);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void nothingAppearsUnderTheFinalNameUntilFinish() throws IOException {
        Path out = tmp.resolve("partial.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.defaults())) {
            w.addBytes(TestData.semiCompressible(1 << 20, 1));
            assertFalse(Files.exists(out));
        }
        assertFalse(Files.exists(out), "an abandoned writer leaves nothing under the final name");
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "and no temporary file either");
        }
    }

    @Test
    void emptyInputMakesAValidEmptyArchive() throws IOException {
        Path a = pack(new byte[0], WriterOptions.defaults());
        try (ArchiveReader r = ArchiveReader.open(a)) {
            assertEquals(0, r.size());
            assertEquals(0, r.blockCount());
            assertEquals(-1, r.read(0, new byte[4], 0, 4));
        }
    }

    @Test
    void metadataIsKeptAsJson() throws IOException {
        Path out = tmp.resolve("m.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.defaults())) {
            w.addBytes(new byte[] {1, 2, 3});
            w.setMetadata("{\"epoch\": 10, \"base\": \"llama\"}");
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertEquals(10, r.metadata().get("epoch").asInt());
            assertEquals("llama", r.metadata().get("base").asText());
        }
    }

    @Test
    void aFileArchiveNamesItsFile() throws IOException {
        Path src = tmp.resolve("weights.bin");
        byte[] data = TestData.semiCompressible(300_000, 23);
        Files.write(src, data);
        Path out = tmp.resolve("w.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.defaults())) {
            w.addFile(src);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertFalse(r.header().isDirectory());
            ArchiveFile f = r.file("weights.bin").orElseThrow();
            assertArrayEquals(data, f.readAllBytes());
            try (InputStream in = f.openStream()) {
                assertArrayEquals(data, in.readAllBytes());
            }
        }
    }
}
