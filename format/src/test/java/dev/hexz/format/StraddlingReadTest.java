package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.io.ByteArraySource;
import dev.hexz.format.io.RandomAccessSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that spans blocks stored back to back reads their stored bytes with one read of the
 * file: two reads in a row made the kernel read ahead before returning the second, and those
 * reads were a mount's slowest.
 */
class StraddlingReadTest {

    private static final int BLOCK = 64 << 10;

    @TempDir
    Path tmp;

    /**
     * Records the length of every read made of a source once armed; reads that pass
     * {@code endsAt} fail as at the end of a file (a file cut short under a reader).
     */
    private static final class ReadLog extends ForwardingSource {
        private final List<Integer> lengths = new ArrayList<>();
        private volatile boolean armed;
        private volatile long endsAt = Long.MAX_VALUE;

        ReadLog(RandomAccessSource inner) {
            super(inner);
        }

        synchronized List<Integer> lengths() {
            return List.copyOf(lengths);
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            if (armed) {
                synchronized (this) {
                    lengths.add(dst.remaining());
                }
                if (position + dst.remaining() > endsAt) {
                    throw new EOFException("cut at " + endsAt);
                }
            }
            super.readFully(position, dst);
        }
    }

    private Path archive(byte[] data, WriterOptions options) throws IOException {
        Path archive = tmp.resolve("a" + System.nanoTime() + ".hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, options.withChunking(ChunkingParams.fixed(BLOCK)))) {
            w.addBytes(data);
            w.finish();
        }
        return archive;
    }

    /** Opens the archive's bytes behind a read log, with its index already read. */
    private static ArchiveReader open(byte[] bytes, ReaderOptions options, ReadLog[] log) throws IOException {
        log[0] = new ReadLog(new ByteArraySource(bytes, "probe.hxz"));
        ArchiveReader r = ArchiveReader.open(log[0], options);
        r.warmIndex(); // only block reads from here on
        log[0].armed = true;
        return r;
    }

    /** {@code data} packed with the default options except 64 KiB fixed blocks, opened as {@link #open} does. */
    private ArchiveReader openPlain(byte[] data, ReadLog[] log) throws IOException {
        return open(Files.readAllBytes(archive(data, WriterOptions.defaults())), ReaderOptions.defaults(), log);
    }

    private static void readsRight(ArchiveReader r, byte[] data, int at, int length) throws IOException {
        byte[] got = new byte[length];
        r.readFully(at, got, 0, length);
        assertArrayEquals(Arrays.copyOfRange(data, at, at + length), got, "bytes at " + at);
    }

    private static int stored(ArchiveReader r, long block) throws IOException {
        return r.entry(block).storedLength();
    }

    @Test
    void aFourKibReadAcrossABoundaryReadsBothBlocksWithOneRead() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 11);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = openPlain(data, log)) {
            readsRight(r, data, 3 * BLOCK - 2048, 4096);
            assertEquals(List.of(stored(r, 2) + stored(r, 3)), log[0].lengths());
        }
    }

    @Test
    void aReadInsideOneBlockReadsOnlyThatBlock() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 12);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = openPlain(data, log)) {
            readsRight(r, data, 5 * BLOCK + 100, 4096);
            assertEquals(List.of(stored(r, 5)), log[0].lengths());
        }
    }

    @Test
    void aReadOverACachedBlockReadsOnlyTheOthers() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 13);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = openPlain(data, log)) {
            readsRight(r, data, 4 * BLOCK + 10, 100); // block 4 is cached now
            readsRight(r, data, 5 * BLOCK - 100, 2 * BLOCK); // blocks 4, 5 and 6
            assertEquals(List.of(stored(r, 4), stored(r, 5) + stored(r, 6)), log[0].lengths());
        }
    }

    @Test
    void blocksStoredUncompressedAreCopiedOutOfTheSharedBuffer() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 14);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = open(Files.readAllBytes(archive(data, WriterOptions.defaults().withCodec(CodecId.NONE, 0))),
                ReaderOptions.defaults(), log)) {
            readsRight(r, data, 2 * BLOCK - 2048, 4096);
            readsRight(r, data, 7 * BLOCK - 2048, 4096); // the same thread's buffer, other bytes
            readsRight(r, data, 2 * BLOCK - 2048, 4096); // from the cache: must not have changed
            assertEquals(2, log[0].lengths().size(), "the third read is served from the cache");
        }
    }

    @Test
    void encryptedBlocksAreOpenedFromTheMiddleOfTheRun() throws IOException {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        byte[] data = TestData.semiCompressible(1 << 20, 15);
        ReadLog[] log = new ReadLog[1];
        Path p = archive(data, WriterOptions.defaults().withEncryption(WriterEncryption.keyFile(key)));
        try (ArchiveReader r = open(Files.readAllBytes(p),
                ReaderOptions.defaults().withKeys((n, slot) -> MasterKey.of(key)), log)) {
            readsRight(r, data, 3 * BLOCK - 10, 20);
            assertEquals(List.of(stored(r, 2) + stored(r, 3)), log[0].lengths());
        }
    }

    @Test
    void damageInTheSecondBlockOfARunNamesThatBlock() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 16);
        byte[] bytes = Files.readAllBytes(archive(data, WriterOptions.defaults()));
        long at;
        try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(bytes.clone()), ReaderOptions.defaults())) {
            at = r.entry(3).storedOffset() + 100;
        }
        bytes[(int) at] ^= 0x40;
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = open(bytes, ReaderOptions.defaults(), log)) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                    () -> r.readFully(3 * BLOCK - 2048, new byte[4096], 0, 4096));
            assertTrue(e.getMessage().contains("block 3"), e.getMessage());
        }
    }

    @Test
    void aFileCutShortInTheSecondBlockOfARunNamesThatBlock() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 18);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = openPlain(data, log)) {
            log[0].endsAt = r.entry(3).storedOffset() + 100;
            TruncatedArchiveException e = assertThrows(TruncatedArchiveException.class,
                    () -> r.readFully(3 * BLOCK - 2048, new byte[4096], 0, 4096));
            assertTrue(e.getMessage().contains("block 3 lies past the end"), e.getMessage());
            assertEquals(List.of(stored(r, 2) + stored(r, 3), stored(r, 2), stored(r, 3)), log[0].lengths(),
                    "the run's read fails, then each block is read on its own");
        }
    }

    @Test
    void withoutACacheEachBlockIsReadOnItsOwn() throws IOException {
        byte[] data = TestData.semiCompressible(1 << 20, 17);
        ReadLog[] log = new ReadLog[1];
        try (ArchiveReader r = open(Files.readAllBytes(archive(data, WriterOptions.defaults())),
                ReaderOptions.defaults().withCacheBytes(0), log)) {
            readsRight(r, data, 3 * BLOCK - 2048, 4096);
            assertEquals(List.of(stored(r, 2), stored(r, 3)), log[0].lengths());
        }
    }
}
