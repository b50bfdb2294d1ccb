package dev.hexz.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilding a store from real archives, and checking what it finds against them. */
class StoreRebuilderTest {

    static final int BLOCK = 4096;

    @TempDir
    Path tmp;

    BlockStore store;
    Path archives;

    @BeforeEach
    void setUp() throws IOException {
        store = RocksBlockStore.open(tmp.resolve("store"), Duration.ZERO);
        archives = Files.createDirectories(tmp.resolve("archives"));
    }

    @AfterEach
    void tearDown() throws IOException {
        store.close();
    }

    /** Distinct 4 KiB blocks determined by their number. */
    static byte[] block(int n) {
        byte[] b = new byte[BLOCK];
        new SplittableRandom(n).nextBytes(b);
        return b;
    }

    /** Concatenated blocks; -1 is a zero block. */
    static byte[] data(int... blocks) {
        byte[] out = new byte[blocks.length * BLOCK];
        for (int i = 0; i < blocks.length; i++) {
            if (blocks[i] >= 0) {
                System.arraycopy(block(blocks[i]), 0, out, i * BLOCK, BLOCK);
            }
        }
        return out;
    }

    /** A small deterministic archive: fixed 4 KiB blocks, 4 entries an index page (so several pages). */
    static Path archive(Path file, int idSeed, int... blocks) throws IOException {
        byte[] id = new byte[16];
        new SplittableRandom(idSeed).nextBytes(id);
        WriterOptions o = WriterOptions.defaults().withCodec(CodecId.LZ4, 0).withChunking(ChunkingParams.fixed(BLOCK))
                .withPageCapacity(4).withThreads(1).withArchiveId(ArchiveId.of(id)).withCreatedMillis(1_700_000_000_000L + idSeed)
                .withDictionaryBytes(0);
        Files.createDirectories(file.getParent());
        try (ArchiveWriter w = ArchiveWriter.create(file, o)) {
            w.addBytes(data(blocks));
            w.finish();
        }
        return file;
    }

    @Test
    void rebuildRecordsEveryStoredBlockOfEveryArchiveFound() throws IOException {
        // a: 7 stored blocks, a duplicate (1 again) and a zero block, over 3 index pages
        Path a = archive(archives.resolve("a.hxz"), 1, 0, 1, 2, 1, -1, 3, 4, 5, 6);
        // b shares blocks 2..4 with a; it lives in a subdirectory
        Path b = archive(archives.resolve("deeper/b.hxz"), 2, 2, 3, 4, 10, 11);
        Files.writeString(archives.resolve("notes.txt"), "not an archive, and not named like one");
        Path broken = Files.writeString(archives.resolve("broken.hxz"), "hello, I am not an archive\n".repeat(300));
        Path copy = Files.copy(a, archives.resolve("z-copy-of-a.hxz"));

        RebuildReport report = new StoreRebuilder(store).rebuild(List.of(archives));

        assertEquals(List.of(a, b), report.recorded().stream().map(RebuildReport.Recorded::path).toList());
        assertEquals(List.of(7L, 5L), report.recorded().stream().map(RebuildReport.Recorded::blocks).toList());
        assertEquals(1, report.failed().size());
        assertEquals(broken, report.failed().get(0).path());
        assertEquals("not a hexz archive (bad magic bytes) (at offset 0)", report.failed().get(0).reason());
        assertEquals(List.of(new RebuildReport.Duplicate(copy, report.recorded().get(0).archiveId(), a)),
                report.duplicates());

        StoreStats s = store.stats();
        assertEquals(2, s.archives());
        assertEquals(12, s.blockEntries());
        assertEquals(9, s.distinctHashes()); // blocks 0..6, 10, 11
        for (Path p : List.of(a, b)) {
            try (ArchiveReader r = ArchiveReader.open(p)) {
                ArchiveHeader h = r.header();
                ArchiveRecord rec = store.archive(h.archiveId()).orElseThrow();
                assertEquals(p, rec.path());
                assertEquals(h.logicalSize(), rec.logicalSize());
                assertEquals(h.storedBytes(), rec.storedBytes());
                assertEquals(Files.size(p), rec.archiveFileSize());
                assertEquals(h.createdMillis(), rec.createdMillis());
                assertEquals(null, rec.parent());
                assertEquals(0, rec.chainDepth());
                long found = 0;
                for (int page = 0; page < r.pageCount(); page++) {
                    for (BlockEntry e : r.pageEntries(page)) {
                        if (e.isZero()) {
                            assertEquals(List.of(), store.find(e.hash()), "a zero block is never recorded");
                            continue;
                        }
                        BlockLocation l = store.findIn(e.hash(), Set.of(h.archiveId())).orElseThrow();
                        // the location names the first entry holding these stored bytes
                        BlockEntry at = LocationCheck.entry(r, l, e.hash()).orElseThrow();
                        assertEquals(e.storedOffset(), at.storedOffset());
                        assertEquals(e.rawLength(), l.rawLength());
                        if (!e.isDuplicate()) {
                            assertEquals(e.number(), l.entryNumber());
                            found++;
                        }
                    }
                }
                assertEquals(h.storedBlockCount(), found);
            }
        }
    }

