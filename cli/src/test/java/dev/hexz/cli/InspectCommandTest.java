package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void textNamesEveryField() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Path a = tmp.resolve("t.hxz");
        Cli.run("pack", tree.toString(), a.toString(), "--metadata", "{\"epoch\":3}").expect(ExitCodes.OK);
        String out = Cli.run("inspect", a.toString()).expect(ExitCodes.OK).out();
        String id;
        try (ArchiveReader r = ArchiveReader.open(a)) {
            id = r.header().archiveId().toString();
        }
        String[] expected = {
            "archive       " + a,
            "format        version 1.0",
            "kind          directory (6 files, 4 directories, 2 symlinks)",
            "compression   lz4, level 0 (default)",
            "chunking      cdc (FastCDC), min 4.0 KiB, avg 16.0 KiB, max 64.0 KiB",
            "logical size  830.1 KiB (850027 bytes)",
            "archive size  ",
            "stored size   ",
            "ratio         ",
            "blocks        ",
            "files         6",
            "index pages   1 (up to 1024 blocks each)",
            "archive id    " + id,
            "created       ",
            "metadata      {\"epoch\":3}",
        };
        for (String line : expected) {
            assertTrue(out.contains("\n" + line) || out.startsWith(line), "missing '" + line + "' in:\n" + out);
        }
        assertTrue(out.contains("(" + Files.size(a) + " bytes)"), out);
    }

    @Test
    void jsonHasEveryField() throws IOException {
        byte[] data = TestTrees.text(300_000, 11);
        Files.write(tmp.resolve("w.bin"), data);
        Path a = tmp.resolve("w.hxz");
        long before = System.currentTimeMillis();
        Cli.run("pack", tmp.resolve("w.bin").toString(), a.toString(), "-c", "zstd", "-l", "7", "--chunking", "fixed",
                "-b", "16K").expect(ExitCodes.OK);
        JsonNode n = JSON.readTree(Cli.run("inspect", a.toString(), "--json").expect(ExitCodes.OK).out());
        assertEquals("1.0", n.get("formatVersion").asText());
        assertEquals("file", n.get("kind").asText());
        assertEquals("w.bin", n.get("fileName").asText());
        assertEquals("zstd", n.get("compression").asText());
        assertEquals(7, n.get("level").asInt());
        assertEquals("fixed", n.get("chunking").get("mode").asText());
        assertEquals(16384, n.get("chunking").get("min").asInt());
        assertEquals(16384, n.get("chunking").get("avg").asInt());
        assertEquals(16384, n.get("chunking").get("max").asInt());
        assertEquals(300_000, n.get("logicalSize").asLong());
        assertEquals(Files.size(a), n.get("archiveSize").asLong());
        assertTrue(n.get("storedSize").asLong() < 300_000);
        assertEquals(300_000.0 / Files.size(a), n.get("ratio").asDouble(), 1e-9);
        assertEquals(19, n.get("blocks").get("total").asLong());
        assertEquals(19, n.get("blocks").get("unique").asLong() + n.get("blocks").get("deduplicated").asLong()
                + n.get("blocks").get("zero").asLong());
        assertEquals(1, n.get("files").asLong());
        assertEquals(1, n.get("indexPages").asLong());
        assertEquals(32, n.get("archiveId").asText().length());
        assertTrue(n.get("createdMillis").asLong() >= before);
        assertEquals(Instant.ofEpochMilli(n.get("createdMillis").asLong()).toString(), n.get("created").asText());
        assertTrue(n.get("metadata").isNull());
    }

    @Test
    void aStreamArchiveSaysSo() {
        Path a = tmp.resolve("s.hxz");
        Cli.runWithStdin(new byte[100_000], "pack", "-", a.toString()).expect(ExitCodes.OK);
        String out = Cli.run("inspect", a.toString()).expect(ExitCodes.OK).out();
        assertTrue(out.contains("kind          stream (raw bytes, no file names)"), out);
        assertTrue(out.contains("blocks        1: 0 unique, 0 deduplicated, 1 zero"), out);
        assertTrue(out.contains("metadata      (none)"), out);
    }
}
