package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.io.ByteArraySource;
import dev.hexz.format.io.RandomAccessSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A block that several threads want while it is not cached is read and decoded once: the others
 * wait for the first (a mount's FUSE workers serve the kernel's parallel requests, and a cold
 * sequential read decoded about one block in eight twice before).
 */
class SharedDecodeTest {

    private static final int BLOCK = 64 << 10;

    @TempDir
    Path tmp;

    /**
     * Counts block reads once armed, and holds the first one until the thread it is given
     * either waits for that read's result (parked in a CompletableFuture) or reads the file
     * itself (it did not wait): either way both are then in flight at once.
     */
    private static final class GatedSource extends ForwardingSource {
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch secondRead = new CountDownLatch(1);
        final AtomicReference<Thread> second = new AtomicReference<>();
        volatile boolean armed;

        GatedSource(RandomAccessSource inner) {
            super(inner);
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            if (armed) {
                int n = reads.incrementAndGet();
                if (n == 1) {
                    firstEntered.countDown();
                    holdUntilTheSecondIsInFlight();
                } else {
                    secondRead.countDown();
                }
            }
            super.readFully(position, dst);
        }

        private void holdUntilTheSecondIsInFlight() throws IOException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                while (System.nanoTime() < deadline) {
                    if (secondRead.await(5, TimeUnit.MILLISECONDS) || waitsForAFuture(second.get())) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the second reader neither waited nor read within 10 s");
        }

        private static boolean waitsForAFuture(Thread t) {
            if (t == null || t.getState() != Thread.State.WAITING) {
                return false;
            }
            return Arrays.stream(t.getStackTrace())
                    .anyMatch(f -> f.getClassName().startsWith(java.util.concurrent.CompletableFuture.class.getName()));
        }
    }

    private byte[] archive(byte[] data) throws IOException {
        Path archive = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive,
                WriterOptions.defaults().withChunking(ChunkingParams.fixed(BLOCK)))) {
            w.addBytes(data);
            w.finish();
        }
        return Files.readAllBytes(archive);
    }

    /** Reads {@code length} bytes at {@code at} on a new thread, and then on another while the first is in the file. */
    private static byte[][] readTwiceAtOnce(ArchiveReader r, GatedSource source, long at, int length) throws Exception {
        byte[][] got = {new byte[length], new byte[length]};
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread a = new Thread(() -> read(r, at, got[0], failure), "first reader");
        Thread b = new Thread(() -> read(r, at, got[1], failure), "second reader");
        source.second.set(b);
        a.start();
        assertTrue(source.firstEntered.await(10, TimeUnit.SECONDS), "the first reader reached the file");
        b.start();
        a.join(TimeUnit.SECONDS.toMillis(20));
        b.join(TimeUnit.SECONDS.toMillis(20));
        assertEquals(null, failure.get(), "a reader failed");
        return got;
    }

    private static void read(ArchiveReader r, long at, byte[] into, AtomicReference<Throwable> failure) {
        try {
            r.readFully(at, into, 0, into.length);
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    private static ArchiveReader open(GatedSource source) throws IOException {
        ArchiveReader r = ArchiveReader.open(source, ReaderOptions.defaults().withReadAheadBlocks(0));
        r.warmIndex(); // only block reads from here on
        source.armed = true;
        return r;
    }

    @Test
    void twoReadersOfOneUncachedBlockReadItOnce() throws Exception {
        byte[] data = TestData.semiCompressible(1 << 20, 21);
        GatedSource source = new GatedSource(new ByteArraySource(archive(data), "shared.hxz"));
        try (ArchiveReader r = open(source)) {
            long at = 5L * BLOCK + 100;
            byte[][] got = readTwiceAtOnce(r, source, at, 4096);
            byte[] want = Arrays.copyOfRange(data, (int) at, (int) at + 4096);
            assertArrayEquals(want, got[0]);
            assertArrayEquals(want, got[1]);
            assertEquals(1, source.reads.get(), "block reads of the file");
        }
    }

    @Test
    void aReaderOfABlockInAnotherReadersRunWaitsForTheRun() throws Exception {
        byte[] data = TestData.semiCompressible(1 << 20, 22);
        GatedSource source = new GatedSource(new ByteArraySource(archive(data), "run.hxz"));
        try (ArchiveReader r = open(source)) {
            // the first reader's 4 KiB straddle blocks 2 and 3 (one read of both); the second
            // wants the same bytes, so both blocks are claimed by the first
            long at = 3L * BLOCK - 2048;
            byte[][] got = readTwiceAtOnce(r, source, at, 4096);
            byte[] want = Arrays.copyOfRange(data, (int) at, (int) at + 4096);
            assertArrayEquals(want, got[0]);
            assertArrayEquals(want, got[1]);
            assertEquals(1, source.reads.get(), "block reads of the file");
        }
    }
}
