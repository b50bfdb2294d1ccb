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
}
