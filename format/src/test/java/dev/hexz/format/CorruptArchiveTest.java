package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.io.ByteArraySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each corrupt twin fails with its own error, naming the archive and where. */
class CorruptArchiveTest {

    @TempDir
    Path tmp;

    private static byte[] twin(String name) throws IOException {
        return Files.readAllBytes(CorruptTwins.DIR.resolve(name + ".hxz"));
    }

    private static <T extends Throwable> T openFails(String name, Class<T> type) throws IOException {
        byte[] b = twin(name);
        return assertThrows(type, () -> {
            try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(b, name + ".hxz"), ReaderOptions.defaults())) {
                r.manifest();
            }
        });
    }

    @Test
    void committedTwinsAreExactlyTheDocumentedDamage() throws IOException {
        for (Map.Entry<String, byte[]> t : CorruptTwins.all().entrySet()) {
            assertArrayEquals(t.getValue(), twin(t.getKey()), t.getKey());
        }
    }

    @Test
    void badMagicIsNotAnArchive() throws IOException {
        var e = openFails("bad-magic", NotAnArchiveException.class);
        assertTrue(e.getMessage().startsWith("bad-magic.hxz: not a hexz archive"), e.getMessage());
    }

    @Test
    void emptyFileIsNotAnArchive() throws IOException {
        var e = openFails("empty", NotAnArchiveException.class);
        assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    }

    @Test
    void futureVersionIsUnsupported() throws IOException {
        var e = openFails("future-version", UnsupportedFormatVersionException.class);
        assertTrue(e.getMessage().contains("format version 2.0 is not supported"), e.getMessage());
    }

    @Test
    void truncatedHeaderSaysSo() throws IOException {
        var e = openFails("truncated-header", TruncatedArchiveException.class);
        assertTrue(e.getMessage().contains("header truncated: file is 1000 bytes"), e.getMessage());
    }

    @Test
    void indexOffsetPastTheEndIsACorruptIndex() throws IOException {
        var e = openFails("index-offset-past-end", CorruptIndexException.class);
        assertTrue(e.getMessage().contains("master index") && e.getMessage().contains("lies outside the file"),
                e.getMessage());
        assertEquals(96, e.offset());
    }

    @Test
    void hugePageCountIsRefusedBeforeAllocating() throws IOException {
        var e = openFails("huge-page-count", CorruptIndexException.class);
        assertTrue(e.getMessage().contains("claims 2147483647 pages"), e.getMessage());
    }

    @Test
    void flippedDataByteIsACorruptBlockOnReadAndInVerify() throws IOException {
        byte[] b = twin("flipped-data-byte");
        try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(b, "flip.hxz"), ReaderOptions.defaults())) {
            byte[] buf = new byte[(int) r.size()];
            var e = assertThrows(CorruptBlockException.class, () -> r.readFully(0, buf, 0, buf.length));
            assertTrue(e.getMessage().contains("block 0") && e.getMessage().contains("checksum mismatch"), e.getMessage());
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
            assertFalse(report.ok());
            assertEquals(1, report.problems().size());
            assertEquals(0, report.problems().get(0).blockNumber());
        }
    }

    @Test
    void badManifestPathIsACorruptManifest() throws IOException {
        var e = openFails("bad-manifest-path", CorruptManifestException.class);
        assertTrue(e.getMessage().contains("'..' in '../escape'"), e.getMessage());
    }

    @Test
    void aHugeRegionInAHugeFileIsRefusedNotAllocated() throws IOException {
        byte[] b = GoldenArchives.read("directory");
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        le.putLong(120, 3L << 30); // manifest length: 3 GiB, inside a 5 GiB (sparse) file
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(b, 0, 4092);
        le.putInt(4092, (int) crc.getValue());
        dev.hexz.format.io.RandomAccessSource huge = new dev.hexz.format.io.RandomAccessSource() {
            @Override
            public long size() {
                return 5L << 30;
            }

            @Override
            public void readFully(long position, java.nio.ByteBuffer dst) {
                while (dst.hasRemaining()) {
                    dst.put(position < b.length ? b[(int) position] : 0);
                    position++;
                }
            }

            @Override
            public String name() {
                return "huge.hxz";
            }

            @Override
            public void close() {
            }
        };
        var e = assertThrows(CorruptHeaderException.class, () -> ArchiveReader.open(huge, ReaderOptions.defaults()));
        assertTrue(e.getMessage().contains("claims more than"), e.getMessage());
    }

    @Test
    void aDirectoryIsNotAnArchive() {
        var e = assertThrows(IOException.class, () -> ArchiveReader.open(tmp));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    @Test
    void everyTruncationOfAGoldenArchiveFailsCleanly() throws IOException {
        byte[] full = GoldenArchives.read("directory");
        for (int len = 0; len < full.length; len += 97) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(cut), ReaderOptions.defaults())) {
                r.manifest();
                new ArchiveVerifier(r, 1).verify(n -> { });
            } catch (CorruptArchiveException | UnsupportedFormatVersionException expected) {
                // the point: a checked, descriptive error and nothing else
            }
        }
    }
}
