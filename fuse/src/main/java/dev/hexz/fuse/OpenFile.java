package dev.hexz.fuse;

import java.io.Closeable;
import java.io.IOException;

/**
 * A handle on one open file of a {@link MountedTree}. Reads may come from several threads at
 * once (the kernel sends read-ahead requests in parallel).
 */
public interface OpenFile extends Closeable {

    /** Reads up to {@code len} bytes at {@code offset}; returns how many, 0 at or past the end. */
    int read(long offset, byte[] dst, int off, int len) throws IOException;

    /** Closes the handle; the file's bytes are no longer needed through it. */
    @Override
    void close() throws IOException;
}
