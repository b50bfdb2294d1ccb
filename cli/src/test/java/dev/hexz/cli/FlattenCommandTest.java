package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlattenCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aFlattenedFileArchiveHasTheSameContentNoParentAndOutlivesItsChain() throws IOException {
        Path[] v = Chains.chain(tmp, 3);
        Path flat = tmp.resolve("flat.hxz");
        Cli.Result r = Cli.run("flatten", v[2].toString(), flat.toString()).expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("flattened " + v[2] + " (a chain of 3 archives) into " + flat
                + " (file archive, self-contained)\n  input   2.0 MiB (2097152 bytes)\n"), r.out());
        assertEquals("", r.err());
        ArchiveHeader before = Chains.header(v[2]);
        Files.delete(v[0]);
        Files.delete(v[1]);
        try (ArchiveReader f = ArchiveReader.open(flat)) {
            ArchiveHeader h = f.header();
            assertFalse(h.isThin());
            assertEquals(0, h.chainDepth());
            assertEquals(before.chunking(), h.chunking());
            assertEquals(before.codec(), h.codec());
            assertArrayEquals(Chains.version(3), f.file("data.bin").orElseThrow().readAllBytes());
            assertEquals("{\"message\": \"version 3\"}", f.metadataJson().orElseThrow());
        }
        Cli.run("verify", flat.toString()).expect(ExitCodes.OK);
        JsonNode n = JSON.readTree(Cli.run("inspect", flat.toString(), "--json").expect(ExitCodes.OK).out());
        assertFalse(n.get("thin").asBoolean());
        assertEquals("data.bin", n.get("fileName").asText());
    }

    @Test
    void aFlattenedDirectoryArchiveExtractsToTheSameTree() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Path t1 = tmp.resolve("t1.hxz");
        Path t2 = tmp.resolve("t2.hxz");
        Cli.run("build", tree.toString(), t1.toString()).expect(ExitCodes.OK);
        Files.write(tree.resolve("notes.txt"), TestTrees.text(70_000, 5));
        Files.setLastModifiedTime(tree.resolve("notes.txt"), java.nio.file.attribute.FileTime.fromMillis(1_650_000_000_000L));
        Cli.run("build", tree.toString(), t2.toString(), "--base", t1.toString()).expect(ExitCodes.OK);
        Path flat = tmp.resolve("flat.hxz");
        Cli.run("flatten", t2.toString(), flat.toString(), "--threads", "1", "-q").expect(ExitCodes.OK);
        Files.delete(t1);
        Path out = tmp.resolve("out");
        Cli.run("extract", flat.toString(), out.toString()).expect(ExitCodes.OK);
        TestTrees.assertSameTree(tree, out);
    }

    @Test
    void aFlattenedStreamArchiveKeepsItsBytes() throws IOException {
        byte[] v1 = TestTrees.random(500_000, 7);
        byte[] v2 = v1.clone();
        v2[250_000] ^= 1;
        Path s1 = tmp.resolve("s1.hxz");
        Path s2 = tmp.resolve("s2.hxz");
        Cli.runWithStdin(v1, "pack", "-", s1.toString()).expect(ExitCodes.OK);
        Cli.runWithStdin(v2, "pack", "-", s2.toString(), "--base", s1.toString()).expect(ExitCodes.OK);
        Path flat = tmp.resolve("flat.hxz");
        JsonNode n = JSON.readTree(Cli.run("flatten", s2.toString(), flat.toString(), "--json").expect(0).out());
        assertEquals(1, n.get("sourceChainDepth").asInt());
        assertEquals("stream", n.get("kind").asText());
        assertEquals(v2.length, n.get("bytesIn").asLong());
        Files.delete(s1);
        Cli.Result cat = Cli.run("cat", flat.toString()).expect(ExitCodes.OK);
        assertArrayEquals(v2, cat.stdoutBytes());
    }

    @Test
    void errors() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        Path flat = tmp.resolve("flat.hxz");
        Files.write(flat, new byte[] {1});
        Cli.Result exists = Cli.run("flatten", v[1].toString(), flat.toString()).expect(ExitCodes.FAILURE);
        assertEquals("hexz: " + flat + ": already exists (use --force to replace it)\n", exists.err());
        Cli.Result self = Cli.run("flatten", v[1].toString(), v[1].toString(), "--force").expect(ExitCodes.USAGE);
        assertTrue(self.err().startsWith("hexz: " + v[1] + " is CHILD itself;"), self.err());
        Cli.Result ancestor = Cli.run("flatten", v[1].toString(), v[0].toString(), "--force").expect(ExitCodes.USAGE);
        assertTrue(ancestor.err().startsWith("hexz: " + v[0] + " is an ancestor of CHILD;"), ancestor.err());
        String parentId = Chains.id(v[0]);
        Files.delete(v[0]);
        Cli.Result missing = Cli.run("flatten", v[1].toString(), tmp.resolve("x.hxz").toString())
                .expect(ExitCodes.MISSING_PARENT);
        assertEquals("hexz: " + v[1] + ": missing parent v1.hxz (" + parentId + "): not found at " + v[0] + "\n",
                missing.err());
        assertFalse(Files.exists(tmp.resolve("x.hxz")));
    }
}
