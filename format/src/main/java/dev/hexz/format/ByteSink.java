package dev.hexz.format;

import java.io.IOException;

/**
 * Receives bytes in order, a piece at a time, straight from where they already are (a cached
 * block): what {@link ArchiveReader#readTo} hands out, so a caller with its own destination (a
 * FUSE reply buffer in native memory) copies once. The array must not be kept or changed.
 */
@FunctionalInterface
public interface ByteSink {

    void accept(byte[] src, int off, int len) throws IOException;

    /**
     * A writable view of this sink's next {@code len} bytes, for a source that can fill it in
     * place (a file read straight into a FUSE reply buffer); null when the sink has none. The
     * caller fills the buffer's remaining bytes, then calls {@link #filled}.
     */
    default java.nio.ByteBuffer window(int len) {
        return null;
    }

    /** The {@code len} bytes of the last {@link #window} are written: the next bytes follow them. */
    default void filled(int len) {
        throw new UnsupportedOperationException("this sink has no window");
    }
}
