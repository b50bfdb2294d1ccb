package dev.hexz.store;

import static dev.hexz.store.Fixtures.blocks;
import static dev.hexz.store.Fixtures.hash;
import static dev.hexz.store.Fixtures.id;
import static dev.hexz.store.Fixtures.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlockStore} does, run against each implementation by a subclass: the
 * in-memory twin is only useful if it behaves exactly like the real thing.
 */
abstract class BlockStoreContractTest {

    @TempDir
    Path tmp;

    BlockStore store;

    /** A new, empty store; {@code tmp} is this test's own directory. */
    abstract BlockStore newStore(Path tmp) throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = newStore(tmp);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    @Test
    void anEmptyStoreFindsNothing() throws IOException {
        assertEquals(List.of(), store.find(hash(1)));
        assertEquals(Optional.empty(), store.findIn(hash(1), Set.of(id(1))));
        assertEquals(List.of(), store.archives());
        assertEquals(Optional.empty(), store.archive(id(1)));
        StoreStats s = store.stats();
        assertEquals(0, s.archives());
        assertEquals(0, s.distinctHashes());
        assertEquals(0, s.blockEntries());
        assertEquals(1.0, s.dedupRatio());
    }

    @Test
    void aRecordedBlockIsFoundWhereItIsStored() throws IOException {
        ArchiveRecord a = record(id(1), 10_000, 4_000);
        store.record(a, new BlockBatch().add(hash(1), 0, 100).add(hash(2), 7, 200));
        assertEquals(List.of(new BlockLocation(id(1), 0, 100)), store.find(hash(1)));
        assertEquals(List.of(new BlockLocation(id(1), 7, 200)), store.find(hash(2)));
        assertEquals(List.of(), store.find(hash(3)));
        assertEquals(Optional.of(a), store.archive(id(1)));
        assertEquals(List.of(a), store.archives());
    }

    @Test
    void findLooksAtTheWholeHash() throws IOException {
        byte[] h = hash(1);
        store.record(record(id(1), 1, 1), new BlockBatch().add(h, 0, 100));
        byte[] almost = h.clone();
        almost[31] ^= 1;
        assertEquals(List.of(), store.find(almost));
        byte[] before = h.clone();
        before[31]--;
        assertEquals(List.of(), store.find(before));
    }

    @Test
    void aBlockInSeveralArchivesIsFoundInEachOrderedByArchiveId() throws IOException {
        ArchiveId x = id(1);
        ArchiveId y = id(2);
        store.record(record(x, 1, 1), new BlockBatch().add(hash(1), 3, 100));
        store.record(record(y, 1, 1), new BlockBatch().add(hash(1), 5, 100).add(hash(2), 6, 50));
        List<BlockLocation> both = List.of(new BlockLocation(x, 3, 100), new BlockLocation(y, 5, 100));
        List<BlockLocation> found = store.find(hash(1));
        List<BlockLocation> expected = new ArrayList<>(both);
        expected.sort((p, q) -> InMemoryBlockStore.ID_ORDER.compare(p.archive(), q.archive()));
        assertEquals(expected, found);
        assertEquals(Optional.of(new BlockLocation(y, 5, 100)), store.findIn(hash(1), Set.of(y)));
        assertEquals(Optional.of(new BlockLocation(x, 3, 100)), store.findIn(hash(1), Set.of(x, id(9))));
        assertEquals(Optional.of(expected.get(0)), store.findIn(hash(1), Set.of(x, y)));
        assertEquals(Optional.empty(), store.findIn(hash(2), Set.of(x)));
        assertEquals(Optional.empty(), store.findIn(hash(1), Set.of()));
    }

    @Test
    void findAllAnswersEachHashInOrder() throws IOException {
        store.record(record(id(1), 1, 1), blocks(0, 10));
        List<byte[]> asked = List.of(hash(3), hash(100), hash(0), hash(3));
        List<List<BlockLocation>> answers = store.findAll(asked);
        assertEquals(4, answers.size());
        assertEquals(List.of(new BlockLocation(id(1), 3, 1003)), answers.get(0));
        assertEquals(List.of(), answers.get(1));
        assertEquals(List.of(new BlockLocation(id(1), 0, 1000)), answers.get(2));
        assertEquals(answers.get(0), answers.get(3));
        assertEquals(List.of(), store.findAll(List.of()));
    }

