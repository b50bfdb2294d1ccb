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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectThinTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aThinArchiveShowsItsParentChainDepthAndWhatIsStoredHereVsReferenced() throws IOException {
        Path[] v = Chains.chain(tmp, 3);
        ArchiveHeader h = Chains.header(v[2]);
        String out = Cli.run("inspect", v[2].toString()).expect(ExitCodes.OK).out();
        String[] expected = {
            "parent        " + v[1] + " (" + Chains.id(v[1]) + ")",
            "chain depth   2",
            "stored here   " + Units.bytesExact(h.storedBytes()),
            "referenced    " + Units.bytesExact(h.referencedBytes()) + " in " + h.referencedBlockCount()
                + " blocks stored up the chain",
            "blocks        " + h.blockCount() + ": " + h.storedBlockCount() + " unique, " + h.dedupBlockCount()
                + " deduplicated, 0 zero, " + h.referencedBlockCount() + " referenced",
            "metadata      {\"message\":\"version 3\"}",
        };
        for (String line : expected) {
            assertTrue(out.contains("\n" + line + "\n"), "missing '" + line + "' in:\n" + out);
        }
        assertFalse(out.contains("ancestor 1"), out);
        assertFalse(out.contains("stored size"), out);

        String chain = Cli.run("inspect", v[2].toString(), "--chain").expect(ExitCodes.OK).out();
        assertTrue(chain.contains("\nchain depth   2\n  ancestor 1  " + v[1] + " (" + Chains.id(v[1]) + ")\n"
                + "  ancestor 2  " + v[0] + " (" + Chains.id(v[0]) + ")\n"), chain);

        String root = Cli.run("inspect", v[0].toString()).expect(ExitCodes.OK).out();
        assertFalse(root.contains("parent"), root);
        assertTrue(root.contains("\nstored size   "), root);
    }

    @Test
    void jsonHasTheParentTheChainAndTheReferencedCounts() throws IOException {
        Path[] v = Chains.chain(tmp, 3);
        ArchiveHeader h = Chains.header(v[2]);
        JsonNode n = JSON.readTree(Cli.run("inspect", v[2].toString(), "--json").expect(ExitCodes.OK).out());
        assertTrue(n.get("thin").asBoolean());
        assertEquals(2, n.get("chainDepth").asInt());
        assertEquals(h.storedBytes(), n.get("storedSize").asLong());
        assertEquals(h.referencedBytes(), n.get("referencedBytes").asLong());
        assertEquals(h.referencedBlockCount(), n.get("referencedBlocks").asLong());
        assertEquals(h.referencedBlockCount(), n.get("blocks").get("referenced").asLong());
        JsonNode p = n.get("parent");
        assertEquals("v2.hxz", p.get("path").asText());
        assertEquals(v[1].toString(), p.get("location").asText());
        assertEquals(Chains.id(v[1]), p.get("archiveId").asText());
        assertEquals(64, p.get("indexDigest").asText().length());
        assertEquals(2, n.get("chain").size());
        assertEquals(2, n.get("chain").get(1).get("depth").asInt());
        assertEquals("v1.hxz", n.get("chain").get(1).get("path").asText());
        assertEquals(Chains.id(v[0]), n.get("chain").get(1).get("archiveId").asText());
        assertEquals("version 3", n.get("metadata").get("message").asText());
        assertFalse(n.has("chainError"));

        JsonNode root = JSON.readTree(Cli.run("inspect", v[0].toString(), "--json").expect(ExitCodes.OK).out());
        assertFalse(root.get("thin").asBoolean());
        assertTrue(root.get("parent").isNull());
        assertEquals(0, root.get("chain").size());
    }

    @Test
    void aBrokenChainIsStillShownThenReportedWithExit6() throws IOException {
        Path[] v = Chains.chain(tmp, 3);
        String rootId = Chains.id(v[0]);
        Files.delete(v[0]);
        Cli.Result r = Cli.run("inspect", v[2].toString()).expect(ExitCodes.MISSING_PARENT);
        assertTrue(r.out().contains("\nparent        " + v[1] + " ("), r.out());
        assertTrue(r.err().startsWith("hexz: " + v[2] + ": missing ancestor 2 v1.hxz (" + rootId
                + "): not found at " + v[0]), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        JsonNode n = JSON.readTree(Cli.run("inspect", v[2].toString(), "--json").expect(ExitCodes.MISSING_PARENT).out());
        assertTrue(n.get("chainError").asText().contains("missing ancestor 2 v1.hxz"), n.toString());
    }
}
