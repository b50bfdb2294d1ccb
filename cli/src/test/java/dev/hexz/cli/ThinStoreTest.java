package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thin pack uses and fills the block store; the store finds an ancestor that moved. */
class ThinStoreTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void pointHexzHomeAtTmp() {
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
    }

    @AfterEach
    void restoreHexzHome() {
        System.clearProperty(HexzHome.PROPERTY);
    }

    @Test
    void packWithBaseRecordsTheChainAndTheNewArchive() throws IOException {
        Path[] chain = Chains.chain(Files.createDirectories(tmp.resolve("a")), 3);
        JsonNode stats = new ObjectMapper().readTree(Cli.run("store", "stats", "--json").expect(ExitCodes.OK).out());
        assertEquals(3, stats.get("archives").asInt(), stats.toString());
        assertTrue(chain[2].toFile().exists());
    }

    @Test
    void anAncestorThatMovedIsFoundThroughTheStore() throws IOException {
        Path[] chain = Chains.chain(Files.createDirectories(tmp.resolve("a")), 2);
        Path moved = Files.createDirectories(tmp.resolve("elsewhere")).resolve("v1.hxz");
        Files.move(chain[0], moved);
        Cli.run("store", "rebuild", tmp.resolve("elsewhere").toString(), "--keep").expect(ExitCodes.OK);
        Cli.Result r = Cli.run("cat", chain[1].toString());
        r.expect(ExitCodes.OK);
        assertEquals(Chains.version(2).length, r.stdoutBytes().length);
    }
}
