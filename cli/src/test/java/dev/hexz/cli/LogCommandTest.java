package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * {@code dir}: v1 -> v2 -> v3 and v1 -> v2b, x.hxz whose parent is {@code other/base.hxz},
     * and junk.hxz, which is not an archive.
     */
    private Path directory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Path[] v = Chains.chain(dir, 3);
        Path data = tmp.resolve("data.bin");
        Files.write(data, Chains.version(4));
        Cli.run("pack", data.toString(), dir.resolve("v2b.hxz").toString(), "--base", v[0].toString(),
                "--metadata", "{\"epoch\": 3}").expect(ExitCodes.OK);
        Path other = Files.createDirectories(tmp.resolve("other"));
        Cli.run("pack", data.toString(), other.resolve("base.hxz").toString()).expect(ExitCodes.OK);
        Files.write(data, Chains.version(5));
        Cli.run("pack", data.toString(), dir.resolve("x.hxz").toString(), "--base", other.resolve("base.hxz").toString())
                .expect(ExitCodes.OK);
        Files.write(dir.resolve("junk.hxz"), "not an archive".getBytes());
        return dir;
    }

    /** The columns of a data line, cut where the heading's columns start. */
    private static List<String> columns(String heading, String line) {
        int[] at = {0, heading.indexOf("SIZE"), heading.indexOf("NEW"), heading.indexOf("CREATED"),
            heading.indexOf("MESSAGE")};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            int end = i + 1 < at.length ? at[i + 1] : line.length();
            out.add(at[i] >= line.length() ? "" : line.substring(at[i], Math.min(end, line.length())).stripTrailing());
        }
        return out;
    }

    private static List<String> expected(String label, Path archive, String message) throws IOException {
        ArchiveHeader h = Chains.header(archive);
        return List.of(label, Units.bytes(Files.size(archive)), Units.bytes(h.storedBytes()),
                LogCommand.date(h.createdMillis()), message);
    }

    @Test
    void aDirectoryIsShownAsATreeWithParentsOutsideMarked() throws IOException {
        Path dir = directory();
        Cli.Result r = Cli.run("log", dir.toString()).expect(ExitCodes.OK);
        assertEquals("hexz: warning: " + dir.resolve("junk.hxz") + ": not a hexz archive (bad magic bytes) (at offset 0)"
                + " (left out)\n", r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(7, lines.size(), r.out());
        String heading = lines.get(0);
        assertEquals("ARCHIVE", heading.substring(0, 7));
        assertTrue(heading.matches("ARCHIVE +SIZE +NEW +CREATED +MESSAGE"), heading);
        assertEquals(expected("v1.hxz", dir.resolve("v1.hxz"), "version 1"), columns(heading, lines.get(1)));
        assertEquals(expected("|-- v2.hxz", dir.resolve("v2.hxz"), "version 2"), columns(heading, lines.get(2)));
        assertEquals(expected("|   `-- v3.hxz", dir.resolve("v3.hxz"), "version 3"), columns(heading, lines.get(3)));
        assertEquals(expected("`-- v2b.hxz", dir.resolve("v2b.hxz"), "{\"epoch\":3}"), columns(heading, lines.get(4)));
        assertEquals("(parent outside: ../other/base.hxz " + Chains.id(tmp.resolve("other/base.hxz")) + ")",
                lines.get(5));
        assertEquals(expected("`-- x.hxz", dir.resolve("x.hxz"), ""), columns(heading, lines.get(6)));
    }

    @Test
    void theDirectoryAsJson() throws IOException {
        Path dir = directory();
        JsonNode n = JSON.readTree(Cli.run("log", dir.toString(), "--json").expect(ExitCodes.OK).out());
        JsonNode a = n.get("archives");
        List<String> files = new ArrayList<>();
        a.forEach(x -> files.add(x.get("file").asText()));
        assertEquals(List.of("v1.hxz", "v2.hxz", "v3.hxz", "v2b.hxz", "x.hxz"), files);
        assertTrue(a.get(0).get("parent").isNull());
        assertEquals("v1.hxz", a.get(1).get("parent").get("file").asText());
        assertTrue(a.get(1).get("parent").get("inDirectory").asBoolean());
        assertEquals("version 2", a.get(1).get("message").asText());
        assertEquals("version 2", a.get(1).get("metadata").get("message").asText());
        assertEquals(2, a.get(2).get("chainDepth").asInt());
        assertFalse(a.get(4).get("parent").get("inDirectory").asBoolean());
        assertEquals("../other/base.hxz", a.get(4).get("parent").get("path").asText());
        assertEquals(Files.size(dir.resolve("v3.hxz")), a.get(2).get("size").asLong());
        assertEquals(Chains.header(dir.resolve("v3.hxz")).storedBytes(), a.get(2).get("storedBytes").asLong());
        assertEquals("junk.hxz", n.get("unreadable").get(0).get("file").asText());
    }

    @Test
    void anArchiveShowsItsChainUpToTheRootAndMarksWhatIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Path[] v = Chains.chain(dir, 3);
        Cli.Result r = Cli.run("log", v[2].toString()).expect(ExitCodes.OK);
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        String heading = lines.get(0);
        assertEquals(expected(v[2].toString(), v[2], "version 3"), columns(heading, lines.get(1)));
        assertEquals(expected(v[1].toString(), v[1], "version 2"), columns(heading, lines.get(2)));
        assertEquals(expected(v[0].toString(), v[0], "version 1"), columns(heading, lines.get(3)));
        assertEquals("", r.err());

        String rootId = Chains.id(v[0]);
        Files.delete(v[0]);
        Cli.Result broken = Cli.run("log", v[2].toString()).expect(ExitCodes.OK);
        assertEquals(v[0] + "  (missing: " + rootId + ")", broken.out().lines().toList().get(3));
        assertEquals("hexz: warning: ancestor 2 of " + v[2] + ", " + v[0] + ", is missing: " + rootId + "\n",
                broken.err());
        JsonNode n = JSON.readTree(Cli.run("log", v[2].toString(), "--json").expect(ExitCodes.OK).out());
        assertEquals(3, n.get("chain").size());
        assertEquals(1, n.get("chain").get(1).get("depth").asInt());
        assertEquals("version 2", n.get("chain").get(1).get("message").asText());
        assertEquals("missing: " + rootId, n.get("chain").get(2).get("problem").asText());
    }

    @Test
    void anEmptyDirectoryAndAMissingPath() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("no archives in " + empty + "\n", Cli.run("log", empty.toString()).expect(ExitCodes.OK).out());
        Cli.run("log", tmp.resolve("nope").toString()).expect(ExitCodes.NOT_FOUND);
    }

    @Test
    void longMessagesAreCut() {
        String m = "x".repeat(100);
        assertEquals("x".repeat(57) + "...", LogCommand.truncate(m));
        assertEquals("short", LogCommand.truncate("short"));
    }
}
