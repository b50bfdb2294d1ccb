package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void packsAFileIntoAFileArchiveAndSummarises() throws IOException {
        byte[] data = TestTrees.text(300_000, 1);
        Files.write(tmp.resolve("weights.bin"), data);
        Cli.Result r = Cli.run("pack", p("weights.bin"), p("w.hxz")).expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("packed weights.bin into " + p("w.hxz") + " (file archive)"), r.out());
        assertTrue(r.out().contains("input   293.0 KiB (300000 bytes)"), r.out());
        assertTrue(r.out().contains("ratio "), r.out());
        assertTrue(r.out().contains(" unique, "), r.out());
        assertTrue(r.out().contains("MiB/s") || r.out().contains("KiB/s"), r.out());
        assertEquals("", r.err());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("w.hxz"))) {
            assertFalse(a.header().isDirectory());
            assertArrayEquals(data, a.file("weights.bin").orElseThrow().readAllBytes());
            assertEquals(CodecId.LZ4, a.header().codec());
            assertEquals(ChunkingParams.fastCdcAround(64 << 10), a.header().chunking());
        }
    }

    @Test
    void packsStdinIntoAStreamArchive() throws IOException {
        byte[] data = TestTrees.random(1_000_000, 2);
        Cli.Result r = Cli.runWithStdin(data, "pack", "-", p("s.hxz")).expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("packed stdin into"), r.out());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("s.hxz"))) {
            assertEquals(0, a.manifest().size());
            byte[] back = new byte[data.length];
            a.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void packsADirectoryWithTreeDefaults() throws IOException {
        TestTrees.sample(tmp.resolve("tree"));
        Cli.Result r = Cli.run("pack", p("tree"), p("t.hxz")).expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("packed 6 files from " + p("tree") + " into"), r.out());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("t.hxz"))) {
            assertTrue(a.header().isDirectory());
            assertEquals(6, a.header().fileCount());
            assertEquals(ChunkingParams.fastCdcAround(16 << 10), a.header().chunking());
            assertTrue(a.header().dedupBlockCount() > 0, "the copied file dedups");
        }
    }

    @Test
    void codecLevelAndChunkingOptionsReachTheHeader() throws IOException {
        Files.write(tmp.resolve("in"), TestTrees.text(200_000, 3));
        Cli.run("pack", p("in"), p("a.hxz"), "--compression", "zstd", "--level", "5", "--chunking", "fixed",
                "--block-size", "32K").expect(ExitCodes.OK);
        Cli.run("pack", p("in"), p("b.hxz"), "-c", "none", "--block-size", "128KiB").expect(ExitCodes.OK);
        Cli.run("pack", p("in"), p("c.hxz"), "--avg-chunk", "8k", "--min-chunk", "1K", "--max-chunk", "1M")
                .expect(ExitCodes.OK);
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("a.hxz"));
                ArchiveReader b = ArchiveReader.open(tmp.resolve("b.hxz"));
                ArchiveReader c = ArchiveReader.open(tmp.resolve("c.hxz"))) {
            assertEquals(CodecId.ZSTD, a.header().codec());
            assertEquals(5, a.header().codecLevel());
            assertEquals(ChunkingParams.fixed(32 << 10), a.header().chunking());
            assertEquals(CodecId.NONE, b.header().codec());
            assertEquals(ChunkingParams.fastCdc(32 << 10, 128 << 10, 512 << 10), b.header().chunking());
            assertEquals(ChunkingParams.fastCdc(1 << 10, 8 << 10, 1 << 20), c.header().chunking());
        }
    }

    @Test
    void jsonSummaryAndMetadata() throws IOException {
        Files.write(tmp.resolve("in"), TestTrees.text(100_000, 4));
        Cli.Result r = Cli.run("pack", p("in"), p("m.hxz"), "--json", "--metadata", "{\"epoch\": 3, \"base\": \"llama\"}")
                .expect(ExitCodes.OK);
        JsonNode n = JSON.readTree(r.out());
        assertEquals("file", n.get("kind").asText());
        assertEquals(100_000, n.get("bytesIn").asLong());
        assertEquals(Files.size(tmp.resolve("m.hxz")), n.get("archiveBytes").asLong());
        assertEquals("lz4", n.get("compression").asText());
        assertEquals("cdc", n.get("chunking").get("mode").asText());
        assertEquals(n.get("blocks").get("total").asLong(), n.get("blocks").get("unique").asLong()
                + n.get("blocks").get("deduplicated").asLong() + n.get("blocks").get("zero").asLong());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("m.hxz"))) {
            assertEquals(3, a.metadata().get("epoch").asInt());
        }
    }

    @Test
    void refusesToReplaceAnExistingOutputUnlessForced() throws IOException {
        Files.write(tmp.resolve("in"), TestTrees.text(10_000, 5));
        Files.writeString(tmp.resolve("out.hxz"), "precious");
        Cli.Result r = Cli.run("pack", p("in"), p("out.hxz")).expect(ExitCodes.FAILURE);
        assertEquals("hexz: " + p("out.hxz") + ": already exists (use --force to replace it)\n", r.err());
        assertEquals("precious", Files.readString(tmp.resolve("out.hxz")));
        Cli.run("pack", p("in"), p("out.hxz"), "--force").expect(ExitCodes.OK);
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("out.hxz"))) {
            assertEquals(10_000, a.size());
        }
    }

    @Test
    void quietPrintsNothingOnSuccess() throws IOException {
        Files.write(tmp.resolve("in"), TestTrees.text(10_000, 6));
        Cli.Result r = Cli.run("pack", "-q", p("in"), p("q.hxz")).expect(ExitCodes.OK);
        assertEquals("", r.out());
        assertEquals("", r.err());
        Cli.Result r2 = Cli.run("--quiet", "pack", p("in"), p("q2.hxz")).expect(ExitCodes.OK);
        assertEquals("", r2.out());
    }

    @Test
    void warnsAboutSkippedSpecialFiles() throws Exception {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.write(tree.resolve("a"), new byte[10]);
        Process mk = new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).start();
        assumeTrue(mk.waitFor() == 0, "mkfifo is needed to make a FIFO");
        Cli.Result r = Cli.run("pack", tree.toString(), p("t.hxz")).expect(ExitCodes.OK);
        assertEquals("hexz: warning: skipped pipe: not a regular file, directory or symlink\n", r.err());
    }

    @Test
    void badSizesAndContradictionsAreUsageErrors() throws IOException {
        Files.write(tmp.resolve("in"), new byte[100]);
        String[][] cases = {
            {"--block-size", "100K"},
            {"--block-size", "64Q"},
            {"--block-size", "32M"},
            {"--compression", "brotli"},
            {"--chunking", "fixed", "--min-chunk", "4K"},
            {"--chunking", "rolling"},
            {"--avg-chunk", "64K", "--block-size", "32K"},
            {"--min-chunk", "128K", "--avg-chunk", "64K"},
            {"--level", "99"},
            {"-c", "none", "--level", "3"},
            {"--metadata", "{not json"},
            {"--metadata", "{} []"},
            {"--threads", "0"},
        };
        for (String[] extra : cases) {
            String[] args = new String[3 + extra.length];
            args[0] = "pack";
            args[1] = p("in");
            args[2] = p("x.hxz");
            System.arraycopy(extra, 0, args, 3, extra.length);
            Cli.Result r = Cli.run(args);
            assertEquals(ExitCodes.USAGE, r.exit(), String.join(" ", extra) + ": " + r.err());
            assertTrue(r.err().startsWith("hexz: "), r.err());
            assertTrue(r.err().endsWith("Try 'hexz pack --help' for more information.\n"), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertFalse(Files.exists(tmp.resolve("x.hxz")));
        }
    }

    @Test
    void zstdTrainsADictionaryUnlessToldNotToAndInspectShowsIt() throws IOException {
        Files.write(tmp.resolve("big.bin"), TestTrees.text(3_000_000, 5));
        Cli.run("pack", p("big.bin"), p("z.hxz"), "--compression", "zstd", "--block-size", "16K").expect(ExitCodes.OK);
        Cli.run("pack", p("big.bin"), p("z0.hxz"), "--compression", "zstd", "--block-size", "16K",
                "--dictionary", "0").expect(ExitCodes.OK);
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("z.hxz"));
                ArchiveReader b = ArchiveReader.open(tmp.resolve("z0.hxz"))) {
            assertTrue(a.header().dictionaryLength() > 0);
            assertEquals(0, b.header().dictionaryLength());
        }
        Cli.Result r = Cli.run("inspect", p("z.hxz")).expect(ExitCodes.OK);
        assertTrue(r.out().contains("trained dictionary of"), r.out());
        Cli.Result e = Cli.run("pack", p("big.bin"), p("l.hxz"), "--dictionary", "8K").expect(ExitCodes.USAGE);
        assertTrue(e.err().contains("--dictionary applies to --compression zstd only"), e.err());
    }
}
