package dev.hexz.format.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectWriterTest {

    private static final int START = 4096;

    @TempDir
    Path tmp;

    @Test
    void writesWhatWasAppendedAtTheRightOffsets() throws IOException {
        Path f = tmp.resolve("direct.bin");
        Random rnd = new Random(5);
        byte[] data = new byte[(13 << 20) + 12_345];
        rnd.nextBytes(data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            DirectWriter w = DirectWriter.open(f, START);
            assumeTrue(w != null, "the temporary directory's file system takes no direct writes");
            int pos = 0;
            while (pos < data.length) {
                // pieces from 1 byte to more than a whole buffer (5 MiB)
                int n = Math.min(data.length - pos, rnd.nextInt(10) == 0 ? 5 << 20 : 1 + rnd.nextInt(300_000));
                assertEquals(START + pos, w.position());
                w.write(data, pos, n);
                pos += n;
            }
            long end = w.position();
            assertEquals(START + data.length, end);
            ByteBuffer rest = w.finish();
            assertTrue(rest.remaining() < 4096, "less than one block left: " + rest.remaining());
            long at = end - rest.remaining();
            while (rest.hasRemaining()) {
                at += ch.write(rest, at);
            }
        }
        byte[] file = Files.readAllBytes(f);
        assertEquals(START + data.length, file.length);
        assertArrayEquals(data, Arrays.copyOfRange(file, START, file.length));
    }

    @Test
    void anUnalignedStartOrTheSwitchMeansNoDirectWriter() throws IOException {
        Path f = Files.createFile(tmp.resolve("x.bin"));
        assertNull(DirectWriter.open(f, 100));
        String old = System.setProperty("hexz.directWrites", "false");
        try {
            assertNull(DirectWriter.open(f, START));
        } finally {
            restore(old);
        }
    }

    @Test
    void archivesAreTheSameBytesWithAndWithoutDirectWrites() throws IOException {
        // 64 KiB runs, alternately random and a repeated word: compressible blocks, incompressible
        // ones (stored raw) and duplicates
        byte[] data = new byte[(11 << 20) + 777];
        Random rnd = new Random(9);
        byte[] word = "weights ".getBytes();
        for (int i = 0; i < data.length; i++) {
            data[i] = (i >> 16) % 2 == 0 ? (byte) rnd.nextInt() : word[i % word.length];
        }
        WriterOptions o = WriterOptions.defaults().withChunking(ChunkingParams.fastCdcAround(16 << 10))
                .withArchiveId(ArchiveId.parse("00112233445566778899aabbccddeeff")).withCreatedMillis(1_700_000_000_000L);
        byte[] direct = pack(data, o, "direct.hxz", null);
        byte[] buffered = pack(data, o, "buffered.hxz", "false");
        assertArrayEquals(buffered, direct);
    }

    private byte[] pack(byte[] data, WriterOptions o, String name, String directWrites) throws IOException {
        Path out = tmp.resolve(name);
        String old = directWrites == null ? System.getProperty("hexz.directWrites")
                : System.setProperty("hexz.directWrites", directWrites);
        try (ArchiveWriter w = ArchiveWriter.create(out, o)) {
            w.addBytes(data);
            w.finish();
        } finally {
            restore(old);
        }
        return Files.readAllBytes(out);
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty("hexz.directWrites");
        } else {
            System.setProperty("hexz.directWrites", old);
        }
    }
}
