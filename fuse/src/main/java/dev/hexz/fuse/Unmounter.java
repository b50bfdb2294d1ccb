package dev.hexz.fuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Takes mounts down. As root it calls umount2(2) itself; as another user it runs
 * {@code fusermount3 -u} (or {@code fusermount -u}), the setuid helper that lets a user unmount
 * what they mounted. A lazy detach ({@code MNT_DETACH}, {@code -z}) removes the mount from the
 * tree at once and lets open files finish; hexz uses it for dead mounts and {@code --force}.
 */
public final class Unmounter {

    private static final int MNT_DETACH = 2;
    private static final int EBUSY = 16;
    private static final int EINVAL = 22;

    /** The part of libc this class calls. */
    public interface LibC {
        int umount2(String target, int flags);
    }

    private static volatile LibC libc;

    private Unmounter() {
    }

    /**
     * Unmounts the hexz mount at {@code dir}: refuses a mount that is not hexz's, and a busy one
     * unless {@code lazy} (then it is detached and goes away when its last file is closed).
     */
    public static void unmount(Path dir, boolean lazy) throws IOException {
        Optional<MountInfo> m = MountTable.at(dir);
        if (m.isEmpty()) {
            if (!Files.exists(dir)) {
                throw new FuseMountException(FuseMountException.Reason.MOUNT_POINT_MISSING, dir + ": no such directory");
            }
            throw new FuseMountException(FuseMountException.Reason.NOT_MOUNTED, dir + ": not mounted");
        }
        if (!m.get().isHexz()) {
            throw new FuseMountException(FuseMountException.Reason.NOT_HEXZ,
                    dir + ": not a hexz mount (" + MountPoints.describe(m.get()) + "); hexz leaves it alone");
        }
        if (MountPoints.isDead(dir)) {
            detachDead(dir);
            return;
        }
        release(MountPoints.canonical(dir), lazy);
    }

    /** Detaches the dead mount at {@code dir} (its server is gone; nothing can be lost). */
    public static void detachDead(Path dir) throws IOException {
        release(MountPoints.canonical(dir), true);
    }

    private static void release(Path mountPoint, boolean lazy) throws IOException {
        if (isRoot()) {
            int rc = libc().umount2(mountPoint.toString(), lazy ? MNT_DETACH : 0);
            if (rc == 0) {
                return;
            }
            int errno = jnr.ffi.Runtime.getRuntime(libc()).getLastError();
            if (errno == EBUSY) {
                throw busy(mountPoint);
            }
            if (errno == EINVAL) {
                throw new FuseMountException(FuseMountException.Reason.NOT_MOUNTED, mountPoint + ": not mounted");
            }
            throw new FuseMountException(FuseMountException.Reason.FAILED,
                    mountPoint + ": umount2 failed (" + Errno.name(errno) + ")");
        }
        runFusermount(mountPoint, lazy);
    }

    private static void runFusermount(Path mountPoint, boolean lazy) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(fusermount());
        cmd.add("-u");
        if (lazy) {
            cmd.add("-z");
        }
        cmd.add(mountPoint.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new FuseMountException(FuseMountException.Reason.FAILED, mountPoint + ": fusermount did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while unmounting " + mountPoint);
        }
        if (p.exitValue() != 0) {
            if (out.contains("busy")) {
                throw busy(mountPoint);
            }
            throw new FuseMountException(FuseMountException.Reason.FAILED,
                    mountPoint + ": " + String.join(" ", cmd) + " failed: " + out.replace('\n', ' '));
        }
    }

    private static FuseMountException busy(Path mountPoint) {
        List<MountHolders.Holder> holders = MountHolders.of(mountPoint);
        String who = holders.isEmpty() ? "a process this user cannot see"
                : String.join(", ", holders.stream().map(MountHolders.Holder::toString).toList());
        return new FuseMountException(FuseMountException.Reason.BUSY,
                mountPoint + ": busy, in use by " + who + " (close those files, or use --force to detach it now)");
    }

    /** The fusermount helper: fusermount3 (fuse3) if installed, else fusermount. */
    static String fusermount() {
        for (String dir : new String[] {"/usr/bin", "/bin", "/usr/local/bin"}) {
            if (Files.isExecutable(Path.of(dir, "fusermount3"))) {
                return dir + "/fusermount3";
            }
        }
        return "fusermount";
    }

    static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static LibC libc() {
        LibC l = libc;
        if (l == null) {
            synchronized (Unmounter.class) {
                l = libc;
                if (l == null) {
                    l = JnrLibraries.loader(LibC.class).failImmediately().load("c");
                    libc = l;
                }
            }
        }
        return l;
    }
}
