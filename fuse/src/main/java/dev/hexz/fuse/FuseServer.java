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

    /**
     * Tells the kernel to drop every name, attribute and page it cached from this mount, after
     * the tree changed behind its back; returns false when this binding cannot (the caller then
     * waits for the cache timeouts). Call it from a thread that is not serving a request and
     * holds no lock a request may wait for: the kernel takes each parent directory's lock.
     */
    boolean invalidateKernelCaches();

    /** Closes the files the kernel never released (the mount went away under them). */
    void closeHandles();
}
