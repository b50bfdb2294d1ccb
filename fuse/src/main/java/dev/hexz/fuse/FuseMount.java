package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link MountedTree} served at a mount point. {@link #mount} returns once the kernel has sent
 * libfuse its first request (the mount answers) or fails with a {@link FuseMountException}; the
 * libfuse loop runs in its own thread until the file system is unmounted, by {@link #unmount}
 * or from outside ({@code hexz unmount}, {@code fusermount -u}, {@code umount}).
 */
public final class FuseMount implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Threads that take requests from the kernel. Blocked ones cost nothing; more than the cores
     * lets reads that wait for the disk overlap with reads served from the cache.
     */
    private static final int WORKER_THREADS = Math.max(8, 2 * java.lang.Runtime.getRuntime().availableProcessors());

    private final Path mountPoint;
    private final FuseServer adapter;
    private final FuseApi api;
    private final Thread loop;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<Throwable> loopFailure = new AtomicReference<>();

    private FuseMount(Path mountPoint, FuseApi api, FuseServer adapter, MountOptions options, boolean readOnly) {
        this.mountPoint = mountPoint;
        this.api = api;
        this.adapter = adapter;
        this.loop = new Thread(() -> {
            try {
                int rc = adapter.serve(mountPoint, options, readOnly, WORKER_THREADS);
                if (rc != 0 && adapter.initialized().getCount() > 0) {
                    loopFailure.set(new FuseMountException(FuseMountException.Reason.FAILED,
                            "libfuse refused the mount (its message, if any, is on stderr)"));
                }
            } catch (Throwable e) {
                loopFailure.set(e);
            } finally {
                adapter.closeHandles();
                ended.countDown();
            }
        }, "hexz-fuse " + mountPoint);
    }

    /**
     * Mounts {@code tree} at {@code dir}, which must be an empty directory that is not a mount
     * (a dead hexz mount there is detached first).
     */
    public static FuseMount mount(MountedTree tree, Path dir, MountOptions options, MountListener listener)
            throws IOException {
        return mount(tree, dir, options, listener, FuseApi.selected());
    }

    /** As {@link #mount(MountedTree, Path, MountOptions, MountListener)}, through {@code api}. */
    static FuseMount mount(MountedTree tree, Path dir, MountOptions options, MountListener listener, FuseApi api)
            throws IOException {
        MountPoints.prepare(dir);
        Path mountPoint = MountPoints.canonical(dir);
        var problem = FuseAvailability.deviceProblem(FuseAvailability.DEVICE)
                .or(() -> FuseAvailability.problem(api));
        if (problem.isPresent()) {
            throw new FuseMountException(FuseMountException.Reason.NO_FUSE, problem.get());
        }
        FuseServer adapter;
        try {
            adapter = api.newServer(tree, listener);
        } catch (LinkageError | RuntimeException e) {
            throw new FuseMountException(FuseMountException.Reason.NO_FUSE, api.label + " cannot be used: " + e, e);
        }
        FuseMount m = new FuseMount(mountPoint, api, adapter, options, tree.readOnly());
        m.start();
        return m;
    }

    /**
     * Loads libfuse and jnr-ffi's glue (~0.3 s in a fresh JVM) on a daemon thread, so a caller
     * can open its tree meanwhile; {@link #mount} after it starts at once. Failures are left for
     * {@link #mount} to report.
     */
    public static Thread preloadInBackground() {
        Thread t = new Thread(() -> {
            try {
                if (FuseAvailability.problem().isEmpty()) {
                    FuseApi.selected().newServer(EmptyTree.INSTANCE, MountListener.NONE);
                }
            } catch (Throwable ignored) {
                // mount() meets it again and says what is wrong
            }
        }, "hexz-fuse-preload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void start() throws IOException {
        loop.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (!adapter.initialized().await(5, TimeUnit.MILLISECONDS)) {
                if (ended.getCount() == 0) {
                    Throwable f = loopFailure.get();
                    throw new FuseMountException(FuseMountException.Reason.FAILED, mountPoint
                            + ": libfuse could not mount it" + (f == null ? "" : ": " + rootMessage(f)), f);
                }
                if (System.nanoTime() > deadline) {
                    abandon();
                    throw new FuseMountException(FuseMountException.Reason.FAILED,
                            mountPoint + ": the mount did not answer within " + START_TIMEOUT.toSeconds() + " s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new java.io.InterruptedIOException("interrupted while mounting " + mountPoint);
        }
        ReadAhead.raise(mountPoint);
    }

    private void abandon() {
        try {
            if (MountTable.at(mountPoint).isPresent()) {
                Unmounter.unmount(mountPoint, true);
            }
        } catch (IOException ignored) {
            // best effort: the mount never answered
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return String.valueOf(c.getMessage());
    }

    /** The libfuse serving this mount. */
    FuseApi api() {
        return api;
    }

    /**
     * Tells the kernel to forget what it cached of the tree (names, attributes, pages), after
     * the tree changed behind its back; false when this libfuse binding cannot, and the caller
     * must wait for the cache timeouts instead. Call it holding no lock a request may wait for.
     */
    public boolean invalidateKernelCaches() {
        return adapter.invalidateKernelCaches();
    }

    /** Where the tree is mounted (the kernel's spelling of the path). */
    public Path mountPoint() {
        return mountPoint;
    }

    /** Whether libfuse's loop still runs (the file system is mounted). */
    public boolean isServing() {
        return ended.getCount() > 0;
    }

    /** Waits until the file system is unmounted (by anyone) and the loop has ended. */
    public void awaitUnmounted() throws InterruptedException {
        ended.await();
    }

    /** As {@link #awaitUnmounted()}, at most {@code wait}; returns whether it ended. */
    public boolean awaitUnmounted(Duration wait) throws InterruptedException {
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Unmounts and waits (at most {@code wait}) for the loop to end. A busy mount fails with
     * {@link FuseMountException.Reason#BUSY} unless {@code lazy}, which detaches it at once.
     */
    public void unmount(boolean lazy, Duration wait) throws IOException {
        if (isServing()) {
            try {
                Unmounter.unmount(mountPoint, lazy);
            } catch (FuseMountException e) {
                if (e.reason() != FuseMountException.Reason.NOT_MOUNTED) {
                    throw e;
                }
                // already gone (unmounted from outside meanwhile): the loop is ending; wait for it below
            }
        }
        if (!awaitQuietly(wait)) {
            throw new FuseMountException(FuseMountException.Reason.FAILED,
                    mountPoint + ": unmounted, but the FUSE loop did not end within " + wait.toSeconds() + " s");
        }
    }

    private boolean awaitQuietly(Duration wait) {
        try {
            return awaitUnmounted(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Unmounts, detaching lazily if the mount is busy, waiting at most 10 s for the loop to end. */
    @Override
    public void close() throws IOException {
        try {
            unmount(false, Duration.ofSeconds(10));
        } catch (FuseMountException e) {
            if (e.reason() != FuseMountException.Reason.BUSY) {
                throw e;
            }
            unmount(true, Duration.ofSeconds(10));
        }
    }
}
