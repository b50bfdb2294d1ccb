package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.codec.CodecId;
import dev.hexz.format.io.ByteArraySource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstdDictionaryTest {

    @TempDir
    Path tmp;

    private Path pack(byte[] data, WriterOptions o, String name) throws IOException {
        Path out = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(out, o)) {
            w.addBytes(data);
            w.finish();
        }
        return out;
    }

    /**
     * Log-like lines drawn from a vocabulary of 3000 random words: each 64 KiB block meets most
     * words only a few times, so without a dictionary their first occurrence in every block is
     * stored literally. That is the case dictionaries exist for.
     */
    private static byte[] wideVocabulary(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        String[] words = new String[3000];
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int k = 8 + r.nextInt(9); k > 0; k--) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            words[i] = w.toString();
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n + 100);
        while (out.size() < n) {
            out.writeBytes((words[r.nextInt(words.length)] + "=" + r.nextInt(1000) + (r.nextInt(8) == 0 ? "\n" : " "))
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return java.util.Arrays.copyOf(out.toByteArray(), n);
    }

    @Test
    void zstdArchivesTrainADictionaryThatShrinksThemAndReadBack() throws IOException {
        byte[] data = wideVocabulary(12 << 20, 77);
        WriterOptions zstd = WriterOptions.defaults().withCodec(CodecId.ZSTD, 3);
        Path with = pack(data, zstd, "with.hxz");
        Path without = pack(data, zstd.withDictionaryBytes(0), "without.hxz");
        try (ArchiveReader r = ArchiveReader.open(with)) {
            assertTrue(r.header().dictionaryLength() > 1024, "a dictionary was stored");
            assertEquals(CodecId.ZSTD_DICT, r.pageEntries(0)[0].codec());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
        try (ArchiveReader r = ArchiveReader.open(without)) {
            assertEquals(0, r.header().dictionaryLength());
            assertEquals(CodecId.ZSTD, r.pageEntries(0)[0].codec());
        }
        assertTrue(Files.size(with) < Files.size(without) * 0.97,
                "dictionary " + Files.size(with) + " vs none " + Files.size(without));
    }

    @Test
    void smallInputsAndOtherCodecsHaveNoDictionary() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(pack(TestData.semiCompressible(40_000, 1),
                WriterOptions.defaults().withCodec(CodecId.ZSTD, 0), "small.hxz"))) {
            assertEquals(0, r.header().dictionaryLength());
        }
        try (ArchiveReader r = ArchiveReader.open(pack(TestData.semiCompressible(12 << 20, 2),
                WriterOptions.defaults(), "lz4.hxz"))) {
            assertEquals(0, r.header().dictionaryLength());
        }
    }

    @Test
    void aDamagedDictionaryIsReportedNotMisread() throws IOException {
        byte[] b = Files.readAllBytes(GoldenArchives.named("zstd-dict").path());
        long at = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(192);
        b[(int) at + 40] ^= 1;
        try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(b, "dict.hxz"), ReaderOptions.defaults())) {
            var e = assertThrows(CorruptManifestException.class, () -> r.readFully(0, new byte[100], 0, 100));
            assertTrue(e.getMessage().contains("dictionary checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void userCannotAskForTheDictionaryCodecDirectly() {
        assertThrows(IllegalArgumentException.class, () -> CodecId.ofLabel("zstd+dictionary"));
        assertThrows(IllegalArgumentException.class,
                () -> WriterOptions.defaults().withCodec(CodecId.ZSTD_DICT, 0));
    }
}
