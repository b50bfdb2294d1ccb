package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Thin archives of files changed in place ({@link ArchiveWriter#addChangedFile} and friends). */
class ChangedFileTest {

    @TempDir
    Path tmp;

    enum Chunking {
        CDC(ChunkingParams.fastCdcAround(16 << 10)),
        FIXED(ChunkingParams.fixed(16 << 10));

        final ChunkingParams params;

        Chunking(ChunkingParams params) {
            this.params = params;
        }
    }

    private static final WriterOptions OPTIONS = WriterOptions.defaults()
            .withChunking(ChunkingParams.fastCdcAround(16 << 10)).withPageCapacity(16);

    /** An edit of a file, applied to a fresh {@link EditedContent} of the parent's bytes. */
    private interface Edit extends Consumer<EditedContent> {
    }

    // ---- helpers

    private Path packTree(String name, WriterOptions o, Map<String, byte[]> files) throws IOException {
        Path out = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(out, o)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                w.addFile(f.getKey(), new ByteArrayInputStream(f.getValue()), 0644, 1_700_000_000L, 0);
            }
            w.finish();
        }
        return out;
    }

    /** A thin child of {@code parent} where file {@code path} is changed as {@code content} says. */
    private ArchiveSummary commit(Path parent, String name, WriterOptions o, String path, ChangedContent content)
            throws IOException {
        try (ArchiveReader p = ArchiveReader.open(parent);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve(name), o, p)) {
            for (ManifestEntry e : p.manifest().entries()) {
                if (!e.isFile()) {
                    continue;
                }
                if (e.path().equals(path)) {
                    w.addChangedFile(e.path(), e.mode(), 1_700_000_001L, 5, e, content);
                } else {
                    w.addUnchangedFile(e.path(), e.mode(), e.mtimeSeconds(), e.mtimeNanos(), e);
                }
            }
            return w.finish();
        }
    }

    private static byte[] readFile(ArchiveReader r, String path) throws IOException {
        ManifestEntry e = r.manifest().find(path).orElseThrow();
        byte[] b = new byte[(int) e.size()];
        r.readFully(e.logicalOffset(), b, 0, b.length);
        return b;
    }

    private static void assertVerifies(ArchiveReader r) throws IOException {
        ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
        assertTrue(report.ok(), report.problems().toString());
    }

    /** Commits {@code edit} of a 4 MiB file and checks the child reads back the new bytes. */
    private EditedContent roundTrip(WriterOptions o, Edit edit) throws IOException {
        byte[] v1 = TestData.semiCompressible(4 << 20, 11);
        Path a = packTree("v1.hxz", o, Map.of("data/model.bin", v1));
        EditedContent c = EditedContent.of(v1);
        edit.accept(c);
        commit(a, "v2.hxz", o, "data/model.bin", c);
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertArrayEquals(c.bytes(), readFile(r, "data/model.bin"));
            assertEquals(c.size(), r.manifest().find("data/model.bin").orElseThrow().size());
            assertEquals(c.size(), r.size(), "the logical stream holds the one file");
            assertVerifies(r);
        }
        return c;
    }

    private static byte[] patch(int n, long seed) {
        return TestData.semiCompressible(n, seed);
    }

    // ---- what comes back

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void aSmallWriteInTheMiddleStoresAboutOneBlock(Chunking chunking) throws IOException {
        WriterOptions o = OPTIONS.withChunking(chunking.params);
        byte[] v1 = TestData.semiCompressible(6 << 20, 12);
        Path a = packTree("v1.hxz", o, Map.of("model.bin", v1));
        EditedContent c = EditedContent.of(v1).write((3 << 20) + 12345, patch(4096, 1));
        ArchiveSummary s = commit(a, "v2.hxz", o, "model.bin", c);
        assertTrue(s.uniqueBlocks() <= (chunking == Chunking.FIXED ? 2 : 4), s.toString());
        assertTrue(s.referencedBlocks() >= s.blocks() - s.uniqueBlocks(), s.toString());
        assertTrue(c.bytesRead() <= 8 * o.chunking().maxSize(), "read " + c.bytesRead() + " bytes of the new file");
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertArrayEquals(c.bytes(), readFile(r, "model.bin"));
            long shared = r.pageDescriptors().stream().filter(d -> d.source() == 1).count();
            assertTrue(shared >= r.pageCount() - 3, "shared pages " + shared + " of " + r.pageCount());
            assertVerifies(r);
        }
    }

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void writesAtTheStartAtTheEndAndAcrossSeveralChunks(Chunking chunking) throws IOException {
        roundTrip(OPTIONS.withChunking(chunking.params), c -> c
                .write(0, patch(100, 2))
                .write(1_000_000, patch(200_000, 3))
                .write(1_300_000, patch(1, 4))
                .write(c.size() - 10, patch(10, 5)));
    }

    @Test
    void aWriteOfTheWholeFile() throws IOException {
        roundTrip(OPTIONS, c -> c.write(0, patch((int) c.size(), 6)));
    }

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void truncationToASmallerSize(Chunking chunking) throws IOException {
        EditedContent c = roundTrip(OPTIONS.withChunking(chunking.params), e -> e.truncate((3 << 19) + 17));
        assertTrue(c.bytesRead() <= 4 * (64 << 10), "read " + c.bytesRead());
    }

    @ParameterizedTest
    @EnumSource(Chunking.class)
    void growthBeyondTheParentLeavesAHoleOfZeros(Chunking chunking) throws IOException {
        roundTrip(OPTIONS.withChunking(chunking.params), c -> c.write(c.size() + (300 << 10), patch(1000, 7)));
    }

    @Test
    void truncationThenGrowthReadsZerosWhereTheOldBytesWere() throws IOException {
        EditedContent c = roundTrip(OPTIONS, e -> e.truncate(1 << 20).write(2 << 20, patch(5000, 8)));
        byte[] b = c.bytes();
        for (int i = 1 << 20; i < 2 << 20; i++) {
            assertEquals(0, b[i], "byte " + i);
        }
    }

    @Test
    void aFileTruncatedToNothing() throws IOException {
        roundTrip(OPTIONS, c -> c.truncate(0));
    }

    @Test
    void aDirectoryOfMostlyUnchangedFilesStoresOnlyTheChange() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            files.put("dir" + (i % 3) + "/file" + i + ".bin", TestData.semiCompressible(10_000 + i * 37_000, 100 + i));
        }
        files.put("empty", new byte[0]);
        Path a = packTree("v1.hxz", OPTIONS, files);
        String changed = "dir1/file7.bin";
        EditedContent c = EditedContent.of(files.get(changed)).write(100_000, patch(3000, 9));
        ArchiveSummary s;
        byte[] added = patch(50_000, 10);
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), OPTIONS, p)) {
            for (ManifestEntry e : p.manifest().entries()) {
                if (e.isFile() && e.path().equals(changed)) {
                    w.addChangedFile(e.path(), e.mode(), 1, 2, e, c);
                } else if (e.isFile()) {
                    w.addUnchangedFile(e.path(), e.mode(), e.mtimeSeconds(), e.mtimeNanos(), e);
                }
            }
            w.addFile("dir2/new.bin", new ByteArrayInputStream(added), 0600, 3, 4);
            s = w.finish();
        }
        assertTrue(s.uniqueBlocks() <= 8, s.toString());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                byte[] want = f.getKey().equals(changed) ? c.bytes() : f.getValue();
                assertArrayEquals(want, readFile(r, f.getKey()), f.getKey());
            }
            assertArrayEquals(added, readFile(r, "dir2/new.bin"));
            ManifestEntry e = r.manifest().find(changed).orElseThrow();
            assertEquals(1, e.mtimeSeconds());
            assertEquals(0644, e.mode());
            assertVerifies(r);
        }
    }

    @Test
    void anUnchangedStreamSharesEveryPageOfItsParentAndStoresNothing() throws IOException {
        byte[] v1 = TestData.semiCompressible(3 << 20, 13);
        Path a = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        EditedContent c = EditedContent.of(v1);
        ArchiveSummary s;
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), OPTIONS, p)) {
            w.addChangedStream(c);
            s = w.finish();
        }
        assertEquals(0, c.bytesRead());
        assertEquals(0, s.bytesStored());
        assertEquals(0, s.uniqueBlocks());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz")); ArchiveReader p = ArchiveReader.open(a)) {
            assertEquals(p.pageCount(), r.pageCount());
            assertTrue(r.pageDescriptors().stream().allMatch(d -> d.source() == 1), "every page shared");
            assertTrue(s.archiveBytes() < 4096 + 64 * 1024, "thin archive of " + s.archiveBytes() + " bytes");
            assertArrayEquals(v1, readAll(r));
        }
    }

    @Test
    void aChangedStreamAndAChangedSingleFile() throws IOException {
        byte[] v1 = TestData.semiCompressible(2 << 20, 14);
        Path stream = tmp.resolve("s1.hxz");
        Path file = tmp.resolve("f1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(stream, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        try (ArchiveWriter w = ArchiveWriter.create(file, OPTIONS)) {
            w.addSingleFile("disk.img", new ByteArrayInputStream(v1), 0600, 7, 8);
            w.finish();
        }
        EditedContent c = EditedContent.of(v1).write(1 << 20, patch(777, 15));
        try (ArchiveReader p = ArchiveReader.open(stream);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("s2.hxz"), OPTIONS, p)) {
            w.addChangedStream(c);
            w.finish();
        }
        try (ArchiveReader p = ArchiveReader.open(file);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("f2.hxz"), OPTIONS, p)) {
            ManifestEntry e = p.manifest().entries().get(0);
            w.addChangedSingleFile("disk.img", 0600, 9, 10, e, c);
            w.finish();
        }
        try (ArchiveReader s = ArchiveReader.open(tmp.resolve("s2.hxz"));
                ArchiveReader f = ArchiveReader.open(tmp.resolve("f2.hxz"))) {
            assertArrayEquals(c.bytes(), readAll(s));
            assertArrayEquals(c.bytes(), readFile(f, "disk.img"));
            assertEquals(9, f.manifest().find("disk.img").orElseThrow().mtimeSeconds());
            assertVerifies(s);
            assertVerifies(f);
        }
    }

    @Test
    void aZstdParentWithADictionaryAndChangesSpreadOverTheFile() throws IOException {
        WriterOptions o = OPTIONS.withCodec(CodecId.ZSTD, 3).withDictionaryBytes(16 << 10);
        roundTrip(o, c -> {
            for (int i = 0; i < 12; i++) {
                c.write(i * 300_000L + 5_000, patch(40_000, 20 + i));
            }
        });
        try (ArchiveReader p = ArchiveReader.open(tmp.resolve("v1.hxz"));
                ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertTrue(p.header().dictionaryLength() > 0, "the parent has a dictionary");
            assertTrue(r.header().dictionaryLength() > 0, "the child trained one on its changed chunks");
        }
    }

    @Test
    void theParentsZeroBlocksStayZeroBlocksAndTheirPagesAreShared() throws IOException {
        byte[] v1 = TestData.semiCompressible(4 << 20, 32);
        Arrays.fill(v1, 1 << 20, 3 << 20, (byte) 0);
        Path a = packTree("v1.hxz", OPTIONS, Map.of("sparse.img", v1));
        EditedContent c = EditedContent.of(v1).write(3_800_000, patch(100, 33));
        ArchiveSummary s = commit(a, "v2.hxz", OPTIONS, "sparse.img", c);
        try (ArchiveReader p = ArchiveReader.open(a); ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertTrue(p.header().zeroBlockCount() > 16, "the parent has a page's worth of zero blocks");
            assertEquals(p.header().zeroBlockCount(), s.zeroBlocks());
            long shared = r.pageDescriptors().stream().filter(d -> d.source() == 1).count();
            assertTrue(shared >= r.pageCount() - 2, "shared pages " + shared + " of " + r.pageCount());
            assertArrayEquals(c.bytes(), readFile(r, "sparse.img"));
            assertVerifies(r);
        }
    }

    @Test
    void aParentFileThatDoesNotStartOnABlockIsReChunkedAndStillFindsTheParentsBlocks() throws IOException {
        byte[] v1 = TestData.semiCompressible(3 << 20, 30);
        Path a = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, OPTIONS)) {
            w.addBytes(v1);
            w.finish();
        }
        int from = 100_001;
        int size = 2 << 20;
        ManifestEntry slice = ManifestEntry.file("slice", 0644, 0, 0, size, from);
        EditedContent c = EditedContent.of(Arrays.copyOfRange(v1, from, from + size)).write(1 << 20, patch(3000, 31));
        ArchiveSummary s;
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), OPTIONS, p)) {
            w.addChangedFile("changed", 0644, 0, 0, slice, c);
            w.addUnchangedFile("unchanged", 0644, 0, 0, slice);
            s = w.finish();
        }
        // FastCDC's cuts meet the parent's soon after the unaligned start, and after the change
        assertTrue(s.uniqueBlocks() <= 6, s.toString());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            assertArrayEquals(c.bytes(), readFile(r, "changed"));
            assertArrayEquals(Arrays.copyOfRange(v1, from, from + size), readFile(r, "unchanged"));
            assertVerifies(r);
        }
    }

    // ---- chains and determinism

    @Test
    void aChainOfTwoCommitsReadsCorrectly() throws IOException {
        byte[] v1 = TestData.semiCompressible(4 << 20, 16);
        byte[] other = TestData.semiCompressible(300_000, 17);
        Path a = packTree("v1.hxz", OPTIONS, Map.of("a.bin", v1, "b.bin", other));
        EditedContent c2 = EditedContent.of(v1).write(500_000, patch(4096, 18));
        commit(a, "v2.hxz", OPTIONS, "a.bin", c2);
        EditedContent c3 = EditedContent.of(c2.bytes()).write(3_000_000, patch(4096, 19)).truncate(3_500_000);
        ArchiveSummary s = commit(tmp.resolve("v2.hxz"), "v3.hxz", OPTIONS, "a.bin", c3);
        assertTrue(s.uniqueBlocks() <= 4, s.toString());
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v3.hxz"))) {
            assertEquals(2, r.header().chainDepth());
            assertArrayEquals(c3.bytes(), readFile(r, "a.bin"));
            assertArrayEquals(other, readFile(r, "b.bin"));
            boolean fromGrandparent = false;
            boolean fromParent = false;
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    fromGrandparent |= e.source() == 2;
                    fromParent |= e.source() == 1;
                }
            }
            assertTrue(fromGrandparent && fromParent, "blocks come from both ancestors");
            assertVerifies(r);
        }
    }

    @Test
    void theSameChangesGiveByteIdenticalArchives() throws IOException {
        WriterOptions o = OPTIONS.withArchiveId(ArchiveId.parse("00112233445566778899aabbccddeeff"))
                .withCreatedMillis(1_700_000_000_000L);
        byte[] v1 = TestData.semiCompressible(3 << 20, 21);
        Path a = packTree("v1.hxz", o, Map.of("x.bin", v1, "y.bin", patch(70_000, 22)));
        Edit edit = c -> c.write(10, patch(50, 23)).write(2_000_000, patch(90_000, 24)).truncate(2_500_000);
        EditedContent first = EditedContent.of(v1);
        edit.accept(first);
        EditedContent second = EditedContent.of(v1);
        edit.accept(second);
        WriterOptions child = o.withArchiveId(ArchiveId.parse("ffeeddccbbaa99887766554433221100"));
        commit(a, "one.hxz", child, "x.bin", first);
        commit(a, "two.hxz", child.withThreads(1), "x.bin", second);
        assertEquals(-1, Files.mismatch(tmp.resolve("one.hxz"), tmp.resolve("two.hxz")));
    }

    // ---- mistakes

    @Test
    void changesNeedAThinWriter() throws IOException {
        byte[] v1 = patch(1000, 25);
        Path a = packTree("v1.hxz", OPTIONS, Map.of("f", v1));
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.create(tmp.resolve("full.hxz"), OPTIONS)) {
            ManifestEntry e = p.manifest().find("f").orElseThrow();
            var x = assertThrows(IllegalStateException.class,
                    () -> w.addChangedFile("f", 0644, 0, 0, e, EditedContent.of(v1)));
            assertTrue(x.getMessage().contains("thin"), x.getMessage());
            assertThrows(IllegalStateException.class, () -> w.addUnchangedFile("f", 0644, 0, 0, e));
            assertThrows(IllegalStateException.class, () -> w.addChangedStream(EditedContent.of(v1)));
        }
    }

    @Test
    void badParentEntriesAndBadRangesAreRefusedNamingTheFile() throws IOException {
        byte[] v1 = patch(100_000, 26);
        Path a = packTree("v1.hxz", OPTIONS, Map.of("d/f", v1));
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), OPTIONS, p)) {
            ManifestEntry dir = p.manifest().find("d").orElseThrow();
            ManifestEntry f = p.manifest().find("d/f").orElseThrow();
            var x = assertThrows(IllegalArgumentException.class,
                    () -> w.addChangedFile("d/g", 0644, 0, 0, dir, EditedContent.of(v1)));
            assertTrue(x.getMessage().contains("'d/g'") && x.getMessage().contains("directory"), x.getMessage());
            ManifestEntry outside = ManifestEntry.file("elsewhere", 0644, 0, 0, 10, p.size());
            x = assertThrows(IllegalArgumentException.class,
                    () -> w.addChangedFile("d/h", 0644, 0, 0, outside, EditedContent.of(v1)));
            assertTrue(x.getMessage().contains("outside"), x.getMessage());
            ChangedContent unsorted = new Fixed(v1, v1.length,
                    List.of(new ByteRange(500, 600), new ByteRange(100, 200)));
            x = assertThrows(IllegalArgumentException.class, () -> w.addChangedFile("d/i", 0644, 0, 0, f, unsorted));
            assertTrue(x.getMessage().contains("'d/i'") && x.getMessage().contains("sorted"), x.getMessage());
            ChangedContent tooFar = new Fixed(v1, v1.length + 1, List.of());
            x = assertThrows(IllegalArgumentException.class, () -> w.addChangedFile("d/j", 0644, 0, 0, f, tooFar));
            assertTrue(x.getMessage().contains("unchanged limit"), x.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> w.addChangedFile("../k", 0644, 0, 0, f, EditedContent.of(v1)));
            assertThrows(IllegalStateException.class, () -> w.addChangedStream(EditedContent.of(v1)));
        }
    }

    @Test
    void contentShorterThanItsSizeIsAnErrorSayingWhere() throws IOException {
        byte[] v1 = patch(100_000, 27);
        Path a = packTree("v1.hxz", OPTIONS, Map.of("f", v1));
        ChangedContent lying = new Fixed(v1, 0, List.of()) {
            @Override
            public long size() {
                return 200_000;
            }
        };
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), OPTIONS, p)) {
            ManifestEntry f = p.manifest().find("f").orElseThrow();
            var x = assertThrows(IOException.class, () -> w.addChangedFile("f", 0644, 0, 0, f, lying));
            assertTrue(x.getMessage().contains("'f'") && x.getMessage().contains("offset 100000"), x.getMessage());
        }
    }

    /** Content given outright: bytes, an unchanged limit and ranges, as a caller might get them wrong. */
    private static class Fixed implements ChangedContent {
        private final byte[] bytes;
        private final long limit;
        private final List<ByteRange> ranges;

        Fixed(byte[] bytes, long limit, List<ByteRange> ranges) {
            this.bytes = bytes;
            this.limit = limit;
            this.ranges = ranges;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public long unchangedLimit() {
            return limit;
        }

        @Override
        public List<ByteRange> changedRanges() {
            return ranges;
        }

        @Override
        public int read(long offset, byte[] dst, int off, int len) {
            if (offset >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(len, bytes.length - offset);
            System.arraycopy(bytes, (int) offset, dst, off, n);
            return n;
        }
    }

    private static byte[] readAll(ArchiveReader r) throws IOException {
        byte[] b = new byte[(int) r.size()];
        r.readFully(0, b, 0, b.length);
        return b;
    }
}
