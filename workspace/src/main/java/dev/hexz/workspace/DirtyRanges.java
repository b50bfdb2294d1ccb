package dev.hexz.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte ranges of a file that its upper-layer data file holds: sorted, disjoint, merged
 * {@code [start, end)} ranges. Everything outside them comes from the base (or is a hole).
 * Not thread-safe: its {@link FileContent} guards it.
 */
final class DirtyRanges {

    /** start → end. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** Adds {@code [start, end)}, merging with what it touches or overlaps. */
    void add(long start, long end) {
        if (end <= start) {
            return;
        }
        long s = start;
        long e = end;
        Map.Entry<Long, Long> before = ranges.floorEntry(s);
        if (before != null && before.getValue() >= s) {
            s = before.getKey();
            e = Math.max(e, before.getValue());
            ranges.remove(before.getKey());
        }
        Map.Entry<Long, Long> next = ranges.ceilingEntry(s);
        while (next != null && next.getKey() <= e) {
            e = Math.max(e, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.ceilingEntry(s);
        }
        ranges.put(s, e);
    }

    /** Drops everything at or after {@code size}. */
    void cutAt(long size) {
        Map.Entry<Long, Long> last = ranges.lowerEntry(size);
        ranges.tailMap(size, true).clear();
        if (last != null && last.getValue() > size) {
            ranges.put(last.getKey(), size);
        }
    }

    void clear() {
        ranges.clear();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The range holding {@code offset}, as {start, end}, or null. */
    long[] containing(long offset) {
        Map.Entry<Long, Long> e = ranges.floorEntry(offset);
        return e != null && e.getValue() > offset ? new long[] {e.getKey(), e.getValue()} : null;
    }

    /** The start of the first range starting after {@code offset}, or {@code Long.MAX_VALUE}. */
    long nextStartAfter(long offset) {
        Long k = ranges.higherKey(offset);
        return k == null ? Long.MAX_VALUE : k;
    }

    /** Total bytes covered. */
    long bytes() {
        long n = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            n += e.getValue() - e.getKey();
        }
        return n;
    }

    /** The ranges, in order, as {start, end} pairs. */
    List<long[]> list() {
        List<long[]> out = new ArrayList<>(ranges.size());
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            out.add(new long[] {e.getKey(), e.getValue()});
        }
        return out;
    }
}
