package dev.hexz.format.write;

import dev.hexz.format.ByteRange;
import dev.hexz.format.ChangedContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ChangedContent} may differ from its parent file, checked once (before the
 * writer commits to the file's path) and then asked in file order: "is {@code [from, to)}
 * unchanged?". Queries come with non-decreasing {@code from}, so each is O(1) amortised (a
 * cursor over the sorted ranges). For one pass over one file.
 */
public final class ChangedRegions {

    private final long size;
    private final long unchangedLimit;
    private final List<ByteRange> ranges;
    private int next;

    private ChangedRegions(long size, long unchangedLimit, List<ByteRange> ranges) {
        this.size = size;
        this.unchangedLimit = unchangedLimit;
        this.ranges = ranges;
    }

    /**
     * Validates {@code c} against a parent file of {@code parentSize} bytes.
     *
     * @param what names the file in error messages
     * @throws IllegalArgumentException if the size or the unchanged limit is out of range, or the
     *         changed ranges are not sorted and disjoint
     */
    public static ChangedRegions of(ChangedContent c, long parentSize, String what) {
        Objects.requireNonNull(c, what + ": changed content is null");
        long size = c.size();
        long limit = c.unchangedLimit();
        if (size < 0) {
            throw new IllegalArgumentException(what + ": changed content has a negative size " + size);
        }
        if (limit < 0 || limit > parentSize) {
            throw new IllegalArgumentException(what + ": unchanged limit " + limit + " is outside the parent file's [0, "
                    + parentSize + "]");
        }
        List<ByteRange> given = c.changedRanges();
        List<ByteRange> kept = new ArrayList<>();
        long prevEnd = 0;
        for (int i = 0; i < given.size(); i++) {
            ByteRange r = given.get(i);
            if (r == null) {
                throw new IllegalArgumentException(what + ": changed range " + i + " is null");
            }
            if (r.start() < prevEnd) {
                throw new IllegalArgumentException(what + ": changed ranges must be sorted and disjoint, but range " + i
                        + " [" + r.start() + ", " + r.end() + ") starts before the previous one ends at " + prevEnd);
            }
            prevEnd = r.end();
            if (r.length() > 0 && r.start() < size) {
                kept.add(r);
            }
        }
        return new ChangedRegions(size, Math.min(limit, size), kept);
    }

    long size() {
        return size;
    }

    /**
     * Whether every byte of {@code [from, to)} equals the parent file's byte at the same offset:
     * below the unchanged limit and in no changed range.
     */
    boolean unchanged(long from, long to) {
        if (to > unchangedLimit) {
            return false;
        }
        while (next < ranges.size() && ranges.get(next).end() <= from) {
            next++;
        }
        return next == ranges.size() || ranges.get(next).start() >= to;
    }
}
