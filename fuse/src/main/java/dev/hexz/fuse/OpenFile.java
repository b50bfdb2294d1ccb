package dev.hexz.fuse;

import dev.hexz.format.ByteSink;
import java.io.Closeable;
import java.io.IOException;

/**
 * A handle on one open file of a {@link MountedTree}. Reads may come from several threads at
 * once (the kernel sends read-ahead requests in parallel).
 */
public interface OpenFile extends Closeable {

    /** Reads up to {@code len} bytes at {@code offset}; returns how many, 0 at or past the end. */
    int read(long offset, byte[] dst, int off, int len) throws IOException;

    /**
     * Hands the bytes of {@code [offset, offset + len)} (cut at the end of the file) to
     * {@code sink} in order; returns how many. Trees whose bytes already sit in memory override
     * it to skip the copy into a buffer.
     */
    default int transferTo(long offset, int len, ByteSink sink) throws IOException {
        byte[] buf = new byte[len];
        int n = read(offset, buf, 0, len);
        if (n > 0) {
            sink.accept(buf, 0, n);
        }
        return Math.max(n, 0);
    }

    /** Closes the handle; the file's bytes are no longer needed through it. */
    @Override
    void close() throws IOException;
}
