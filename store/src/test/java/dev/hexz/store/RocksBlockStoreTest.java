package dev.hexz.store;

import static dev.hexz.store.Fixtures.blocks;
import static dev.hexz.store.Fixtures.hash;
import static dev.hexz.store.Fixtures.id;
import static dev.hexz.store.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** The contract, held by RocksDB; and what only a store on disk can get wrong. */
class RocksBlockStoreTest extends BlockStoreContractTest {

    @Override
    BlockStore newStore(Path tmp) throws IOException {
        return RocksBlockStore.open(tmp.resolve("store"), Duration.ZERO);
    }

    private Path dir() {
        return tmp.resolve("store");
    }

    @Test
    void whatWasRecordedIsThereAfterReopening() throws IOException {
        ArchiveRecord a = record(id(1), 1000, 400);
        store.record(a, blocks(0, 100));
        store.record(record(id(2), 1, 1), blocks(50, 100));
        store.forget(id(2));
        StoreStats before = store.stats();
        store.close();
        store = RocksBlockStore.open(dir(), Duration.ZERO);
        assertEquals(List.of(a), store.archives());
        assertEquals(List.of(new BlockLocation(id(1), 42, 1042)), store.find(hash(42)));
        assertEquals(List.of(), store.find(hash(120)));
        StoreStats after = store.stats();
        assertEquals(before.blockEntries(), after.blockEntries());
        assertEquals(100, after.distinctHashes());
        assertTrue(after.sizeOnDisk() > 0);
    }

    @Test
    void anUnfinishedRecordingStaysInvisibleAfterReopening() throws IOException {
        BlockSource dies = sink -> {
            sink.accept(hash(1), 0, 10);
            throw new IOException("killed");
        };
        assertThrows(IOException.class, () -> store.record(record(id(5), 1, 1), dies));
        store.close();
        store = RocksBlockStore.open(dir(), Duration.ZERO);
        assertEquals(List.of(), store.find(hash(1)));
        assertEquals(0, store.stats().blockEntries());
    }

    @Test
    void theOwnerFileNamesThisProcessWhileOpen() throws IOException {
        Optional<StoreOwner> owner = StoreOwner.read(dir());
        assertTrue(owner.isPresent());
        assertEquals(ProcessHandle.current().pid(), owner.get().pid());
        assertTrue(owner.get().alive());
        store.close();
        assertFalse(Files.exists(dir().resolve(StoreOwner.FILE_NAME)));
    }

