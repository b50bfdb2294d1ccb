package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed golden archives decode to their inputs, and re-encoding gives the same bytes. */
class GoldenArchiveTest {

    @TempDir
    Path tmp;

    static Stream<GoldenArchives.Case> cases() {
        return GoldenArchives.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reencodingTheInputGivesTheCommittedBytes(GoldenArchives.Case c) throws IOException {
        Path fresh = tmp.resolve(c.name() + ".hxz");
        c.write(fresh);
        if (Boolean.getBoolean("hexz.golden.write")) {
            Files.createDirectories(GoldenArchives.DIR);
            Files.copy(fresh, c.path(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            CorruptTwins.writeAll();
        }
        assertArrayEquals(Files.readAllBytes(c.path()), Files.readAllBytes(fresh),
                c.name() + ": the writer no longer produces the committed golden bytes");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theCommittedArchiveDecodesToItsInput(GoldenArchives.Case c) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(c.path())) {
            assertEquals(GoldenArchives.ID, r.header().archiveId());
            assertEquals(GoldenArchives.CREATED, r.header().createdMillis());
            if (c.files() == null) {
                byte[] back = new byte[(int) r.size()];
                r.readFully(0, back, 0, back.length);
                assertArrayEquals(c.bytes(), back);
            } else {
                for (Map.Entry<String, byte[]> f : c.files().entrySet()) {
                    assertArrayEquals(f.getValue(), r.file(f.getKey()).orElseThrow().readAllBytes(), f.getKey());
                }
            }
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
    }

    @Test
    void goldenHeadersRecordTheirOptions() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("zstd-fixed").path())) {
            assertEquals(CodecId.ZSTD, r.header().codec());
            assertEquals(3, r.header().codecLevel());
            assertEquals(ChunkingParams.fixed(4096), r.header().chunking());
            assertEquals(5, r.header().blockCount());
        }
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("lz4-cdc").path())) {
            assertEquals(CodecId.LZ4, r.header().codec());
            assertEquals(ChunkingParams.fastCdc(1024, 4096, 16384), r.header().chunking());
            assertTrue(r.header().blockCount() >= 3, "CDC cut 40 KiB into several blocks");
        }
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("zstd-dict").path())) {
            assertTrue(r.header().dictionaryLength() > 32, "a trained dictionary is stored");
            assertEquals(CodecId.ZSTD_DICT, r.pageEntries(0)[0].codec());
        }
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("zero-blocks").path())) {
            assertEquals(4, r.header().zeroBlockCount());
            assertEquals(8, r.header().blockCount());
        }
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("multi-page").path())) {
            assertEquals(31, r.header().blockCount());
            assertEquals(8, r.pageCount());
        }
    }

    @Test
    void goldenDirectoryHasItsTree() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(GoldenArchives.named("directory").path())) {
            assertTrue(r.header().isDirectory());
            assertEquals(4, r.header().fileCount());
            assertEquals(1, r.header().dedupBlockCount(), "docs/copy.txt shares docs/readme.txt's block");
            ManifestEntry empty = r.manifest().find("empty").orElseThrow();
            assertTrue(empty.isDirectory());
            assertEquals(0700, empty.mode());
            assertEquals(5, empty.mtimeNanos());
            ManifestEntry link = r.manifest().find("latest").orElseThrow();
            assertTrue(link.isSymlink());
            assertEquals("docs/readme.txt", link.symlinkTarget());
            assertEquals(0, r.file("empty.txt").orElseThrow().size());
            assertEquals("golden tree", r.metadata().get("message").asText());
            assertEquals(java.util.List.of("data.bin", "docs", "docs/copy.txt", "docs/readme.txt", "empty", "empty.txt",
                    "latest"), r.manifest().entries().stream().map(ManifestEntry::path).toList());
        }
    }
}
