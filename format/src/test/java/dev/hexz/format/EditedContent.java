package dev.hexz.format;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file edited in place the way a workspace sees it: the parent's bytes, then writes,
 * truncations and growth, remembering the ranges written and the lowest truncation. Counts the
 * bytes a writer reads from it, which is what proves a commit's cost follows the change.
 */
final class EditedContent implements ChangedContent {

    private byte[] bytes;
    private long size;
    private long unchangedLimit;
    private final List<ByteRange> ranges = new ArrayList<>();
    private long bytesRead;
    private long reads;

    private EditedContent(byte[] parent) {
        this.bytes = parent.clone();
        this.size = parent.length;
        this.unchangedLimit = parent.length;
    }

    static EditedContent of(byte[] parent) {
        return new EditedContent(parent);
    }

    /** Writes {@code data} at {@code offset}, growing the file (with zeros in any hole) if needed. */
    EditedContent write(long offset, byte[] data) {
        long end = offset + data.length;
        if (end > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) end);
        }
        System.arraycopy(data, 0, bytes, (int) offset, data.length);
        size = Math.max(size, end);
        mark(offset, end);
        return this;
    }

    /** Truncates (or extends with zeros) to {@code n} bytes. */
    EditedContent truncate(long n) {
        if (n < size) {
            Arrays.fill(bytes, (int) n, (int) size, (byte) 0);
            unchangedLimit = Math.min(unchangedLimit, n);
        } else if (n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) n);
        }
        size = n;
        return this;
    }

    private void mark(long start, long end) {
        List<ByteRange> merged = new ArrayList<>();
        long s = start;
        long e = end;
        for (ByteRange r : ranges) {
            if (r.end() < s || r.start() > e) {
                merged.add(r);
            } else {
                s = Math.min(s, r.start());
                e = Math.max(e, r.end());
            }
        }
        merged.add(new ByteRange(s, e));
        merged.sort((a, b) -> Long.compare(a.start(), b.start()));
        ranges.clear();
        ranges.addAll(merged);
    }

    /** The new file's bytes. */
    byte[] bytes() {
        return Arrays.copyOf(bytes, (int) size);
    }

    long bytesRead() {
        return bytesRead;
    }

    long reads() {
        return reads;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long unchangedLimit() {
        return unchangedLimit;
    }

    @Override
    public List<ByteRange> changedRanges() {
        return List.copyOf(ranges);
    }

    @Override
    public int read(long offset, byte[] dst, int off, int len) throws IOException {
        if (offset < 0 || offset > size) {
            throw new IOException("read at " + offset + " outside [0, " + size + "]");
        }
        int n = (int) Math.min(len, size - offset);
        if (n == 0) {
            return -1;
        }
        System.arraycopy(bytes, (int) offset, dst, off, n);
        bytesRead += n;
        reads++;
        return n;
    }
}
