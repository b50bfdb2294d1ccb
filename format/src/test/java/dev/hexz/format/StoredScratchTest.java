package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoredScratchTest {

    /** Runs {@code body} on a thread of its own, so no earlier use of this thread's array counts. */
    private static void onFreshThread(ThrowingRunnable body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void givesEachThreadOneArrayLargeEnoughAndReusesIt() throws Exception {
        onFreshThread(StoredScratchTest::reuse);
    }

    private static void reuse() throws Exception {
        byte[] first = StoredScratch.get(1000);
        assertTrue(first.length >= 1000);
        assertSame(first, StoredScratch.get(first.length), "an array that fits is reused");
        assertSame(first, StoredScratch.get(10), "a smaller request reuses it too");

        byte[] grown = StoredScratch.get(first.length + 1);
        assertTrue(grown.length > first.length);
        assertSame(grown, StoredScratch.get(first.length), "the grown array replaces the old one");

        AtomicReference<byte[]> other = new AtomicReference<>();
        Thread t = new Thread(() -> other.set(StoredScratch.get(10)));
        t.start();
        t.join();
        assertNotSame(grown, other.get(), "another thread has its own array");
    }

    @Test
    void doesNotKeepOrRoundUpHugeArrays() throws Exception {
        onFreshThread(() -> {
            byte[] huge = StoredScratch.get((5 << 20) + 1);
            assertEquals((5 << 20) + 1, huge.length, "an array that is not kept is not rounded up");
            assertNotSame(huge, StoredScratch.get(5 << 20), "an array over the keep limit is not kept");
        });
    }
}
