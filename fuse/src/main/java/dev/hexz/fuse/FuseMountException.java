package dev.hexz.fuse;

import java.io.IOException;

/** A mount or unmount that could not be done; {@link #reason()} says which kind of problem, the message the details. */
public class FuseMountException extends IOException {

    /** What went wrong. */
    public enum Reason {
        /** No /dev/fuse, or libfuse 2 cannot be loaded. */
        NO_FUSE,
        /** The mount point does not exist. */
        MOUNT_POINT_MISSING,
        /** The mount point is not a directory, or not empty. */
        BAD_MOUNT_POINT,
        /** Something is already mounted there (a live mount, or a dead one that is not hexz's). */
        ALREADY_MOUNTED,
        /** Unmount: nothing is mounted there. */
        NOT_MOUNTED,
        /** Unmount: the mount is not a hexz mount, so hexz leaves it alone. */
        NOT_HEXZ,
        /** Unmount: files under the mount are in use (the message names the processes). */
        BUSY,
        /** libfuse or the kernel refused. */
        FAILED
    }

    private final Reason reason;

    public FuseMountException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FuseMountException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
