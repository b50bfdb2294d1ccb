package dev.hexz.fuse;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * One libfuse binding serving a {@link MountedTree}: {@link LowLevelFuseAdapter} (libfuse 3's
 * low-level API, the default) or {@link JnrFuseAdapter} (libfuse 2 through jnr-fuse, the
 * fallback). {@link FuseMount} drives either the same way.
 */
interface FuseServer {

    /**
     * Mounts at {@code mountPoint} and serves on {@code threads} Java threads until the file
     * system is unmounted; returns 0 after a clean unmount, non-zero when mounting failed or the
     * loop broke (libfuse has then said why on stderr).
     */
    int serve(Path mountPoint, MountOptions options, boolean readOnly, int threads);

    /** Counted down when the kernel's first request (INIT) arrives: the mount answers. */
    CountDownLatch initialized();

    /** Closes the files the kernel never released (the mount went away under them). */
    void closeHandles();
}
