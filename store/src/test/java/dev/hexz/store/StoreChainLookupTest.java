package dev.hexz.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.ReaderOptions;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store finds blocks that only a grandparent still stores, and helps a moved chain. */
class StoreChainLookupTest {

    @TempDir
    Path tmp;

    private static final WriterOptions OPTIONS = WriterOptions.defaults()
            .withChunking(ChunkingParams.fastCdcAround(16 << 10));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aBlockDroppedByTheParentIsReferencedFromTheGrandparent() throws IOException {
        byte[] v1 = random(2 << 20, 1);
        byte[] v2 = Arrays.copyOf(v1, 1 << 20); // drops the second MiB
        byte[] v3 = v1.clone();                  // brings it back
        Path a1 = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a1, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        try (ArchiveReader p = ArchiveReader.open(a1); ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"),
                OPTIONS, p)) {
            w.addBytes(v2);
            w.finish();
        }
        try (RocksBlockStore store = RocksBlockStore.open(tmp.resolve("store"), Duration.ofSeconds(5));
                ArchiveReader p = ArchiveReader.open(tmp.resolve("v2.hxz"));
                StoreChainLookup lookup = new StoreChainLookup(store, p)) {
            assertEquals(2, lookup.ensureRecorded(), "an empty store learns the chain first");
            ArchiveSummary s;
            try (ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v3.hxz"), OPTIONS, p, lookup)) {
                w.addBytes(v3);
                s = w.finish();
            }
            assertTrue(s.uniqueBlocks() <= 1, "the second MiB is not stored again: " + s);
        }
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v3.hxz"))) {
            long fromGrandparent = 0;
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    fromGrandparent += e.source() == 2 ? 1 : 0;
                }
            }
            assertTrue(fromGrandparent > 30, "blocks read from v1 directly: " + fromGrandparent);
            byte[] back = new byte[v3.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(v3, back);
        }
    }

    @Test
    void theStoreFindsAParentThatMovedAway() throws IOException {
        byte[] v1 = random(1 << 20, 2);
        Path a1 = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a1, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        try (ArchiveReader p = ArchiveReader.open(a1); ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"),
                OPTIONS, p)) {
            w.addBytes(v1);
            w.finish();
        }
        Path moved = Files.createDirectories(tmp.resolve("archive")).resolve("v1-moved.hxz");
        Files.move(a1, moved);
        try (RocksBlockStore store = RocksBlockStore.open(tmp.resolve("store"), Duration.ofSeconds(5))) {
            try (ArchiveReader r = ArchiveReader.open(moved)) {
                StoreRebuilder.record(store, moved, r);
            }
            try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"), ReaderOptions.defaults(),
                    new StoreParentResolver(store))) {
                AncestorRef parent = r.ancestors().get(0);
                assertEquals("v1.hxz", parent.path());
                assertEquals(moved, r.ancestorPath(1));
                byte[] back = new byte[v1.length];
                r.readFully(0, back, 0, back.length);
                assertArrayEquals(v1, back);
            }
        }
    }
}
