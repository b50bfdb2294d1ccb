package dev.hexz.format;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detects sequential reading and decodes the next blocks in the background, so that a reader
 * streaming through an archive finds them already decompressed. A read that starts where the
 * previous one ended counts as sequential; a jump resets the window.
 */
final class ReadAhead {

    /** Shared by all readers: daemon threads, one per core. */
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "hexz-read-ahead");
                t.setDaemon(true);
                return t;
            });

    private final ArchiveReader reader;
    private final int window;
    private final AtomicLong expectedNext = new AtomicLong(-1);
    private final AtomicLong prefetchedUpTo = new AtomicLong(-1);

    ReadAhead(ArchiveReader reader, int window) {
        this.reader = reader;
        this.window = window;
    }

    int window() {
        return window;
    }

    void afterRead(long offset, int length, long lastBlock) {
        if (window == 0) {
            return;
        }
        long prev = expectedNext.getAndSet(offset + length);
        if (prev != offset) {
            prefetchedUpTo.set(lastBlock);
            return;
        }
        long target = lastBlock + window;
        long from = Math.max(prefetchedUpTo.get(), lastBlock) + 1;
        // Refill only once half of the window has been consumed: fewer, larger batches of work.
        if (target - from < window / 2 && from > lastBlock + 1) {
            return;
        }
        prefetchedUpTo.set(target);
        for (long b = from; b <= target; b++) {
            reader.prefetch(b);
        }
    }
}
