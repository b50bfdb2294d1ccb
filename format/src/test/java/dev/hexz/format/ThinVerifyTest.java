package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifying thin archives: blocks stored here and blocks stored up the chain. */
class ThinVerifyTest {

    @TempDir
    Path tmp;

    private static final WriterOptions OPTIONS = WriterOptions.defaults()
            .withChunking(ChunkingParams.fastCdcAround(16 << 10)).withPageCapacity(16);

    private Path pack(String name, byte[] data) throws IOException {
        Path out = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(out, OPTIONS)) {
            w.addBytes(data);
            w.finish();
        }
        return out;
    }

    private Path packThin(String name, byte[] data, Path parent) throws IOException {
        Path out = tmp.resolve(name);
        try (ArchiveReader p = ArchiveReader.open(parent); ArchiveWriter w = ArchiveWriter.createThin(out, OPTIONS, p)) {
            w.addBytes(data);
            w.finish();
        }
        return out;
    }

    /** v1 and a child v2 that stores one new block in the middle and references the rest. */
    private Path[] chain() throws IOException {
        byte[] v1 = TestData.semiCompressible(2 << 20, 11);
        byte[] v2 = v1.clone();
        System.arraycopy(TestData.semiCompressible(4096, 12), 0, v2, 1 << 20, 4096);
        Path a = pack("v1.hxz", v1);
        return new Path[] {a, packThin("v2.hxz", v2, a)};
    }

    static BlockEntry firstEntry(ArchiveReader r, int source) throws IOException {
        for (int p = 0; p < r.pageCount(); p++) {
            for (BlockEntry e : r.pageEntries(p)) {
                if (e.source() == source && !e.isZero()) {
                    return e;
                }
            }
        }
        throw new AssertionError("no block with source " + source);
    }

    static void flip(Path file, long at) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, at);
            one.put(0, (byte) (one.get(0) ^ 0x20)).rewind();
            ch.write(one, at);
        }
    }

    @Test
    void aDamagedBlockStoredHereIsFoundEvenWhenAParentBlockSitsAtTheSameOffset() throws IOException {
        Path[] c = chain();
        BlockEntry own;
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            own = firstEntry(r, 0);
            BlockEntry inParent = firstEntry(r, 1);
            // both data regions start at 4096: the same stored offset in two different files
            assertEquals(inParent.storedOffset(), own.storedOffset());
        }
        flip(c[1], own.storedOffset() + 3);
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 1).verify(n -> { });
            assertFalse(report.ok(), "the damaged block of v2 was skipped as already verified");
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertEquals(own.number(), report.problems().get(0).blockNumber());
        }
    }

    @Test
    void aDamagedParentBlockIsFoundThroughTheChild() throws IOException {
        Path[] c = chain();
        BlockEntry inParent;
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            inParent = firstEntry(r, 1);
        }
        flip(c[0], inParent.storedOffset() + 3);
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
            assertFalse(report.ok());
            ArchiveVerifier.Problem p = report.problems().get(0);
            assertEquals(inParent.number(), p.blockNumber());
            assertTrue(p.message().contains("checksum"), p.message());
        }
    }

    @Test
    void withoutItsAncestorsAThinArchiveReadsWhatItStoresAndNamesTheParentForTheRest() throws IOException {
        Path[] c = chain();
        long referenced;
        BlockEntry own;
        BlockEntry inParent;
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            referenced = r.header().referencedBlockCount();
            own = firstEntry(r, 0);
            inParent = firstEntry(r, 1);
        }
        java.nio.file.Files.delete(c[0]);
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(c[1])) {
            assertFalse(r.ancestorsOpened());
            assertEquals(1, r.ancestors().size());
            assertEquals("v1.hxz", r.ancestors().get(0).path());
            assertThrows(IllegalStateException.class, () -> r.ancestorHeader(1));
            byte[] b = new byte[own.rawLength()];
            r.readFully(own.logicalOffset(), b, 0, b.length);
            var e = assertThrows(AncestorNotOpenedException.class,
                    () -> r.readFully(inParent.logicalOffset(), new byte[10], 0, 10));
            assertTrue(e.getMessage().contains("parent v1.hxz"), e.getMessage());
            assertEquals(r.ancestors().get(0), e.ancestor());

            assertThrows(IllegalArgumentException.class, () -> new ArchiveVerifier(r, 1));
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2, ArchiveVerifier.Scope.THIS_FILE).verify(n -> { });
            assertTrue(report.ok(), report.problems().toString());
            assertEquals(referenced, report.blocksSkipped());
            assertEquals(r.blockCount(), report.blocksChecked() + report.blocksSkipped());
            assertTrue(report.blocksChecked() >= 1);

            var refused = assertThrows(IllegalArgumentException.class,
                    () -> ArchiveWriter.createThin(tmp.resolve("v3.hxz"), OPTIONS, r));
            assertTrue(refused.getMessage().contains("without its ancestors"), refused.getMessage());
        }
    }

    @Test
    void verifyingThisFileOnlyFindsItsOwnDamageAndIgnoresTheParents() throws IOException {
        Path[] c = chain();
        BlockEntry own;
        BlockEntry inParent;
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            own = firstEntry(r, 0);
            inParent = firstEntry(r, 1);
        }
        flip(c[0], inParent.storedOffset() + 5);
        try (ArchiveReader r = ArchiveReader.open(c[1])) {
            assertTrue(new ArchiveVerifier(r, 1, ArchiveVerifier.Scope.THIS_FILE).verify(n -> { }).ok());
            assertFalse(new ArchiveVerifier(r, 1, ArchiveVerifier.Scope.WHOLE_CHAIN).verify(n -> { }).ok());
        }
        flip(c[1], own.storedOffset() + 5);
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(c[1])) {
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 1, ArchiveVerifier.Scope.THIS_FILE).verify(n -> { });
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertEquals(own.number(), report.problems().get(0).blockNumber());
            assertEquals(0, report.problems().get(0).source());
        }
    }

    @Test
    void anArchiveThatStandsAloneOpensTheSameEitherWay() throws IOException {
        Path a = pack("solo.hxz", TestData.semiCompressible(300_000, 13));
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(a)) {
            assertTrue(r.ancestorsOpened());
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 1).verify(n -> { });
            assertTrue(report.ok());
            assertEquals(0, report.blocksSkipped());
            assertEquals(300_000, report.logicalBytes());
        }
    }
}
