package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path sampleArchive() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.write(tree.resolve("a.bin"), TestTrees.random(100_000, 1));
        Files.write(tree.resolve("b.bin"), TestTrees.random(100_000, 2));
        Files.write(tree.resolve("zeros.bin"), new byte[50_000]);
        Path a = tmp.resolve("t.hxz");
        Cli.run("pack", tree.toString(), a.toString()).expect(ExitCodes.OK);
        return a;
    }

    @Test
    void aSoundArchiveIsOk() throws IOException {
        Path a = sampleArchive();
        long blocks;
        try (ArchiveReader r = ArchiveReader.open(a)) {
            blocks = r.blockCount();
        }
        Cli.Result r = Cli.run("verify", a.toString()).expect(ExitCodes.OK);
        assertEquals("ok: " + blocks + " blocks, 250000 bytes verified\n", r.out());
        assertEquals("", r.err());
        JsonNode n = JSON.readTree(Cli.run("verify", a.toString(), "--json", "--threads", "1").expect(0).out());
        assertTrue(n.get("ok").asBoolean());
        assertEquals(blocks, n.get("blocksChecked").asLong());
        assertEquals(0, n.get("problems").size());
    }

    @Test
    void aFlippedByteIsReportedWithBlockOffsetsAndFileAndExits4() throws IOException {
        Path a = sampleArchive();
        BlockEntry victim = null;
        try (ArchiveReader r = ArchiveReader.open(a)) {
            ManifestEntry b = r.file("b.bin").orElseThrow().entry();
            for (BlockEntry e : r.pageEntries(0)) {
                if (e.logicalOffset() >= b.logicalOffset() && !e.isZero()) {
                    victim = e;
                    break;
                }
            }
        }
        assertTrue(victim != null);
        try (FileChannel ch = FileChannel.open(a, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, victim.storedOffset() + 7);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            ch.write(one, victim.storedOffset() + 7);
        }
        Cli.Result r = Cli.run("verify", a.toString()).expect(ExitCodes.CORRUPT);
        String line = "damaged block " + victim.number() + " at logical offset " + victim.logicalOffset()
                + ", stored at " + victim.storedOffset() + ", in b.bin: checksum mismatch: index says ";
        assertTrue(r.out().startsWith(line), r.out());
        assertEquals(1, r.out().lines().count(), r.out());
        assertEquals("hexz: " + a + ": 1 damaged block (of ", r.err().substring(0, r.err().indexOf("(of ") + 4));
        assertFalse(r.err().contains("\tat "), r.err());

        JsonNode n = JSON.readTree(Cli.run("verify", a.toString(), "--json").expect(ExitCodes.CORRUPT).out());
        assertFalse(n.get("ok").asBoolean());
        JsonNode p = n.get("problems").get(0);
        assertEquals(victim.number(), p.get("block").asLong());
        assertEquals(victim.logicalOffset(), p.get("logicalOffset").asLong());
        assertEquals(victim.storedOffset(), p.get("storedOffset").asLong());
        assertEquals("b.bin", p.get("files").get(0).asText());

        // reading the damaged file fails with the same kind of exit code, naming the archive and block
        Cli.Result cat = Cli.run("cat", a.toString(), "b.bin").expect(ExitCodes.CORRUPT);
        assertTrue(cat.err().startsWith("hexz: " + a + ": block " + victim.number() + " (logical offset "), cat.err());
        // and an interrupted extraction leaves no partial file under its name
        Cli.run("extract", a.toString(), tmp.resolve("out").toString()).expect(ExitCodes.CORRUPT);
        assertFalse(Files.exists(tmp.resolve("out/b.bin")));
        try (var s = Files.list(tmp.resolve("out"))) {
            assertTrue(s.noneMatch(x -> x.getFileName().toString().startsWith(".hexz-")));
        }
    }
}
