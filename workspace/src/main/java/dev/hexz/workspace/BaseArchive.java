package dev.hexz.workspace;

import dev.hexz.format.ArchiveReader;
import java.io.IOException;

/**
 * A base archive's reader, shared by the {@link Overlay} while it is the tree's base and by the
 * open files that still read through it after a commit moved the tree on (a file removed while
 * open keeps the base it had). Reference counted: the reader, with its file descriptors and
 * caches, is closed when the last user lets go, so commits do not pile up open readers.
 */
final class BaseArchive {

    private final ArchiveReader reader;
    private int users = 1;

    /** {@code reader}, with one user: whoever opened it. */
    BaseArchive(ArchiveReader reader) {
        this.reader = reader;
    }

    ArchiveReader reader() {
        return reader;
    }

    /** One more user; false (and no user added) if the reader is closed already. */
    synchronized boolean retain() {
        if (users == 0) {
            return false;
        }
        users++;
        return true;
    }

    /** One user fewer; the last one closes the reader. */
    void release() throws IOException {
        synchronized (this) {
            if (users == 0 || --users > 0) {
                return;
            }
        }
        reader.close();
    }

    /** Closes the reader whoever still uses it (the workspace is closing); reads through it fail from now on. */
    void close() throws IOException {
        synchronized (this) {
            if (users == 0) {
                return;
            }
            users = 0;
        }
        reader.close();
    }

    synchronized boolean isOpen() {
        return users > 0;
    }
}
