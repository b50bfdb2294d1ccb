package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} of thin archives: the whole chain, or {@code --no-parents}. */
class VerifyChainTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static void flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, at);
        }
    }

    /** The first non-zero block of {@code archive} stored in source {@code source}. */
    private static BlockEntry block(Path archive, int source) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    if (e.source() == source && !e.isZero()) {
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("no block in source " + source);
    }

    @Test
    void aChainVerifiesThroughItsAncestors() throws IOException {
        Path[] v = Chains.chain(tmp, 3);
        ArchiveHeader h = Chains.header(v[2]);
        Cli.Result r = Cli.run("verify", v[2].toString()).expect(ExitCodes.OK);
        assertEquals("ok: " + h.blockCount() + " blocks, " + h.logicalSize() + " bytes verified, through a chain of"
                + " 2 ancestors\n", r.out());
        JsonNode n = JSON.readTree(Cli.run("verify", v[2].toString(), "--json").expect(ExitCodes.OK).out());
        assertEquals("chain", n.get("scope").asText());
        assertEquals(h.blockCount(), n.get("blocksChecked").asLong());
        assertEquals(0, n.get("blocksSkipped").asLong());
    }

    @Test
    void withoutItsParentOnlyNoParentsCanVerifyAThinArchive() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        ArchiveHeader h = Chains.header(v[1]);
        String parentId = Chains.id(v[0]);
        Files.delete(v[0]);
        Cli.Result plain = Cli.run("verify", v[1].toString()).expect(ExitCodes.MISSING_PARENT);
        assertEquals("hexz: " + v[1] + ": missing parent v1.hxz (" + parentId + "): not found at " + v[0] + "\n",
                plain.err());
        assertEquals("", plain.out());

        Cli.Result own = Cli.run("verify", v[1].toString(), "--no-parents").expect(ExitCodes.OK);
        long ownBlocks = h.blockCount() - h.referencedBlockCount();
        assertEquals("ok: " + Units.count(ownBlocks, "block", "blocks") + ", "
                + (h.logicalSize() - h.referencedBytes()) + " bytes verified (stored in this file); "
                + h.referencedBlockCount() + " blocks stored in its ancestors not checked (--no-parents)\n", own.out());
        assertEquals("", own.err());
        JsonNode n = JSON.readTree(Cli.run("verify", v[1].toString(), "--no-parents", "--json").expect(0).out());
        assertEquals("this-file", n.get("scope").asText());
        assertEquals(h.referencedBlockCount(), n.get("blocksSkipped").asLong());
    }

    @Test
    void aDamagedParentBlockIsFoundByVerifyingTheChildAndNamesTheParent() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        BlockEntry victim = block(v[1], 1);
        flip(v[0], victim.storedOffset() + 9);
        Cli.Result r = Cli.run("verify", v[1].toString()).expect(ExitCodes.CORRUPT);
        String line = "damaged block " + victim.number() + " at logical offset " + victim.logicalOffset()
                + ", stored at " + victim.storedOffset() + " in " + v[0] + ", in data.bin: checksum mismatch";
        assertTrue(r.out().startsWith(line), r.out());
        assertTrue(r.err().startsWith("hexz: " + v[1] + ": 1 damaged block (of "), r.err());
        JsonNode n = JSON.readTree(Cli.run("verify", v[1].toString(), "--json").expect(ExitCodes.CORRUPT).out());
        assertEquals(v[0].toString(), n.get("problems").get(0).get("storedIn").asText());
        // the child's own blocks are sound
        Cli.run("verify", v[1].toString(), "--no-parents").expect(ExitCodes.OK);
    }

    @Test
    void noParentsStillFindsDamageInTheArchivesOwnBlocks() throws IOException {
        Path[] v = Chains.chain(tmp, 2);
        BlockEntry own = block(v[1], 0);
        flip(v[1], own.storedOffset() + 9);
        Files.delete(v[0]);
        Cli.Result r = Cli.run("verify", v[1].toString(), "--no-parents").expect(ExitCodes.CORRUPT);
        assertTrue(r.out().startsWith("damaged block " + own.number() + " at logical offset " + own.logicalOffset()
                + ", stored at " + own.storedOffset() + ", in data.bin: checksum mismatch"), r.out());
    }

    @Test
    void noParentsOnAnArchiveThatStandsAloneChecksEverything() throws IOException {
        Path[] v = Chains.chain(tmp, 1);
        ArchiveHeader h = Chains.header(v[0]);
        Cli.Result r = Cli.run("verify", v[0].toString(), "--no-parents").expect(ExitCodes.OK);
        assertEquals("ok: " + h.blockCount() + " blocks, " + h.logicalSize() + " bytes verified\n", r.out());
    }
}
