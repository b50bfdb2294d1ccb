package dev.hexz.format.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The seam through which the reader sees an archive's bytes: positional reads of an immutable
 * byte sequence. The same reader serves local files, byte arrays and (later) HTTP ranges.
 * Implementations must allow concurrent {@link #readFully} calls from many threads.
 */
public interface RandomAccessSource extends Closeable {

    /** Total number of bytes. */
    long size() throws IOException;

    /**
     * Fills {@code dst} from {@code position} to its limit. Throws {@link java.io.EOFException}
     * when the source ends before the buffer is full.
     */
    void readFully(long position, ByteBuffer dst) throws IOException;

    /** A human-readable name (the file path, "memory", a URL) used in error messages. */
    String name();

    /** Convenience: reads {@code length} bytes at {@code position} into a new array. */
    default byte[] readBytes(long position, int length) throws IOException {
        byte[] out = new byte[length];
        readFully(position, ByteBuffer.wrap(out));
        return out;
    }
}
