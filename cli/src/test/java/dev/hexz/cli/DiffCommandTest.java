package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Distinct non-zero block hashes of an archive, with their raw lengths (computed here, not by ArchiveDiff). */
    private static Map<String, Integer> blocks(Path archive) throws IOException {
        Map<String, Integer> m = new HashMap<>();
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    if (!e.isZero()) {
                        m.put(e.hashHex(), e.rawLength());
                    }
                }
            }
        }
        return m;
    }

    /** {@code "N blocks, X"} for the blocks of {@code x} that are (or are not) in {@code y}. */
    private static String stats(Map<String, Integer> x, Map<String, Integer> y, boolean inY) {
        long n = 0;
        long bytes = 0;
        for (Map.Entry<String, Integer> e : x.entrySet()) {
            if (y.containsKey(e.getKey()) == inY) {
                n++;
                bytes += e.getValue();
            }
        }
        return Units.count(n, "block", "blocks") + ", " + Units.bytesExact(bytes);
    }

    private static String blockLines(Path a, Path b) throws IOException {
        Map<String, Integer> x = blocks(a);
        Map<String, Integer> y = blocks(b);
        return "shared     " + stats(x, y, true) + "\n"
                + "only in A  " + stats(x, y, false) + "\n"
                + "only in B  " + stats(y, x, false) + "\n";
    }

    private static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    @Test
    void twoFileArchivesOfAChain() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        Cli.Result r = Cli.run("diff", v[0].toString(), v[1].toString()).expect(ExitCodes.OK);
        assertEquals("A          " + v[0] + " (file archive, 2.0 MiB (2097152 bytes))\n"
                + "B          " + v[1] + " (file archive, 2.0 MiB (2097152 bytes))\n"
                + blockLines(v[0], v[1])
                + "content    different\n"
                + "files      0 added, 0 removed, 1 modified, 0 with only mode or mtime changed\n"
                + "  modified  data.bin (content, mtime " + iso(Chains.mtime(1)) + " -> " + iso(Chains.mtime(2)) + ")\n",
                r.out());
        assertEquals("", r.err());
        Map<String, Integer> x = blocks(v[0]);
        assertTrue(stats(x, blocks(v[1]), false).startsWith("1 block") || stats(x, blocks(v[1]), false)
                .startsWith("2 blocks"), "a 100-byte change touches a block or two");

        Cli.Result same = Cli.run("diff", v[1].toString(), v[1].toString()).expect(ExitCodes.OK);
        assertTrue(same.out().contains("\ncontent    identical\nfiles      no changes\n"), same.out());
    }

    /** Sets an entry's mtime without following symlinks. */
    private static void mtime(Path p, long seconds) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(Instant.ofEpochSecond(seconds)), null, null);
    }

    private Path tree(String name, boolean second) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        Files.write(root.resolve("a.txt"), (second ? "hellO" : "hello").getBytes());
        Path b = Files.createDirectories(root.resolve("b"));
        Files.write(b.resolve(second ? "d.bin" : "c.bin"), TestTrees.random(10_000, 5));
        Files.createSymbolicLink(root.resolve("link"), Path.of(second ? "b/d.bin" : "a.txt"));
        Files.write(root.resolve("mode.txt"), "m".getBytes());
        Files.setAttribute(root.resolve("mode.txt"), "unix:mode", second ? 0600 : 0644);
        Files.write(root.resolve("same.bin"), TestTrees.random(50_000, 6));
        Files.write(root.resolve("touched.bin"), TestTrees.random(5_000, 7));
        if (second) {
            Files.createDirectories(root.resolve("t"));
            Files.createDirectories(root.resolve("e"));
            Files.write(root.resolve("grown.bin"), TestTrees.random(9_000, 8));
            Files.setAttribute(root.resolve("t"), "unix:mode", 0755);
        } else {
            Files.write(root.resolve("t"), "t".getBytes());
            Files.write(root.resolve("grown.bin"), TestTrees.random(8_000, 8));
            Files.setAttribute(root.resolve("t"), "unix:mode", 0644);
        }
        Files.setAttribute(root.resolve("a.txt"), "unix:mode", 0644);
        Files.setAttribute(root.resolve("grown.bin"), "unix:mode", 0644);
        for (String f : new String[] {"a.txt", "b/c.bin", "b/d.bin", "link", "mode.txt", "same.bin", "t", "e",
            "grown.bin"}) {
            if (Files.exists(root.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
                mtime(root.resolve(f), 1_700_000_000L);
            }
        }
        mtime(root.resolve("touched.bin"), second ? 1_700_000_100L : 1_700_000_000L);
        mtime(b, 1_700_000_000L);
        return root;
    }

    @Test
    void twoDirectoryArchivesListAddedRemovedModifiedAndAttributeChanges() throws IOException {
        Path a = tmp.resolve("a.hxz");
        Path b = tmp.resolve("b.hxz");
        Cli.run("build", tree("ta", false).toString(), a.toString()).expect(ExitCodes.OK);
        Cli.run("build", tree("tb", true).toString(), b.toString(), "--base", a.toString()).expect(ExitCodes.OK);
        Cli.Result r = Cli.run("diff", a.toString(), b.toString()).expect(ExitCodes.OK);
        long sizeA;
        long sizeB;
        try (ArchiveReader ra = ArchiveReader.open(a); ArchiveReader rb = ArchiveReader.open(b)) {
            sizeA = ra.size();
            sizeB = rb.size();
        }
        assertEquals("A          " + a + " (directory archive, " + Units.bytesExact(sizeA) + ")\n"
                + "B          " + b + " (directory archive, " + Units.bytesExact(sizeB) + ")\n"
                + blockLines(a, b)
                + "content    different\n"
                + "files      2 added, 1 removed, 4 modified, 2 with only mode or mtime changed\n"
                + "  modified  a.txt (content)\n"
                + "  removed   b/c.bin\n"
                + "  added     b/d.bin\n"
                + "  added     e/\n"
                + "  modified  grown.bin (size 8000 -> 9000)\n"
                + "  modified  link (target a.txt -> b/d.bin)\n"
                + "  attrs     mode.txt (mode 0644 -> 0600)\n"
                + "  modified  t (file -> directory, mode 0644 -> 0755)\n"
                + "  attrs     touched.bin (mtime " + iso(1_700_000_000L) + " -> " + iso(1_700_000_100L) + ")\n",
                r.out());

        JsonNode n = JSON.readTree(Cli.run("diff", a.toString(), b.toString(), "--json").expect(ExitCodes.OK).out());
        assertEquals(a.toString(), n.get("a").get("archive").asText());
        assertEquals("directory", n.get("b").get("kind").asText());
        assertTrue(n.get("blocks").get("shared").get("blocks").asLong() > 0);
        assertTrue(n.get("blocks").get("onlyInB").get("bytes").asLong() > 0);
        assertEquals(false, n.get("identical").asBoolean());
        JsonNode f = n.get("files");
        assertEquals(2, f.get("added").asInt());
        assertEquals(1, f.get("removed").asInt());
        assertEquals(4, f.get("modified").asInt());
        assertEquals(2, f.get("attributes").asInt());
        JsonNode t = f.get("changes").get(7);
        assertEquals("t", t.get("path").asText());
        assertEquals("modified", t.get("change").asText());
        assertEquals("[\"type\",\"mode\"]", t.get("aspects").toString());
        assertEquals("file", t.get("before").get("type").asText());
        assertEquals("directory", t.get("after").get("type").asText());
        assertEquals("0755", t.get("after").get("mode").asText());
        assertTrue(f.get("changes").get(2).get("before").isNull());
    }

    @Test
    void aMissingParentOfEitherSideIsExit6() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        Files.delete(v[0]);
        Cli.Result r = Cli.run("diff", v[1].toString(), v[1].toString()).expect(ExitCodes.MISSING_PARENT);
        assertTrue(r.err().startsWith("hexz: " + v[1] + ": missing parent v1.hxz ("), r.err());
        Cli.run("diff", v[1].toString(), tmp.resolve("nope.hxz").toString()).expect(ExitCodes.MISSING_PARENT);
    }
}