    @Test
    void recordingAnArchiveAgainChangesNothing() throws IOException {
        ArchiveRecord a = record(id(1), 1000, 500);
        store.record(a, blocks(0, 50));
        store.record(record(id(2), 10, 5), blocks(40, 20));
        StoreStats before = store.stats();
        store.record(a, blocks(0, 50));
        StoreStats after = store.stats();
        assertEquals(before.archives(), after.archives());
        assertEquals(before.distinctHashes(), after.distinctHashes());
        assertEquals(before.blockEntries(), after.blockEntries());
        assertEquals(before.logicalBytes(), after.logicalBytes());
        assertEquals(List.of(new BlockLocation(id(1), 7, 1007)), store.find(hash(7)));
        assertEquals(2, store.archives().size());
    }

    @Test
    void recordingAgainReplacesTheArchiveRecord() throws IOException {
        ArchiveRecord first = record(id(1), 1000, 500);
        store.record(first, blocks(0, 3));
        ArchiveRecord moved = new ArchiveRecord(id(1), tmp.resolve("elsewhere.hxz"), null, new byte[] {1, 2, 3}, 1000,
                500, 9000, first.createdMillis(), first.registeredMillis() + 5, 0);
        store.record(moved, blocks(0, 3));
        assertEquals(Optional.of(moved), store.archive(id(1)));
        assertEquals(List.of(moved), store.archives());
    }

    @Test
    void anArchiveWithAParentKeepsIt() throws IOException {
        ArchiveRecord base = record(id(1), 1000, 500);
        ArchiveRecord child = new ArchiveRecord(id(2), tmp.resolve("child.hxz"), id(1), new byte[32], 1100, 20, 9000,
                5, 6, 1);
        store.record(base, blocks(0, 3));
        store.record(child, blocks(3, 1));
        assertEquals(Optional.of(child), store.archive(id(2)));
        assertEquals(id(1), store.archive(id(2)).orElseThrow().parent());
        assertEquals(1, store.archive(id(2)).orElseThrow().chainDepth());
    }

