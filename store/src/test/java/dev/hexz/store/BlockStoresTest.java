package dev.hexz.store;

import static dev.hexz.store.Fixtures.blocks;
import static dev.hexz.store.Fixtures.id;
import static dev.hexz.store.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One open store per process, shared by leases; and where the store lives. */
class BlockStoresTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(HexzHome.PROPERTY);
    }

    @Test
    void leasesShareOneOpenStoreThatClosesWithTheLast() throws IOException {
        Path dir = tmp.resolve("store");
        BlockStore a = BlockStores.open(dir, Duration.ZERO);
        BlockStore b = BlockStores.open(tmp.resolve("x/../store"), Duration.ZERO); // same directory, other spelling
        a.record(record(id(1), 1, 1), blocks(0, 3));
        assertEquals(3, b.stats().blockEntries());
        a.close();
        a.close(); // a lease closes once
        assertTrue(BlockStores.isOpen(dir));
        assertThrows(IllegalStateException.class, () -> a.find(Fixtures.hash(0)));
        assertEquals(1, b.archives().size());
        b.close();
        assertFalse(BlockStores.isOpen(dir));
        assertFalse(Files.exists(dir.resolve(StoreOwner.FILE_NAME)));
        // and it opens again
        try (BlockStore c = BlockStores.open(dir, Duration.ZERO)) {
            assertEquals(1, c.archives().size());
        }
    }

    @Test
    void theDefaultStoreIsUnderHexzHome() throws IOException {
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
        assertEquals(tmp.resolve("home"), HexzHome.home());
        assertEquals(tmp.resolve("home/store"), HexzHome.store());
        try (BlockStore s = BlockStores.openDefault()) {
            assertEquals(tmp.resolve("home/store"), s.directory().orElseThrow());
        }
        assertTrue(Files.exists(tmp.resolve("home/store/CURRENT")));
    }

    @Test
    void theHomeComesFromThePropertyThenTheEnvironmentThenTheUsersHome() {
        System.setProperty(HexzHome.PROPERTY, "relative/home");
        assertEquals(Path.of("relative/home").toAbsolutePath(), HexzHome.home());
        System.setProperty(HexzHome.PROPERTY, " ");
        String env = System.getenv(HexzHome.ENV);
        Path expected = env == null || env.isBlank() ? Path.of(System.getProperty("user.home"), ".hexz")
                : Path.of(env).toAbsolutePath().normalize();
        assertEquals(expected, HexzHome.home());
    }

    @Test
    void aDamagedStoreIsMovedAsideNotDeleted() throws IOException {
        Path dir = tmp.resolve("store");
        try (BlockStore s = BlockStores.open(dir, Duration.ZERO)) {
            s.record(record(id(1), 1, 1), blocks(0, 3));
        }
        Path aside = BlockStores.moveAside(dir);
        assertFalse(Files.exists(dir));
        assertTrue(aside.getFileName().toString().startsWith("store.damaged-"), aside.toString());
        assertTrue(Files.exists(aside.resolve("CURRENT")));
        Path second = BlockStores.moveAside(Files.createDirectories(dir));
        assertTrue(!second.equals(aside) && Files.isDirectory(second));
    }
}
