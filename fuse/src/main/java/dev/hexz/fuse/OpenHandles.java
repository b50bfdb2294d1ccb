package dev.hexz.fuse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files a mount has open, by the handle number the kernel holds for each
 * ({@code fuse_file_info.fh}). Numbers are never reused while the mount lives, and
 * {@link #newNumber()} hands out numbers from the same sequence for other kinds of handle (open
 * directories), so a number read back from the kernel names at most one thing.
 */
final class OpenHandles {

    private final ConcurrentHashMap<Long, OpenFile> open = new ConcurrentHashMap<>();
    private final AtomicLong last = new AtomicLong();

    /** A fresh handle number. */
    long newNumber() {
        return last.incrementAndGet();
    }

    /** Registers {@code file}; returns its handle number. */
    long add(OpenFile file) {
        long h = newNumber();
        open.put(h, file);
        return h;
    }

    /** The file open under {@code handle}, or null. */
    OpenFile get(long handle) {
        return open.get(handle);
    }

    /** Forgets {@code handle}; returns its file (to close), or null. */
    OpenFile remove(long handle) {
        return open.remove(handle);
    }

    /** Closes the files the kernel never released (the mount went away under them). */
    void closeAll() {
        for (Long h : List.copyOf(open.keySet())) {
            OpenFile f = open.remove(h);
            if (f != null) {
                try {
                    f.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing at teardown: nothing left to tell
                }
            }
        }
    }
}
