package dev.hexz.format.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedLruCacheTest {

    @Test
    void splitsIntoFewerSegmentsWhenValuesAreLarge() {
        assertEquals(16, new BoundedLruCache<Long, byte[]>(8L << 20, b -> b.length).segmentCount());
        assertEquals(16, new BoundedLruCache<Long, byte[]>(8L << 20, 256 << 10, b -> b.length).segmentCount());
        assertEquals(4, new BoundedLruCache<Long, byte[]>(8L << 20, 1 << 20, b -> b.length).segmentCount());
        assertEquals(1, new BoundedLruCache<Long, byte[]>(8L << 20, 16 << 20, b -> b.length).segmentCount());
    }

    @Test
    void keepsValuesAsLargeAsItWasToldOf() {
        BoundedLruCache<Long, byte[]> c = new BoundedLruCache<>(8L << 20, 1 << 20, b -> b.length);
        // whichever segments they fall in, any two of the largest values fit
        for (long k = 0; k < 2; k++) {
            c.put(k, new byte[1 << 20]);
        }
        for (long k = 0; k < 2; k++) {
            assertNotNull(c.get(k), "block " + k + " was not kept");
        }
        // 16 segments of 512 KiB, as before the size was given, would have kept none of them
        BoundedLruCache<Long, byte[]> even = new BoundedLruCache<>(8L << 20, b -> b.length);
        even.put(0L, new byte[1 << 20]);
        assertNull(even.get(0L));
    }

    @Test
    void staysWithinItsBudget() {
        BoundedLruCache<Long, byte[]> c = new BoundedLruCache<>(4L << 20, 256 << 10, b -> b.length);
        for (long k = 0; k < 200; k++) {
            c.put(k, new byte[100_000]);
        }
        assertTrue(c.bytes() <= 4L << 20, "holds " + c.bytes());
        assertTrue(c.bytes() > 2L << 20, "evicted far more than it had to: " + c.bytes());
    }
}