    @Test
    void archivesAreListedByArchiveId() throws IOException {
        List<ArchiveRecord> all = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ArchiveRecord r = record(id(i), i, i);
            all.add(r);
            store.record(r, blocks(i * 10, 2));
        }
        all.sort((p, q) -> InMemoryBlockStore.ID_ORDER.compare(p.id(), q.id()));
        assertEquals(all, store.archives());
    }

    @Test
    void forgetRemovesAnArchiveAndOnlyItsEntries() throws IOException {
        store.record(record(id(1), 1000, 400), blocks(0, 10));   // hashes 0..9
        store.record(record(id(2), 2000, 600), blocks(5, 10));   // hashes 5..14
        store.forget(id(1));
        assertEquals(Optional.empty(), store.archive(id(1)));
        assertEquals(List.of(), store.find(hash(0)));
        assertEquals(List.of(new BlockLocation(id(2), 0, 1005)), store.find(hash(5)));
        assertEquals(Optional.empty(), store.findIn(hash(5), Set.of(id(1))));
        StoreStats s = store.stats();
        assertEquals(1, s.archives());
        assertEquals(10, s.distinctHashes());
        assertEquals(10, s.blockEntries());
        assertEquals(2000, s.logicalBytes());
        store.forget(id(1)); // again: nothing to do
        store.forget(id(7)); // never known
        assertEquals(1, store.archives().size());
        // and it can be recorded again
        store.record(record(id(1), 1000, 400), blocks(0, 10));
        assertEquals(2, store.find(hash(7)).size());
    }

    @Test
    void statsCountArchivesHashesEntriesAndBytes() throws IOException {
        store.record(record(id(1), 1000, 400), blocks(0, 10));
        store.record(record(id(2), 3000, 600), blocks(5, 10));
        StoreStats s = store.stats();
        assertEquals(2, s.archives());
        assertEquals(15, s.distinctHashes());
        assertEquals(20, s.blockEntries());
        assertEquals(4000, s.logicalBytes());
        assertEquals(1000, s.storedBytes());
        assertEquals(400 + 8192 + 600 + 8192, s.archiveFileBytes());
        assertEquals(4.0, s.dedupRatio());
    }

    @Test
    void clearEmptiesTheStore() throws IOException {
        store.record(record(id(1), 1000, 400), blocks(0, 10));
        store.record(record(id(2), 1000, 400), blocks(0, 10));
        store.clear();
        assertEquals(List.of(), store.archives());
        assertEquals(List.of(), store.find(hash(3)));
        assertEquals(0, store.stats().blockEntries());
        store.record(record(id(2), 1000, 400), blocks(0, 1));
        assertEquals(1, store.stats().blockEntries());
    }

    @Test
    void aRecordingThatFailsLeavesNothingVisible() throws IOException {
        store.record(record(id(1), 1000, 400), blocks(0, 2));
        IOException boom = new IOException("the archive went away");
        BlockSource failing = sink -> {
            for (int i = 0; i < 70_000; i++) { // more than one write batch
                sink.accept(hash(1000 + i), i, 64);
            }
            sink.accept(hash(0), 99, 64);
            throw boom;
        };
        IOException thrown = assertThrows(IOException.class, () -> store.record(record(id(2), 10, 10), failing));
        assertSame(boom, thrown);
        assertEquals(Optional.empty(), store.archive(id(2)));
        assertEquals(List.of(), store.find(hash(1000)));
        assertEquals(List.of(new BlockLocation(id(1), 0, 1000)), store.find(hash(0)));
        StoreStats s = store.stats();
        assertEquals(1, s.archives());
        assertEquals(2, s.blockEntries());
        assertEquals(2, s.distinctHashes());
        // forgetting the failed archive clears whatever it left behind; recording it afresh works
        store.forget(id(2));
        store.record(record(id(2), 10, 10), blocks(1000, 3));
        assertEquals(5, store.stats().blockEntries());
    }

    @Test
    void manyBlocksSpanSeveralWriteBatches() throws IOException {
        store.record(record(id(1), 1, 1), blocks(0, 120_000));
        assertEquals(120_000, store.stats().blockEntries());
        assertEquals(List.of(new BlockLocation(id(1), 119_999, 1000 + 119_999)), store.find(hash(119_999)));
        store.forget(id(1));
        assertEquals(0, store.stats().blockEntries());
        assertEquals(List.of(), store.find(hash(50_000)));
    }

    @Test
    void aHashIs32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> store.find(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> store.find(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> store.findIn(new byte[0], Set.of()));
        assertThrows(IllegalArgumentException.class, () -> store.findAll(List.of(hash(1), new byte[5])));
        assertThrows(IllegalArgumentException.class,
                () -> store.record(record(id(1), 1, 1), sink -> sink.accept(new byte[16], 0, 1)));
        assertThrows(IllegalArgumentException.class, () -> new BlockBatch().add(new byte[16], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockBatch().add(hash(1), -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new BlockBatch().add(hash(1), 0, 0));
    }

    @Test
    void aClosedStoreRefusesWork() throws IOException {
        store.close();
        assertThrows(IllegalStateException.class, () -> store.find(hash(1)));
        assertThrows(IllegalStateException.class, () -> store.archives());
        assertThrows(IllegalStateException.class, () -> store.record(record(id(1), 1, 1), blocks(0, 1)));
        store.close(); // twice is fine
    }

    @Test
    void aThreadThatLookedBeforeSeesWhatAnotherThreadRecordedAfter() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertEquals(List.of(), other.submit(() -> store.find(hash(1))).get(30, TimeUnit.SECONDS));
            store.record(record(id(1), 1, 1), blocks(0, 3));
            assertEquals(List.of(new BlockLocation(id(1), 1, 1001)),
                    other.submit(() -> store.find(hash(1))).get(30, TimeUnit.SECONDS));
            store.forget(id(1));
            assertEquals(List.of(), other.submit(() -> store.findAll(List.of(hash(1))).get(0)).get(30, TimeUnit.SECONDS));
            store.record(record(id(2), 1, 1), blocks(0, 3));
            store.clear();
            assertEquals(List.of(), other.submit(() -> store.find(hash(1))).get(30, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
            assertTrue(other.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void lookupsRunWhileAnotherThreadRecords() throws Exception {
        store.record(record(id(1), 1, 1), blocks(0, 1000));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(pool.submit(() -> {
                    int hits = 0;
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < 1000; i += 7) {
                            hits += store.find(hash(i)).isEmpty() ? 0 : 1;
                        }
                    }
                    return hits;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int a = 2; a < 12; a++) {
                    store.record(record(id(a), 1, 1), blocks(a * 1000, 500));
                }
                return null;
            });
            writer.get(60, TimeUnit.SECONDS);
            for (Future<Integer> r : readers) {
                assertEquals(20 * 143, r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(11, store.archives().size());
        assertFalse(store.find(hash(11_499)).isEmpty());
    }
}
