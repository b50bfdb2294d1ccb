package dev.hexz.format.read;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A cache bounded by the bytes of its values, least recently used out first. Split into
 * independently locked segments so that concurrent readers rarely wait for each other; each
 * segment gets an equal share of the budget.
 */
public final class BoundedLruCache<K, V> {

    private static final int MAX_SEGMENTS = 16;

    private final Segment<K, V>[] segments;
    private final ToLongFunction<V> weigher;

    /** A cache of {@code maxBytes} in 16 segments (for values far smaller than a sixteenth of it). */
    public BoundedLruCache(long maxBytes, ToLongFunction<V> weigher) {
        this(maxBytes, 0, weigher);
    }

    /**
     * A cache of {@code maxBytes} in as many segments (1 to 16, a power of two) as leave each room
     * for two values of {@code largest} bytes: a value heavier than its segment's share is never
     * cached, so a budget split 16 ways would refuse every large block.
     */
    @SuppressWarnings("unchecked")
    public BoundedLruCache(long maxBytes, long largest, ToLongFunction<V> weigher) {
        this.weigher = weigher;
        int n = MAX_SEGMENTS;
        while (n > 1 && maxBytes / n < 2 * largest) {
            n >>>= 1;
        }
        this.segments = new Segment[n];
        for (int i = 0; i < n; i++) {
            segments[i] = new Segment<>(Math.max(0, maxBytes / n));
        }
    }

    private Segment<K, V> segment(K key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return segments[(h >>> 28) & (segments.length - 1)];
    }

    /** Number of independently locked parts (for tests). */
    int segmentCount() {
        return segments.length;
    }

    public V get(K key) {
        Segment<K, V> s = segment(key);
        synchronized (s) {
            return s.map.get(key);
        }
    }

    /** Adds {@code value} unless it alone exceeds a segment's budget (then it is not cached). */
    public void put(K key, V value) {
        Segment<K, V> s = segment(key);
        long w = weigher.applyAsLong(value);
        if (w > s.maxBytes) {
            return;
        }
        synchronized (s) {
            V old = s.map.put(key, value);
            s.bytes += w - (old == null ? 0 : weigher.applyAsLong(old));
            Iterator<Map.Entry<K, V>> it = s.map.entrySet().iterator();
            while (s.bytes > s.maxBytes && it.hasNext()) {
                Map.Entry<K, V> eldest = it.next();
                s.bytes -= weigher.applyAsLong(eldest.getValue());
                it.remove();
            }
        }
    }

    public boolean contains(K key) {
        Segment<K, V> s = segment(key);
        synchronized (s) {
            return s.map.containsKey(key);
        }
    }

    /** Bytes currently held. */
    public long bytes() {
        long total = 0;
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                total += s.bytes;
            }
        }
        return total;
    }

    public void clear() {
        for (Segment<K, V> s : segments) {
            synchronized (s) {
                s.map.clear();
                s.bytes = 0;
            }
        }
    }

    private static final class Segment<K, V> {
        final long maxBytes;
        final LinkedHashMap<K, V> map = new LinkedHashMap<>(64, 0.75f, true);
        long bytes;

        Segment(long maxBytes) {
            this.maxBytes = maxBytes;
        }
    }
}
