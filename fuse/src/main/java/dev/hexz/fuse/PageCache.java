package dev.hexz.fuse;

import java.nio.file.Path;

/**
 * Keeps a file's share of the kernel's page cache small while a long sequential write or read
 * goes through it. A FUSE server that stores written bytes in a file of its own holds them twice
 * (the FUSE file's pages and its own file's); on a VM that hands freed memory back to the host,
 * every fresh page costs a host fault, and the copy into fresh pages was 76% of a 1 GiB write's
 * time through a workspace (perf, BENCHMARKS.md). Writing back a window as soon as it is full
 * and dropping it once clean lets the next window reuse the same pages; a long read drops what
 * it has passed for the same reason.
 */
public final class PageCache {

    /** The libc calls used here. */
    public interface LibC {
        int open(String path, int flags);

        int close(int fd);

        int posix_fadvise(int fd, long offset, long length, int advice);

        int sync_file_range(int fd, long offset, long nbytes, int flags);
    }

    private static final int O_RDONLY = 0;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final int SYNC_FILE_RANGE_WRITE = 2;

    private static volatile LibC libc;
    private static volatile boolean unavailable;

    private PageCache() {
    }

    /**
     * For a write to {@code file} that just filled the window {@code [end - window, end)}:
     * starts writing that window back, and drops the window before it from the page cache (its
     * writeback was started when it filled; pages still dirty or under writeback stay).
     * Best effort: any failure leaves the page cache as it was.
     */
    public static void windowFilled(Path file, long end, long window) {
        onFile(file, (c, fd) -> {
            c.sync_file_range(fd, end - window, window, SYNC_FILE_RANGE_WRITE);
            if (end >= 2 * window) {
                c.posix_fadvise(fd, end - 2 * window, window, POSIX_FADV_DONTNEED);
            }
        });
    }

    /**
     * Drops {@code [offset, offset + len)} of {@code file} from the page cache where it is clean
     * (a long sequential read went past it). Best effort, as {@link #windowFilled}.
     */
    public static void dropClean(Path file, long offset, long len) {
        onFile(file, (c, fd) -> c.posix_fadvise(fd, offset, len, POSIX_FADV_DONTNEED));
    }

    /** What is done with a descriptor of the file (read-only: advice and writeback need no more). */
    private interface FileAction {
        void run(LibC c, int fd);
    }

    /** Runs {@code action} on a descriptor of {@code file}, closed after; nothing when libc or the file cannot be had. */
    private static void onFile(Path file, FileAction action) {
        LibC c = libc();
        if (c == null) {
            return;
        }
        int fd = c.open(file.toString(), O_RDONLY);
        if (fd < 0) {
            return;
        }
        try {
            action.run(c, fd);
        } finally {
            c.close(fd);
        }
    }

    private static LibC libc() {
        LibC c = libc;
        if (c == null && !unavailable) {
            synchronized (PageCache.class) {
                c = libc;
                if (c == null && !unavailable) {
                    try {
                        c = JnrLibraries.loader(LibC.class).failImmediately().load("c");
                        libc = c;
                    } catch (LinkageError | RuntimeException e) {
                        // best effort: without libc's calls the page cache is simply left to the kernel
                        unavailable = true;
                    }
                }
            }
        }
        return c;
    }
}
