package dev.hexz.workspace;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ByteSink;
import java.io.IOException;

/**
 * The bytes of one file of a workspace's base archive: {@code [logicalOffset, logicalOffset +
 * size)} of the archive's logical stream. Reads go straight to the archive (any depth of chain).
 */
record BaseFile(BaseArchive archive, long logicalOffset, long size) {

    ArchiveReader reader() {
        return archive.reader();
    }

    int read(long offset, byte[] dst, int off, int len) throws IOException {
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - offset);
        reader().readFully(logicalOffset + offset, dst, off, n);
        return n;
    }

    int readTo(long offset, int len, ByteSink sink) throws IOException {
        if (offset >= size) {
            return 0;
        }
        int n = (int) Math.min(len, size - offset);
        return reader().readTo(logicalOffset + offset, n, sink);
    }
}
