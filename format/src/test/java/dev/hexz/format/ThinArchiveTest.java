package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.v1.PageDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThinArchiveTest {

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

    private ArchiveSummary packThin(String name, byte[] data, Path parent) throws IOException {
        try (ArchiveReader p = ArchiveReader.open(parent); ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve(name),
                OPTIONS, p)) {
            w.addBytes(data);
            return w.finish();
        }
    }

    private static byte[] readAll(ArchiveReader r) throws IOException {
        byte[] b = new byte[(int) r.size()];
        r.readFully(0, b, 0, b.length);
        return b;
    }

    @Test
    void aSmallOverwriteStoresAboutOneBlockAndSharesUnchangedPages() throws IOException {
        byte[] v1 = TestData.semiCompressible(8 << 20, 1);
        byte[] v2 = v1.clone();
        byte[] patch = TestData.semiCompressible(4096, 99);
        System.arraycopy(patch, 0, v2, 5 << 20, 4096);
        Path a = pack("v1.hxz", v1);
        ArchiveSummary s = packThin("v2.hxz", v2, a);
        assertTrue(s.uniqueBlocks() <= 2, "stored blocks: " + s.uniqueBlocks());
        assertTrue(s.referencedBlocks() >= s.blocks() - 2, s.toString());
        assertTrue(s.archiveBytes() < 4096 + 64 * 1024 + 8192, "thin archive is " + s.archiveBytes() + " bytes");
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertTrue(r.header().isThin());
            assertEquals(1, r.header().chainDepth());
            assertEquals("v1.hxz", r.header().parent().path());
            long shared = r.pageDescriptors().stream().filter(d -> d.source() == 1).count();
            assertTrue(shared >= r.pageCount() - 2, "shared pages " + shared + " of " + r.pageCount());
            assertArrayEquals(v2, readAll(r));
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
    }

    @Test
    void anInsertionShiftsOffsetsButPagesAreStillShared() throws IOException {
        byte[] v1 = TestData.semiCompressible(8 << 20, 2);
        byte[] v2 = new byte[v1.length + 7];
        System.arraycopy(v1, 0, v2, 0, 1 << 20);
        System.arraycopy("INSERT!".getBytes(), 0, v2, 1 << 20, 7);
        System.arraycopy(v1, 1 << 20, v2, (1 << 20) + 7, v1.length - (1 << 20));
        Path a = pack("v1.hxz", v1);
        ArchiveSummary s = packThin("v2.hxz", v2, a);
        assertTrue(s.uniqueBlocks() <= 3, "stored blocks: " + s.uniqueBlocks());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz")); ArchiveReader p = ArchiveReader.open(a)) {
            List<PageDescriptor> pages = r.pageDescriptors();
            long shiftedShared = pages.stream().filter(d -> d.source() == 1)
                    .filter(d -> p.pageDescriptors().stream().noneMatch(q -> q.firstLogicalOffset() == d.firstLogicalOffset()))
                    .count();
            assertTrue(shiftedShared > 5, "pages shared at a shifted position: " + shiftedShared);
            assertArrayEquals(v2, readAll(r));
        }
    }

    @Test
    void aChainReadsBlocksFromTheArchiveThatStoresThem() throws IOException {
        byte[] v1 = TestData.semiCompressible(4 << 20, 3);
        byte[] v2 = v1.clone();
        Arrays.fill(v2, 100_000, 110_000, (byte) 7);
        byte[] v3 = v2.clone();
        Arrays.fill(v3, 3_000_000, 3_020_000, (byte) 9);
        Path a = pack("v1.hxz", v1);
        packThin("v2.hxz", v2, a);
        packThin("v3.hxz", v3, tmp.resolve("v2.hxz"));
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v3.hxz"))) {
            assertEquals(2, r.header().chainDepth());
            assertEquals(2, r.ancestors().size());
            assertEquals("v1.hxz", r.ancestors().get(1).path());
            boolean fromGrandparent = false;
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    fromGrandparent |= e.source() == 2;
                }
            }
            assertTrue(fromGrandparent, "most blocks are read straight from v1");
            assertArrayEquals(v3, readAll(r));
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
    }

    @Test
    void aMissingParentIsAnErrorNamingIt() throws IOException {
        Path a = pack("v1.hxz", TestData.semiCompressible(1 << 20, 4));
        packThin("v2.hxz", TestData.semiCompressible(1 << 20, 5), a);
        Files.delete(a);
        var e = assertThrows(MissingParentException.class, () -> ArchiveReader.open(tmp.resolve("v2.hxz")));
        assertTrue(e.getMessage().contains("missing parent v1.hxz"), e.getMessage());
        assertTrue(e.getMessage().contains(a.toString()), e.getMessage());
    }

    @Test
    void aReplacedParentIsRefusedNotRead() throws IOException {
        byte[] v1 = TestData.semiCompressible(1 << 20, 6);
        Path a = pack("v1.hxz", v1);
        packThin("v2.hxz", v1, a);
        pack("other.hxz", v1); // same bytes, another archive
        Files.move(tmp.resolve("other.hxz"), a, StandardCopyOption.REPLACE_EXISTING);
        var e = assertThrows(ReplacedParentException.class, () -> ArchiveReader.open(tmp.resolve("v2.hxz")));
        assertTrue(e.getMessage().contains("was replaced"), e.getMessage());
    }

    @Test
    void aMovedChildFindsItsParentThroughAFallbackResolver() throws IOException {
        byte[] v1 = TestData.semiCompressible(1 << 20, 7);
        Path a = pack("v1.hxz", v1);
        packThin("v2.hxz", v1, a);
        Path moved = Files.createDirectories(tmp.resolve("elsewhere")).resolve("v2.hxz");
        Files.move(tmp.resolve("v2.hxz"), moved);
        assertThrows(MissingParentException.class, () -> ArchiveReader.open(moved));
        try (ArchiveReader r = ArchiveReader.open(moved, ReaderOptions.defaults(), ref -> List.of(a))) {
            assertArrayEquals(v1, readAll(r));
        }
    }

    @Test
    void aThinDirectoryArchiveReadsItsFiles() throws IOException {
        byte[] big = TestData.semiCompressible(2 << 20, 8);
        Path v1 = tmp.resolve("t1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(v1, OPTIONS)) {
            w.addFile("a.bin", new ByteArrayInputStream(big), 0644, 0, 0);
            w.addFile("b.txt", new ByteArrayInputStream("hello\n".getBytes()), 0644, 0, 0);
            w.finish();
        }
        byte[] big2 = big.clone();
        big2[1000] ^= 1;
        ArchiveSummary s;
        try (ArchiveReader p = ArchiveReader.open(v1);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("t2.hxz"), OPTIONS, p)) {
            w.addFile("a.bin", new ByteArrayInputStream(big2), 0644, 0, 0);
            w.addFile("b.txt", new ByteArrayInputStream("hello\n".getBytes()), 0644, 0, 0);
            w.addFile("c.txt", new ByteArrayInputStream("new\n".getBytes()), 0644, 0, 0);
            s = w.finish();
        }
        assertTrue(s.uniqueBlocks() <= 3, s.toString());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("t2.hxz"))) {
            assertArrayEquals(big2, r.file("a.bin").orElseThrow().readAllBytes());
            assertEquals("hello\n", new String(r.file("b.txt").orElseThrow().readAllBytes()));
            assertEquals("new\n", new String(r.file("c.txt").orElseThrow().readAllBytes()));
        }
    }

    @Test
    void aCycleInTheAncestorsIsRefused() {
        ArchiveId self = ArchiveId.random();
        AncestorRef parent = new AncestorRef(1, ArchiveId.random(), new byte[32], "p.hxz");
        byte[] body = dev.hexz.format.v1.AncestorsV1.encode(List.of(parent,
                new AncestorRef(2, self, new byte[32], "me.hxz")));
        var e = assertThrows(ParentChainException.class,
                () -> dev.hexz.format.v1.AncestorsV1.decode(body, 2, self, parent, 0, "me.hxz"));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void aChainDeeperThanTheLimitIsRefused() throws IOException {
        Path a = pack("v1.hxz", TestData.semiCompressible(1 << 20, 9));
        packThin("v2.hxz", TestData.semiCompressible(1 << 20, 9), a);
        byte[] b = Files.readAllBytes(tmp.resolve("v2.hxz"));
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        le.putInt(560, ArchiveHeader.MAX_CHAIN_DEPTH + 1);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, 0, 4092);
        le.putInt(4092, (int) crc.getValue());
        Files.write(tmp.resolve("deep.hxz"), b);
        var e = assertThrows(ParentChainException.class, () -> ArchiveReader.open(tmp.resolve("deep.hxz")));
        assertTrue(e.getMessage().contains("deeper than the limit of 1000"), e.getMessage());
    }

    /** File numbers in the order of their paths, the order addTree writes a tree in. */
    private static List<Integer> inPathOrder() {
        List<Integer> order = new java.util.ArrayList<>();
        for (int d = 0; d < 30; d++) {
            for (int i = d; i < 3000; i += 30) {
                order.add(i);
            }
        }
        return order;
    }

    @Test
    void unchangedPartsOfABigTreeShareTheParentsManifestChunks() throws IOException {
        Path v1 = tmp.resolve("tree1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(v1, OPTIONS)) {
            for (int i : inPathOrder()) {
                w.addFile(String.format("dir%02d/file%05d.txt", i % 30, i), new ByteArrayInputStream(("file " + i).getBytes()),
                        0644, 1_700_000_000L + i, 0);
            }
            w.finish();
        }
        ArchiveSummary s;
        try (ArchiveReader p = ArchiveReader.open(v1);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("tree2.hxz"), OPTIONS, p)) {
            for (int i : inPathOrder()) {
                String content = i == 1500 ? "changed!" : "file " + i;
                w.addFile(String.format("dir%02d/file%05d.txt", i % 30, i), new ByteArrayInputStream(content.getBytes()),
                        0644, 1_700_000_000L + i, 0);
            }
            s = w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("tree2.hxz"))) {
            var chunks = r.manifestChunks();
            long shared = chunks.stream().filter(c -> c.source() == 1).count();
            assertTrue(chunks.size() > 20, "chunks: " + chunks.size());
            assertTrue(shared >= chunks.size() - 2, "shared " + shared + " of " + chunks.size());
            assertEquals("changed!", new String(r.file("dir00/file01500.txt").orElseThrow().readAllBytes()));
            assertEquals("file 2999", new String(r.file("dir29/file02999.txt").orElseThrow().readAllBytes()));
            assertEquals(3000 + 30, r.manifest().size());
        }
        assertTrue(s.archiveBytes() < Files.size(v1) / 4, "thin tree " + s.archiveBytes() + " vs " + Files.size(v1));
    }
}
