package dev.hexz.format;

/**
 * The bytes {@code [start, end)} of a file. Used by {@link ChangedContent} to say where a file
 * may differ from its parent; an empty range ({@code start == end}) says nothing.
 */
public record ByteRange(long start, long end) {

    public ByteRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid byte range [" + start + ", " + end + ")");
        }
    }

    public long length() {
        return end - start;
    }

    /** Whether this range shares at least one byte with {@code [from, to)}. */
    public boolean intersects(long from, long to) {
        return start < to && from < end && start < end;
    }
}
