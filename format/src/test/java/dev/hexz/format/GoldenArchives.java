package dev.hexz.format;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The golden archives: small deterministic inputs, the options they are packed with, and where
 * their committed {@code .hxz} files live. Regenerate (only when the format changes on purpose,
 * with SPEC.md in the same commit) with
 * {@code mvn -pl format test -Dtest=GoldenArchiveTest -Dhexz.golden.write=true}.
 */
final class GoldenArchives {

    static final Path DIR = Paths.get("src/test/resources/golden");
    static final ArchiveId ID = ArchiveId.parse("0123456789abcdef0123456789abcdef");
    static final long CREATED = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** One golden archive: a stream archive (bytes) or a directory archive (files). */
    record Case(String name, WriterOptions options, byte[] bytes, Map<String, byte[]> files) {

        Path path() {
            return DIR.resolve(name + ".hxz");
        }

        void write(Path out) throws IOException {
            try (ArchiveWriter w = ArchiveWriter.create(out, options)) {
                if (files == null) {
                    w.addBytes(bytes);
                } else {
                    writeTree(w);
                }
                w.finish();
            }
        }

        private void writeTree(ArchiveWriter w) throws IOException {
            w.addDirectory("docs", 0755, 1_700_000_000L, 0);
            w.addDirectory("empty", 0700, 1_700_000_001L, 5);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                w.addFile(f.getKey(), new ByteArrayInputStream(f.getValue()), 0644, 1_700_000_002L, 123);
            }
            w.addSymlink("latest", "docs/readme.txt", 1_700_000_003L, 0);
            w.setMetadata("{\"message\":\"golden tree\",\"epoch\":1}");
        }
    }

    private static WriterOptions base() {
        return WriterOptions.defaults().withArchiveId(ID).withCreatedMillis(CREATED).withThreads(2);
    }

    static byte[] zeroMiddle() {
        byte[] b = TestData.semiCompressible(16 << 10, 4);
        Arrays.fill(b, 4 << 10, 12 << 10, (byte) 0);
        return b;
    }

    static Map<String, byte[]> tree() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("docs/readme.txt", "hexz golden tree\n".getBytes(StandardCharsets.UTF_8));
        files.put("docs/copy.txt", "hexz golden tree\n".getBytes(StandardCharsets.UTF_8));
        files.put("data.bin", TestData.semiCompressible(20 << 10, 6));
        files.put("empty.txt", new byte[0]);
        return files;
    }

    static List<Case> all() {
        return List.of(
                new Case("lz4-cdc", base().withChunking(ChunkingParams.fastCdc(1 << 10, 4 << 10, 16 << 10)),
                        TestData.semiCompressible(40 << 10, 1), null),
                new Case("zstd-fixed", base().withCodec(CodecId.ZSTD, 3).withChunking(ChunkingParams.fixed(4 << 10)),
                        TestData.semiCompressible(20 << 10, 2), null),
                new Case("none-fixed", base().withCodec(CodecId.NONE, 0).withChunking(ChunkingParams.fixed(4 << 10)),
                        TestData.semiCompressible(10 << 10, 3), null),
                new Case("zero-blocks", base().withChunking(ChunkingParams.fixed(2 << 10)), zeroMiddle(), null),
                new Case("multi-page", base().withChunking(ChunkingParams.fixed(256)).withPageCapacity(4),
                        TestData.semiCompressible(30 * 256 + 100, 5), null),
                new Case("zstd-dict", base().withCodec(CodecId.ZSTD, 3).withChunking(ChunkingParams.fixed(1 << 10))
                        .withDictionaryBytes(1 << 10), TestData.semiCompressible(48 << 10, 8), null),
                new Case("directory", base().withChunking(ChunkingParams.fastCdc(1 << 10, 4 << 10, 16 << 10)), null,
                        tree()));
    }

    static Case named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static byte[] read(String name) throws IOException {
        return Files.readAllBytes(DIR.resolve(name + ".hxz"));
    }

    private GoldenArchives() {
    }
}
