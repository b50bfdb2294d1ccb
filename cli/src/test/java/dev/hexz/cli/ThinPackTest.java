package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** {@code pack --base} and {@code build --base}: thin archives from the command line. */
class ThinPackTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String p(String name) {
        return tmp.resolve(name).toString();
    }

    /** v1.bin (4 MiB random) and v2.bin (the same with 100 bytes changed in the middle). */
    private void versions() throws IOException {
        byte[] v1 = TestTrees.random(4 << 20, 1);
        byte[] v2 = v1.clone();
        System.arraycopy(TestTrees.random(100, 2), 0, v2, 2 << 20, 100);
        Files.write(tmp.resolve("v1.bin"), v1);
        Files.write(tmp.resolve("v2.bin"), v2);
    }

    @Test
    void aSmallChangeMakesASmallThinArchiveAndTheSummarySaysWhatWasReferenced() throws IOException {
        versions();
        Cli.run("pack", p("v1.bin"), p("v1.hxz")).expect(ExitCodes.OK);
        Cli.Result r = Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("v1.hxz")).expect(ExitCodes.OK);
        assertEquals("", r.err());
        long parentSize = Files.size(tmp.resolve("v1.hxz"));
        long childSize = Files.size(tmp.resolve("v2.hxz"));
        assertTrue(childSize * 10 < parentSize, "child " + childSize + " vs parent " + parentSize);
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertTrue(a.header().isThin());
            assertEquals("v1.hxz", a.header().parent().path());
            assertArrayEquals(Files.readAllBytes(tmp.resolve("v2.bin")), a.file("v2.bin").orElseThrow().readAllBytes());
            String id;
            try (ArchiveReader parent = ArchiveReader.open(tmp.resolve("v1.hxz"))) {
                id = parent.header().archiveId().toString();
            }
            long referenced = a.header().referencedBlockCount();
            assertTrue(referenced > 0);
            String out = r.out();
            assertTrue(out.startsWith("packed v2.bin into " + p("v2.hxz") + " (file archive, thin)\n"), out);
            assertTrue(out.contains("\n  blocks  " + a.blockCount() + ": " + a.header().storedBlockCount() + " unique, "
                    + a.header().dedupBlockCount() + " deduplicated, 0 zero, " + referenced + " referenced\n"), out);
            assertTrue(out.contains("\n  parent  " + p("v1.hxz") + " (" + id + "), chain depth 1\n"), out);
            assertTrue(out.contains("\n  chain   referenced " + referenced + " blocks ("
                    + Units.bytes(a.header().referencedBytes()) + ") from the chain\n"), out);
        }
    }

    @Test
    void theChildTakesTheParentsChunkingAndCompressionUnlessTold() throws IOException {
        versions();
        Cli.run("pack", p("v1.bin"), p("v1.hxz"), "--block-size", "16K", "-c", "zstd", "-l", "7").expect(ExitCodes.OK);
        Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("v1.hxz")).expect(ExitCodes.OK);
        Cli.Result other = Cli.run("pack", p("v2.bin"), p("v2b.hxz"), "--base", p("v1.hxz"), "--block-size", "32K",
                "-c", "lz4").expect(ExitCodes.OK);
        assertEquals("hexz: warning: the chunking asked for (cdc 8.0 KiB/32.0 KiB/128.0 KiB) differs from the parent's"
                + " (cdc 4.0 KiB/16.0 KiB/64.0 KiB): blocks will not line up with the parent's and few will be shared\n",
                other.err());
        try (ArchiveReader parent = ArchiveReader.open(tmp.resolve("v1.hxz"));
                ArchiveReader child = ArchiveReader.open(tmp.resolve("v2.hxz"));
                ArchiveReader child2 = ArchiveReader.open(tmp.resolve("v2b.hxz"))) {
            assertEquals(ChunkingParams.fastCdcAround(16 << 10), parent.header().chunking());
            assertEquals(parent.header().chunking(), child.header().chunking());
            assertEquals(CodecId.ZSTD, child.header().codec());
            assertEquals(7, child.header().codecLevel());
            assertEquals(ChunkingParams.fastCdcAround(32 << 10), child2.header().chunking());
            assertEquals(CodecId.LZ4, child2.header().codec());
        }
    }

    @Test
    void stdinCanBeThinToo() throws IOException {
        byte[] v1 = TestTrees.random(1 << 20, 3);
        byte[] v2 = new byte[v1.length + 10];
        System.arraycopy(v1, 0, v2, 10, v1.length);
        Cli.runWithStdin(v1, "pack", "-", p("s1.hxz")).expect(ExitCodes.OK);
        Cli.Result r = Cli.runWithStdin(v2, "pack", "-", p("s2.hxz"), "--base", p("s1.hxz"), "--json")
                .expect(ExitCodes.OK);
        JsonNode n = JSON.readTree(r.out());
        assertEquals(p("s1.hxz"), n.get("parent").get("archive").asText());
        assertEquals(1, n.get("chainDepth").asInt());
        assertTrue(n.get("blocks").get("referenced").asLong() > 0, r.out());
        assertTrue(n.get("referencedBytes").asLong() > v1.length / 2, r.out());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("s2.hxz"))) {
            byte[] back = new byte[v2.length];
            a.readFully(0, back, 0, back.length);
            assertArrayEquals(v2, back);
            assertEquals(n.get("parent").get("archiveId").asText(), a.header().parent().id().toString());
        }
    }

    @Test
    void buildTakesABaseAndItsSettings() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Cli.run("build", tree.toString(), p("t1.hxz"), "--profile", "archival").expect(ExitCodes.OK);
        Files.write(tree.resolve("notes.txt"), TestTrees.text(60_000, 9));
        Cli.Result r = Cli.run("build", tree.toString(), p("t2.hxz"), "--base", p("t1.hxz")).expect(ExitCodes.OK);
        assertTrue(r.out().contains("(directory archive, thin)"), r.out());
        assertTrue(r.out().contains("\n  parent  " + p("t1.hxz") + " ("), r.out());
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("t2.hxz"))) {
            assertTrue(a.header().isThin());
            assertEquals(CodecId.ZSTD, a.header().codec());
            assertEquals(ChunkingParams.fastCdcAround(256 << 10), a.header().chunking());
            assertTrue(a.header().referencedBlockCount() > 0);
            assertTrue(a.header().storedBytes() < 100_000, "stored " + a.header().storedBytes());
        }
        Path out = Files.createDirectories(tmp.resolve("out"));
        Cli.run("extract", p("t2.hxz"), out.toString()).expect(ExitCodes.OK);
        TestTrees.assertSameTree(tree, out);
        Cli.Result warned = Cli.run("build", tree.toString(), p("t3.hxz"), "--base", p("t1.hxz"), "--profile", "ml")
                .expect(ExitCodes.OK);
        assertTrue(warned.err().startsWith("hexz: warning: profile ml chunks cdc 32.0 KiB/128.0 KiB/512.0 KiB, the"
                + " parent cdc 64.0 KiB/256.0 KiB/1.0 MiB:"), warned.err());
    }

    @Test
    void aMissingBaseOrAMissingAncestorOfTheBaseIsExit6NamingIt() throws IOException {
        versions();
        Cli.Result r = Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("nope.hxz")).expect(ExitCodes.MISSING_PARENT);
        assertEquals("hexz: parent " + p("nope.hxz") + " (--base): no such file\n", r.err());
        assertFalse(Files.exists(tmp.resolve("v2.hxz")));

        Cli.run("pack", p("v1.bin"), p("v1.hxz")).expect(ExitCodes.OK);
        Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("v1.hxz")).expect(ExitCodes.OK);
        Files.delete(tmp.resolve("v1.hxz"));
        Cli.Result deeper = Cli.run("build", tmp.toString(), p("v3.hxz"), "--base", p("v2.hxz"))
                .expect(ExitCodes.MISSING_PARENT);
        assertTrue(deeper.err().startsWith("hexz: " + p("v2.hxz") + ": missing parent v1.hxz ("), deeper.err());
        assertEquals(1, deeper.err().lines().count(), deeper.err());
    }

    @Test
    void theOutputCannotBeTheBaseOrItsAncestor() throws IOException {
        versions();
        Cli.run("pack", p("v1.bin"), p("v1.hxz")).expect(ExitCodes.OK);
        Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("v1.hxz")).expect(ExitCodes.OK);
        Cli.Result r = Cli.run("pack", p("v2.bin"), p("v1.hxz"), "--base", p("v2.hxz"), "--force")
                .expect(ExitCodes.USAGE);
        assertTrue(r.err().startsWith("hexz: " + p("v1.hxz") + " is an ancestor of the --base archive;"), r.err());
        Cli.run("pack", p("v2.bin"), p("v2.hxz"), "--base", p("v2.hxz"), "--force").expect(ExitCodes.USAGE);
        try (ArchiveReader a = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertTrue(a.header().isThin());
        }
    }
}