    @Test
    void aSecondOpenInTheSameProcessWaitsThenNamesTheHolder() throws IOException {
        long start = System.nanoTime();
        StoreLockedException e = assertThrows(StoreLockedException.class,
                () -> RocksBlockStore.open(dir(), Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertEquals(ProcessHandle.current().pid(), e.holder().orElseThrow().pid());
        assertTrue(e.getMessage().startsWith("block store " + dir() + " is in use by pid "
                + ProcessHandle.current().pid() + " ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("gave up after waiting 0.3 s, try again when it has finished"), e.getMessage());
        // the first is unharmed
        store.record(record(id(1), 1, 1), blocks(0, 1));
        assertEquals(1, store.stats().blockEntries());
    }

    @Test
    void aNewerSchemaIsRefusedAndLeftAsItIs() throws Exception {
        store.record(record(id(1), 1, 1), blocks(0, 5));
        store.close();
        setMeta(dir(), StoreSchema.META_SCHEMA_VERSION, StoreSchema.u64(2));
        UnsupportedStoreVersionException e = assertThrows(UnsupportedStoreVersionException.class,
                () -> RocksBlockStore.open(dir(), Duration.ZERO));
        assertEquals(2, e.foundVersion());
        assertTrue(e.getMessage().contains("schema version 2, this hexz knows 1"), e.getMessage());
        setMeta(dir(), StoreSchema.META_SCHEMA_VERSION, StoreSchema.u64(1));
        store = RocksBlockStore.open(dir(), Duration.ZERO);
        assertEquals(5, store.stats().blockEntries());
    }

    @Test
    void aGarbledSchemaVersionIsCorruption() throws Exception {
        store.close();
        setMeta(dir(), StoreSchema.META_SCHEMA_VERSION, new byte[] {1, 2, 3});
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RocksBlockStore.open(dir(), Duration.ZERO));
        assertTrue(e.getMessage().contains("hexz store rebuild"), e.getMessage());
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO); // for @AfterEach
    }

    @Test
    void aDirectoryOfOtherFilesIsNotAStoreAndIsLeftAlone() throws IOException {
        store.close();
        Path other = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(other.resolve("cat.jpg"), "meow");
        NotAStoreException e = assertThrows(NotAStoreException.class, () -> RocksBlockStore.open(other, Duration.ZERO));
        assertEquals(other + " is not a hexz store (no CURRENT file: the directory holds files but no RocksDB"
                + " database); nothing was changed", e.getMessage());
        try (Stream<Path> files = Files.list(other)) {
            assertEquals(List.of(other.resolve("cat.jpg")), files.toList());
        }
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        NotAStoreException f = assertThrows(NotAStoreException.class, () -> RocksBlockStore.open(file, Duration.ZERO));
        assertTrue(f.getMessage().contains("it is a file, not a directory"), f.getMessage());
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void anotherRocksDbIsNotAStore() throws Exception {
        store.close();
        Path foreign = tmp.resolve("foreign");
        try (Options o = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(o, foreign.toString())) {
            db.put("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        NotAStoreException e = assertThrows(NotAStoreException.class, () -> RocksBlockStore.open(foreign, Duration.ZERO));
        assertTrue(e.getMessage().contains("a RocksDB database that hexz did not create"), e.getMessage());
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void aGarbledCurrentFileIsCorruptionNamingTheWayOut() throws IOException {
        store.record(record(id(1), 1, 1), blocks(0, 5));
        store.close();
        Files.writeString(dir().resolve("CURRENT"), "\u0000\u0013garbage-without-newline");
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> RocksBlockStore.open(dir(), Duration.ZERO));
        assertTrue(e.getMessage().startsWith("block store " + dir() + " is damaged ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("rebuild it from your archives with 'hexz store rebuild DIR…'"), e.getMessage());
        assertTrue(Files.exists(dir().resolve("CURRENT")), "nothing is deleted");
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void aCurrentFileNamingAMissingManifestIsCorruption() throws IOException {
        store.close();
        Files.writeString(dir().resolve("CURRENT"), "MANIFEST-999999\n");
        assertThrows(CorruptStoreException.class, () -> RocksBlockStore.open(dir(), Duration.ZERO));
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void aTruncatedTableFileIsCorruption() throws IOException {
        store.record(record(id(1), 1, 1), blocks(0, 2000));
        ((RocksBlockStore) store).flush();
        store.close();
        List<Path> tables = tables();
        assertFalse(tables.isEmpty());
        for (Path t : tables) {
            byte[] b = Files.readAllBytes(t);
            Files.write(t, java.util.Arrays.copyOf(b, b.length / 2));
        }
        assertThrows(CorruptStoreException.class, () -> RocksBlockStore.open(dir(), Duration.ZERO));
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void aGarbledTableFileIsCorruptionWhenRead() throws IOException {
        store.record(record(id(1), 1, 1), blocks(0, 2000));
        ((RocksBlockStore) store).flush();
        store.close();
        for (Path t : tables()) {
            byte[] b = Files.readAllBytes(t);
            for (int i = 0; i < b.length / 2; i++) { // the data blocks are at the front
                b[i] ^= 0x5A;
            }
            Files.write(t, b);
        }
        // RocksDB may notice when opening (it reads a table's footer and index) or on the first read
        CorruptStoreException e = assertThrows(CorruptStoreException.class, () -> {
            store = RocksBlockStore.open(dir(), Duration.ZERO);
            store.stats();
        });
        assertTrue(e.getMessage().contains("hexz store rebuild"), e.getMessage());
        if (store != null) {
            store.close();
        }
        store = RocksBlockStore.open(tmp.resolve("other"), Duration.ZERO);
    }

    @Test
    void anEmptyDirectoryBecomesAStore() throws IOException {
        store.close();
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        store = RocksBlockStore.open(empty, Duration.ZERO);
        assertTrue(Files.exists(empty.resolve("CURRENT")));
        assertEquals(Optional.of(empty), store.directory());
    }

    private List<Path> tables() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sst")).toList();
        }
    }

    /** Writes a key of the meta column family directly, as a newer or broken hexz might have. */
    private static void setMeta(Path dir, byte[] key, byte[] value) throws Exception {
        List<byte[]> names;
        try (Options o = new Options()) {
            names = RocksDB.listColumnFamilies(o, dir.toString());
        }
        List<ColumnFamilyDescriptor> ds = new ArrayList<>();
        for (byte[] n : names) {
            ds.add(new ColumnFamilyDescriptor(n));
        }
        List<ColumnFamilyHandle> hs = new ArrayList<>();
        try (DBOptions o = new DBOptions(); RocksDB db = RocksDB.open(o, dir.toString(), ds, hs)) {
            for (int i = 0; i < names.size(); i++) {
                if (new String(names.get(i), StandardCharsets.UTF_8).equals(StoreSchema.CF_META)) {
                    db.put(hs.get(i), key, value);
                }
            }
            hs.forEach(ColumnFamilyHandle::close);
        }
    }

    @Test
    void wrappedRocksExceptionsAreStoreExceptions() {
        StoreException e = RocksBlockStore.wrap(dir(), "doing something",
                new org.rocksdb.RocksDBException("boom", new org.rocksdb.Status(org.rocksdb.Status.Code.IOError,
                        org.rocksdb.Status.SubCode.None, "boom")));
        assertInstanceOf(StoreException.class, e);
        assertEquals("block store " + dir() + ": doing something failed: boom", e.getMessage());
    }
}
