package dev.hexz.cli;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small shell process that takes a server's mount down if the server dies without unmounting
 * it (SIGKILL, a crash of the JVM): the second half of {@code auto_unmount}.
 *
 * <p>libfuse's own {@code auto_unmount} (a {@code fusermount3} process waiting on a socket)
 * unmounts only if opening the mount point then fails with ENOTCONN. A read-only tree answers
 * OPENDIR with ENOSYS so that listings cost no round trip, and once the kernel has learned that,
 * it opens the mount's root without asking the server: on a dead mount the open succeeds, and
 * {@code fusermount3} leaves the mount there, dead. The server's warm-up lists directories, so
 * every background mount is in that state at once (a user's first {@code ls} put it there before).
 *
 * <p>The watchdog reads its stdin, a pipe whose other end only the server holds, until it ends:
 * when the server is gone, however it went. It then detaches the mount point lazily if
 * {@code statfs} there fails with "not connected", that is if the mount is still there and dead
 * (statfs always asks the server). A mount the server took down itself, or a live one mounted
 * there since, is left alone.
 */
final class DeadMountWatchdog implements AutoCloseable {

    /** $1: the mount point. fusermount3 for a user's mount (and libfuse 2's fusermount), umount as root. */
    static final String SCRIPT = "cat > /dev/null; "
            + "if LC_ALL=C stat -f \"$1\" 2>&1 > /dev/null | grep -q 'not connected'; then "
            + "fusermount3 -u -z \"$1\" 2> /dev/null || fusermount -u -z \"$1\" 2> /dev/null || umount -l \"$1\"; fi";

    private final Process process;

    private DeadMountWatchdog(Process process) {
        this.process = process;
    }

    /** Starts the watchdog of the mount at {@code mountPoint} (an absolute path). */
    static DeadMountWatchdog start(Path mountPoint) throws IOException {
        Process p = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "hexz-mount-watchdog", mountPoint.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new DeadMountWatchdog(p);
    }

    /** The watchdog's process (for tests). */
    ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Ends the watchdog now, as the server's death would: it finds the mount taken down (or
     * still live) and exits. Until this is called the watchdog must stay reachable: closing its
     * pipe, which the garbage collector would do, ends it.
     */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
    }
}
