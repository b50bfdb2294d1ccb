package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StoredScratchTest {

    @Test
    void givesEachThreadOneArrayLargeEnoughAndReusesIt() throws Exception {
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
    void doesNotKeepHugeArrays() {
        byte[] huge = StoredScratch.get(5 << 20);
        assertTrue(huge.length >= 5 << 20);
        assertNotSame(huge, StoredScratch.get(5 << 20), "an array over the keep limit is not kept");
    }
}
