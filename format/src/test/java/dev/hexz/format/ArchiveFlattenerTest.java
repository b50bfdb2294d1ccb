package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveFlattenerTest {

    @TempDir
    Path tmp;

    private static final WriterOptions OPTIONS = WriterOptions.defaults().withCodec(CodecId.ZSTD, 5)
            .withChunking(ChunkingParams.fastCdc(2048, 8192, 32768)).withPageCapacity(8).withDictionaryBytes(4096);

    private static List<String> blocks(ArchiveReader r) throws IOException {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < r.pageCount(); p++) {
            for (BlockEntry e : r.pageEntries(p)) {
                out.add(e.rawLength() + ":" + e.hashHex());
            }
        }
        return out;
    }

    private static byte[] all(ArchiveReader r) throws IOException {
        byte[] b = new byte[(int) r.size()];
        r.readFully(0, b, 0, b.length);
        return b;
    }

    @Test
    void aThinDirectoryArchiveBecomesAStandaloneCopyWithTheSameTreeBlocksAndSettings() throws IOException {
        byte[] big = TestData.semiCompressible(1 << 20, 21);
        Path v1 = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(v1, OPTIONS)) {
            w.addFile("data/big.bin", new ByteArrayInputStream(big), 0640, 1_700_000_000L, 5);
            w.addFile("readme.txt", new ByteArrayInputStream("hi\n".getBytes()), 0644, 1_700_000_100L, 0);
            w.finish();
        }
        byte[] big2 = big.clone();
        big2[500_000] ^= 1;
        Path v2 = tmp.resolve("v2.hxz");
        try (ArchiveReader p = ArchiveReader.open(v1); ArchiveWriter w = ArchiveWriter.createThin(v2, OPTIONS, p)) {
            w.addDirectory("data", 0750, 1_700_000_200L, 7);
            w.addFile("data/big.bin", new ByteArrayInputStream(big2), 0600, 1_700_000_300L, 9);
            w.addDirectory("empty", 0700, 1_700_000_400L, 0);
            w.addSymlink("link", "data/big.bin", 1_700_000_500L, 1);
            w.addFile("zero.bin", new ByteArrayInputStream(new byte[0]), 0444, 1_700_000_600L, 0);
            w.setMetadata("{\"message\": \"second\"}");
            w.finish();
        }
        Path flat = tmp.resolve("flat.hxz");
        ArchiveSummary s;
        List<String> thinBlocks;
        long parentDictionary;
        try (ArchiveReader r = ArchiveReader.open(v2)) {
            thinBlocks = blocks(r);
            parentDictionary = r.ancestorHeader(1).dictionaryLength();
            s = ArchiveFlattener.of(r).threads(2).writeTo(flat);
        }
        assertTrue(parentDictionary > 0);
        assertEquals(0, s.referencedBlocks());
        Files.delete(v1);
        try (ArchiveReader f = ArchiveReader.open(flat); ArchiveReader r = ArchiveReader.openWithoutAncestors(v2)) {
            ArchiveHeader h = f.header();
            assertFalse(h.isThin());
            assertTrue(h.isDirectory());
            assertEquals(0, h.referencedBlockCount());
            assertNotEquals(r.header().archiveId(), h.archiveId());
            assertEquals(r.header().codec(), h.codec());
            assertEquals(5, h.codecLevel());
            assertEquals(r.header().chunking(), h.chunking());
            assertEquals(8, h.pageCapacity());
            assertEquals(r.manifest().entries(), f.manifest().entries());
            assertEquals("{\"message\": \"second\"}", f.metadataJson().orElseThrow());
            assertArrayEquals(big2, f.file("data/big.bin").orElseThrow().readAllBytes());
            assertTrue(new ArchiveVerifier(f, 2).verify(n -> { }).ok());
        }
        try (ArchiveReader f = ArchiveReader.open(flat)) {
            assertEquals(thinBlocks, blocks(f), "same boundaries and hashes as the thin original");
            assertEquals(parentDictionary, f.header().dictionaryLength(), "a dictionary as large as the chain's");
        }
    }

    @Test
    void aFileArchiveKeepsItsNameModeMtimeAndBlocks() throws IOException {
        byte[] v1 = TestData.semiCompressible(600_000, 22);
        byte[] v2 = v1.clone();
        System.arraycopy("CHANGED".getBytes(), 0, v2, 300_000, 7);
        Path a = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, OPTIONS)) {
            w.addSingleFile("model.bin", new ByteArrayInputStream(v1), 0755, 1_600_000_000L, 42);
            w.finish();
        }
        Path b = tmp.resolve("b.hxz");
        try (ArchiveReader p = ArchiveReader.open(a); ArchiveWriter w = ArchiveWriter.createThin(b, OPTIONS, p)) {
            w.addSingleFile("model.bin", new ByteArrayInputStream(v2), 0700, 1_600_000_001L, 43);
            w.finish();
        }
        Path flat = tmp.resolve("flat.hxz");
        List<String> thinBlocks;
        try (ArchiveReader r = ArchiveReader.open(b)) {
            thinBlocks = blocks(r);
            ArchiveFlattener.of(r).writeTo(flat);
        }
        try (ArchiveReader f = ArchiveReader.open(flat)) {
            assertFalse(f.header().isThin());
            assertFalse(f.header().isDirectory());
            assertEquals(List.of(dev.hexz.format.manifest.ManifestEntry.file("model.bin", 0700, 1_600_000_001L, 43,
                    v2.length, 0)), f.manifest().entries());
            assertArrayEquals(v2, all(f));
            assertEquals(thinBlocks, blocks(f));
        }
    }

    @Test
    void aStreamArchiveKeepsItsBytes() throws IOException {
        byte[] v1 = TestData.semiCompressible(200_000, 23);
        Path a = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        Path b = tmp.resolve("b.hxz");
        try (ArchiveReader p = ArchiveReader.open(a); ArchiveWriter w = ArchiveWriter.createThin(b, OPTIONS, p)) {
            w.addBytes(v1);
            w.addBytes("tail".getBytes());
            w.finish();
        }
        Path flat = tmp.resolve("flat.hxz");
        try (ArchiveReader r = ArchiveReader.open(b)) {
            ArchiveFlattener.of(r).writeTo(flat);
        }
        Files.delete(a);
        try (ArchiveReader f = ArchiveReader.open(flat)) {
            assertEquals(0, f.manifest().size());
            byte[] want = new byte[v1.length + 4];
            System.arraycopy(v1, 0, want, 0, v1.length);
            System.arraycopy("tail".getBytes(), 0, want, v1.length, 4);
            assertArrayEquals(want, all(f));
        }
    }

    @Test
    void anEmptyDirectoryArchiveStaysADirectoryArchive() throws IOException {
        Path a = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, OPTIONS)) {
            w.addTree(Files.createDirectories(tmp.resolve("empty")));
            w.finish();
        }
        Path flat = tmp.resolve("flat.hxz");
        try (ArchiveReader r = ArchiveReader.open(a)) {
            ArchiveFlattener.of(r).writeTo(flat);
        }
        try (ArchiveReader f = ArchiveReader.open(flat)) {
            assertTrue(f.header().isDirectory());
            assertEquals(0, f.size());
        }
    }

    @Test
    void aFileArchiveNameMustBeOneComponent() throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("x.hxz"), OPTIONS)) {
            assertThrows(IllegalArgumentException.class,
                    () -> w.addSingleFile("a/b", new ByteArrayInputStream(new byte[1]), 0644, 0, 0));
        }
    }
}
