package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.store.HexzHome;
import dev.hexz.store.RocksBlockStore;
import dev.hexz.store.UnsupportedStoreVersionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexz store stats} and {@code hexz store rebuild}, run in-process with the system
 * property {@code hexz.home} pointing at a temporary directory (a JVM cannot change its own
 * environment, so the property stands in for {@code HEXZ_HOME}).
 */
class StoreCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path home;
    Path store;
    Path archives;

    @BeforeEach
    void pointHexzHomeAtTmp() throws IOException {
        home = tmp.resolve("home");
        store = home.resolve("store");
        archives = Files.createDirectories(tmp.resolve("archives"));
        System.setProperty(HexzHome.PROPERTY, home.toString());
    }

    @AfterEach
    void restoreHexzHome() {
        System.clearProperty(HexzHome.PROPERTY);
    }

    /** Packs {@code bytes} of random data (seeded) into {@code archive} with the CLI. */
    private Path pack(Path archive, int bytes, long seed) throws IOException {
        Files.createDirectories(archive.getParent());
        Path in = tmp.resolve("in-" + seed + ".bin");
        Files.write(in, TestTrees.random(bytes, seed));
        Cli.run("pack", in.toString(), archive.toString()).expect(ExitCodes.OK);
        return archive;
    }

    private JsonNode statsJson() throws IOException {
        return JSON.readTree(Cli.run("store", "stats", "--json").expect(ExitCodes.OK).out());
    }

    @Test
    void statsOfAStoreThatDoesNotExistYetIsEmptyAndCreatesNothing() throws IOException {
        Cli.Result r = Cli.run("store", "stats").expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("store         " + store + " (does not exist yet)\narchives      0\n"), r.out());
        JsonNode j = statsJson();
        assertEquals(0, j.get("archives").asLong());
        assertFalse(j.get("exists").asBoolean());
        assertFalse(Files.exists(home));
    }

    @Test
    void rebuildRecordsTheArchivesFoundAndStatsCountThem() throws IOException {
        pack(archives.resolve("a.hxz"), 600_000, 1);
        pack(archives.resolve("deeper/b.hxz"), 600_000, 1); // the same bytes: every block in both
        Path broken = Files.writeString(archives.resolve("broken.hxz"), "not an archive\n".repeat(400));

        Cli.Result r = Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("recorded 2 archives ("), r.out());
        assertTrue(r.out().contains("; skipped 1\nstore " + store + ": 2 archives, "), r.out());
        assertEquals("hexz: warning: skipped " + broken + ": not a hexz archive (bad magic bytes) (at offset 0)\n",
                r.err());

        JsonNode j = statsJson();
        assertTrue(j.get("exists").asBoolean());
        assertEquals(2, j.get("archives").asLong());
        long distinct = j.get("distinctHashes").asLong();
        assertTrue(distinct > 2, j.toString());
        assertEquals(2 * distinct, j.get("blockEntries").asLong());
        assertEquals(2 * 600_000, j.get("logicalBytes").asLong());
        assertTrue(j.get("sizeOnDisk").asLong() > 0);
        assertEquals((double) j.get("logicalBytes").asLong() / j.get("storedBytes").asLong(),
                j.get("dedupRatio").asDouble(), 1e-9);

        String text = Cli.run("store", "stats").expect(ExitCodes.OK).out();
        assertTrue(text.contains("\nblocks        " + 2 * distinct + " recorded, " + distinct + " distinct ("
                + distinct + " also stored in another archive)\n"), text);
        assertTrue(text.contains("\nlogical size  1.1 MiB (1200000 bytes)\n"), text);
    }

    @Test
    void rebuildJsonListsWhatItDid() throws IOException {
        Path a = pack(archives.resolve("a.hxz"), 200_000, 2);
        Files.copy(a, archives.resolve("b-copy.hxz"));
        JsonNode j = JSON.readTree(Cli.run("store", "rebuild", archives.toString(), "--json").expect(ExitCodes.OK).out());
        assertEquals(1, j.get("recorded").size());
        assertEquals(a.toString(), j.get("recorded").get(0).get("path").asText());
        assertEquals(1, j.get("duplicates").size());
        assertEquals(a.toString(), j.get("duplicates").get(0).get("recordedFrom").asText());
        assertEquals(0, j.get("failed").size());
        assertTrue(j.get("movedAside").isNull());
        assertEquals(1, j.get("archives").asLong());
    }

    @Test
    void rebuildWithoutDirectoriesSearchesWhereTheKnownArchivesAre() throws IOException {
        pack(archives.resolve("a.hxz"), 200_000, 3);
        Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        pack(archives.resolve("b.hxz"), 200_000, 4);
        pack(archives.resolve("sub/c.hxz"), 200_000, 5); // a subdirectory: not searched without DIR
        Cli.Result r = Cli.run("store", "rebuild").expect(ExitCodes.OK);
        assertTrue(r.out().startsWith("recorded 2 archives"), r.out());
        assertEquals(2, statsJson().get("archives").asLong());
        // --keep adds to what is known
        Cli.run("store", "rebuild", "--keep", archives.resolve("sub").toString()).expect(ExitCodes.OK);
        assertEquals(3, statsJson().get("archives").asLong());
    }

    @Test
    void rebuildWithoutDirectoriesAndNothingKnownIsAUsageError() throws IOException {
        Cli.Result r = Cli.run("store", "rebuild").expect(ExitCodes.USAGE);
        assertTrue(r.err().startsWith("hexz: the block store knows no archives yet; name the directories that hold"
                + " them: hexz store rebuild DIR...\n"), r.err());
        assertFalse(Files.exists(store));
        Cli.run("store", "stats").expect(ExitCodes.OK); // creates nothing
        Files.createDirectories(home);
        Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK); // an empty store now exists
        Cli.run("store", "rebuild").expect(ExitCodes.USAGE);
    }

    @Test
    void aMissingDirectoryIsNotFound() {
        Path nope = tmp.resolve("nope");
        Cli.Result r = Cli.run("store", "rebuild", archives.toString(), nope.toString()).expect(ExitCodes.NOT_FOUND);
        assertEquals("hexz: " + nope + ": no such file or directory\n", r.err());
    }

    @Test
    void aDirectoryThatIsNotAStoreIsRefusedAndLeftAlone() throws IOException {
        Files.createDirectories(store);
        Files.writeString(store.resolve("diary.txt"), "dear diary");
        String line = "hexz: " + store + " is not a hexz store (no CURRENT file: the directory holds files but no"
                + " RocksDB database); nothing was changed\n";
        assertEquals(line, Cli.run("store", "stats").expect(ExitCodes.BAD_STORE).err());
        assertEquals(line, Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.BAD_STORE).err());
        try (Stream<Path> s = Files.list(store)) {
            assertEquals(List.of(store.resolve("diary.txt")), s.toList());
        }
        try (Stream<Path> s = Files.list(home)) {
            assertEquals(1, s.count(), "nothing moved aside");
        }
    }

    @Test
    void aDamagedStoreIsRefusedThenRebuiltAfterBeingMovedAside() throws IOException {
        pack(archives.resolve("a.hxz"), 200_000, 6);
        Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        Files.writeString(store.resolve("CURRENT"), "garbage");
        Cli.Result r = Cli.run("store", "stats").expect(ExitCodes.BAD_STORE);
        assertTrue(r.err().startsWith("hexz: block store " + store + " is damaged ("), r.err());
        assertTrue(r.err().endsWith("; it is only an index: rebuild it from your archives with 'hexz store rebuild"
                + " DIR…'\n"), r.err());
        assertEquals(1, r.err().lines().count());
        // without DIR it cannot know where the archives are
        Cli.run("store", "rebuild").expect(ExitCodes.BAD_STORE);

        Cli.Result rebuilt = Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        assertTrue(rebuilt.err().startsWith("hexz: warning: block store " + store + " was damaged ("), rebuilt.err());
        assertTrue(rebuilt.err().contains("; moved it to " + home.resolve("store.damaged-")), rebuilt.err());
        assertEquals(1, statsJson().get("archives").asLong());
        try (Stream<Path> s = Files.list(home)) {
            Path aside = s.filter(p -> p.getFileName().toString().startsWith("store.damaged-")).findFirst().orElseThrow();
            assertEquals("garbage", Files.readString(aside.resolve("CURRENT")), "kept as it was");
        }
    }

    @Test
    void aStoreInUseMakesTheCommandWaitThenNameTheHolder() throws IOException {
        Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        // held by "another process": this JVM, opening it directly rather than through BlockStores
        try (RocksBlockStore holder = RocksBlockStore.open(store, Duration.ZERO)) {
            Cli.Result r = Cli.run("store", "stats", "--wait", "0.2").expect(ExitCodes.LOCKED);
            List<String> lines = r.err().lines().toList();
            assertEquals(2, lines.size(), r.err());
            String inUse = "block store " + store + " is in use by pid " + ProcessHandle.current().pid() + " (";
            assertTrue(lines.get(0).startsWith("hexz: warning: " + inUse), lines.get(0));
            assertTrue(lines.get(0).endsWith("; waiting up to 0.20 s for it"), lines.get(0));
            assertTrue(lines.get(1).startsWith("hexz: " + inUse), lines.get(1));
            assertTrue(lines.get(1).endsWith("; gave up after waiting 0.2 s, try again when it has finished"), lines.get(1));
            // with --wait 0, just the error
            Cli.Result now = Cli.run("store", "rebuild", archives.toString(), "--wait", "0").expect(ExitCodes.LOCKED);
            assertEquals(1, now.err().lines().count(), now.err());
        }
        Cli.run("store", "stats", "--wait", "0").expect(ExitCodes.OK);
    }

    @Test
    void aStoreLastHeldByAProcessThatDiedOpensAtOnce() throws Exception {
        Cli.run("store", "rebuild", archives.toString()).expect(ExitCodes.OK);
        Process dead = new ProcessBuilder("true").start();
        assertTrue(dead.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        // what a killed hexz leaves: its owner file (the kernel has released its lock)
        Files.writeString(store.resolve("hexz-owner"), "{\"pid\":" + dead.pid() + ",\"host\":\"" + hostName()
                + "\",\"command\":\"hexz pack big.bin big.hxz\",\"sinceMillis\":1}");
        Cli.Result r = Cli.run("store", "stats", "--wait", "0").expect(ExitCodes.OK);
        assertEquals("", r.err());
    }

    private static String hostName() throws IOException {
        return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    }

    @Test
    void usageErrors() {
        Cli.run("store").expect(ExitCodes.USAGE);
        Cli.Result r = Cli.run("store", "stats", "--wait", "-1").expect(ExitCodes.USAGE);
        assertTrue(r.err().startsWith("hexz: --wait must be 0..86400 seconds, got -1.0\n"), r.err());
        Cli.run("store", "nope").expect(ExitCodes.USAGE);
    }

    @Test
    void aNewerStoreIsUnsupported() {
        assertEquals(ExitCodes.UNSUPPORTED_VERSION, HexzMain.exitCodeOf(new UnsupportedStoreVersionException(store, 2, 1)));
    }

    @Test
    void helpListsTheStoreCommands() {
        String help = Cli.run("store", "--help").expect(ExitCodes.OK).out();
        assertTrue(help.contains("stats") && help.contains("rebuild"), help);
        String top = Cli.run("--help").expect(ExitCodes.OK).out();
        assertTrue(top.contains("  9  bad store"), top);
    }
}
