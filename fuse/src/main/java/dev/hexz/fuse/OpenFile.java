package dev.hexz.fuse;

import dev.hexz.format.ByteSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A handle on one open file of a {@link MountedTree}. Reads and writes may come from several
 * threads at once (the kernel sends read-ahead and write-back requests in parallel). The write
 * side has defaults that refuse with EROFS, for handles of read-only trees.
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

    /**
     * Writes the bytes remaining in {@code src} at {@code offset} (growing the file as needed);
     * returns how many. {@code src} may be a direct buffer over libfuse's request memory, valid
     * only during the call: a tree hands it on (to a FileChannel) without keeping it.
     */
    default int write(long offset, ByteBuffer src) throws IOException {
        throw new FsException(Errno.EBADF, "", "not open for writing");
    }

    /** Writes {@code len} bytes of {@code src} from {@code off} at {@code offset}; returns how many. */
    default int write(long offset, byte[] src, int off, int len) throws IOException {
        return write(offset, ByteBuffer.wrap(src, off, len));
    }

    /** Sets the size of the file this handle is open on (ftruncate). */
    default void truncate(long size) throws IOException {
        throw new FsException(Errno.EBADF, "", "not open for writing");
    }

    /** Makes what was written through the file durable (fsync, or fdatasync when {@code dataOnly}). */
    default void sync(boolean dataOnly) throws IOException {
        // nothing written, nothing to make durable
    }

    /** The attributes of the file (fstat): still answers after the file was removed. */
    default NodeAttributes attributes() throws IOException {
        throw new FsException(Errno.ENOSYS, "", "fstat through the handle is not supported");
    }

    /**
     * Whether pages the kernel cached from an earlier open of this file are still right (FUSE's
     * {@code keep_cache}); false makes the kernel drop them at this open.
     */
    default boolean cachedPagesValid() {
        return true;
    }

    /** Closes the handle; the file's bytes are no longer needed through it. */
    @Override
    void close() throws IOException;
}
