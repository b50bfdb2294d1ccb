package dev.hexz.workspace;

import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import java.io.IOException;
import java.time.Duration;

/**
 * Serves one workspace: opens it (taking its lock, finishing an interrupted commit), mounts its
 * overlay at the mount point, answers the control channel, and closes everything when the file
 * system is unmounted (by {@code hexz unmount}, {@code fusermount -u}, or {@link #stop()}).
 */
public final class WorkspaceDaemon implements AutoCloseable {

    private final Workspace workspace;
    private final FuseMount mount;
    private final ControlServer control;

    private WorkspaceDaemon(Workspace workspace, FuseMount mount, ControlServer control) {
        this.workspace = workspace;
        this.mount = mount;
        this.control = control;
    }

    /** Opens and mounts workspace {@code id}; returns once the mount answers. */
    public static WorkspaceDaemon start(WorkspaceLayout layout, String id, int uid, int gid, MountListener listener,
            boolean autoUnmount) throws IOException {
        Workspace w = Workspace.open(layout, id, "hexz workspace daemon", uid, gid);
        FuseMount m = null;
        try {
            WorkspaceState s = w.state();
            MountOptions options = MountOptions.forWritableTree(s.base().toString()).withAutoUnmount(autoUnmount);
            m = FuseMount.mount(w.overlay(), s.mountPoint(), options, listener);
            FuseMount mount = m;
            Duration cacheTimeout = Duration.ofSeconds(options.cacheTimeoutSeconds());
            ControlServer c = ControlServer.start(layout.socket(id), w, () -> {
                if (!mount.invalidateKernelCaches()) {
                    ControlServer.KernelCaches.awaitExpiry(cacheTimeout); // libfuse 2: no way to tell the kernel
                }
            });
            // at nice 19: seconds of CPU for a large base, which a status run meanwhile must not wait for
            Thread prepare = new Thread(() -> {
                dev.hexz.fuse.BackgroundThreads.lowerPriorityOfThisThread();
                w.prepareStore();
            }, "hexz-store-prepare");
            prepare.setDaemon(true);
            prepare.start();
            return new WorkspaceDaemon(w, m, c);
        } catch (IOException | RuntimeException e) {
            if (m != null) {
                try {
                    m.close();
                } catch (IOException ignored) {
                    // failing already
                }
            }
            w.close();
            throw e;
        }
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Waits until the file system is unmounted, then closes the workspace. */
    public void awaitUnmounted() throws InterruptedException, IOException {
        mount.awaitUnmounted();
        close();
    }

    /** Unmounts (detaching lazily if busy) and closes. */
    public void stop() throws IOException {
        try {
            mount.unmount(true, Duration.ofSeconds(10));
        } finally {
            close();
        }
    }

    private boolean closed;

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            control.close();
            workspace.sync();
        } finally {
            workspace.close();
        }
    }
}