    @Test
    void aRebuildStartsFromScratchUnlessToldToKeep() throws IOException {
        store.record(Fixtures.record(Fixtures.id(1), 1, 1), Fixtures.blocks(0, 3));
        archive(archives.resolve("a.hxz"), 1, 0, 1);
        new StoreRebuilder(store).keepExisting().rebuild(List.of(archives));
        assertEquals(2, store.archives().size());
        new StoreRebuilder(store).rebuild(List.of(archives));
        assertEquals(1, store.archives().size());
        assertEquals(List.of(), store.find(Fixtures.hash(0)));
    }

    @Test
    void aMissingDirectoryFailsBeforeAnythingIsCleared() throws IOException {
        store.record(Fixtures.record(Fixtures.id(1), 1, 1), Fixtures.blocks(0, 3));
        assertThrows(NoSuchFileException.class,
                () -> new StoreRebuilder(store).rebuild(List.of(archives, tmp.resolve("nope"))));
        assertEquals(1, store.archives().size());
    }

    @Test
    void shallowLooksOnlyInTheDirectoryAndFilesCanBeNamed() throws IOException {
        Path a = archive(archives.resolve("a.hxz"), 1, 0, 1);
        Path b = archive(archives.resolve("sub/b.bin"), 2, 2); // any name, when named explicitly
        archive(archives.resolve("sub/c.hxz"), 3, 3);
        RebuildReport r = new StoreRebuilder(store).shallow().rebuild(List.of(archives, b));
        assertEquals(List.of(a, b), r.recorded().stream().map(RebuildReport.Recorded::path).toList());
        assertEquals(List.of(archives), StoreRebuilder.knownDirectories(store).subList(0, 1));
    }

    @Test
    void aStaleLocationIsDetectedAndIgnored() throws IOException {
        Path p = archive(archives.resolve("a.hxz"), 1, 0, 1, 2);
        new StoreRebuilder(store).rebuild(List.of(archives));
        byte[] h1 = hashOfBlock(p, 1);
        BlockLocation l = store.find(h1).get(0);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertTrue(LocationCheck.entry(r, l, h1).isPresent());
            assertEquals(Optional.empty(), LocationCheck.entry(r, l, hashOfBlock(p, 0)));
            assertEquals(Optional.empty(), LocationCheck.entry(r, new BlockLocation(l.archive(), 99, BLOCK), h1));
            assertEquals(Optional.empty(), LocationCheck.entry(r, new BlockLocation(l.archive(), 1, 17), h1));
        }
        // the file is replaced by another archive with the same blocks in another order: same path, other id
        Files.delete(p);
        archive(p, 9, 1, 0, 2);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertEquals(Optional.empty(), LocationCheck.entry(r, l, h1));
        }
        // ... and even with the same id (a rewritten file), an entry that no longer holds the block is ignored
        Files.delete(p);
        archive(p, 1, 1, 0, 2);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertEquals(Optional.empty(), LocationCheck.entry(r, l, h1));
        }
    }

    private static byte[] hashOfBlock(Path archive, int entry) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            return r.pageEntries(entry / 4)[entry % 4].hash();
        }
    }

    @Test
    void theRebuiltStoreMatchesTheInMemoryTwin() throws IOException {
        archive(archives.resolve("a.hxz"), 1, 0, 1, 2, 1, -1, 3);
        archive(archives.resolve("b.hxz"), 2, 2, 3, 7);
        try (InMemoryBlockStore twin = new InMemoryBlockStore()) {
            new StoreRebuilder(store).rebuild(List.of(archives));
            new StoreRebuilder(twin).rebuild(List.of(archives));
            StoreStats s = store.stats();
            StoreStats t = twin.stats();
            assertEquals(t.archives(), s.archives());
            assertEquals(t.distinctHashes(), s.distinctHashes());
            assertEquals(t.blockEntries(), s.blockEntries());
            assertEquals(t.logicalBytes(), s.logicalBytes());
            Set<String> seen = new HashSet<>();
            for (int n : new int[] {0, 1, 2, 3, 7, 8}) {
                byte[] b = block(n);
                byte[] h = dev.hexz.format.hash.Blake3.hash(b, 0, b.length);
                seen.add(HexFormat.of().formatHex(h));
                assertEquals(twin.find(h).size(), store.find(h).size());
            }
            assertEquals(6, seen.size());
        }
    }
}
