package dev.hexz.cli;

/**
 * The exit codes of {@code hexz}. Stable: scripts depend on them. Every error also prints one
 * line {@code hexz: <message>} on stderr.
 */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /**
     * Any other failure: an I/O error, an output that already exists (without {@code --force}),
     * an extraction that would have written through a symlink, an internal error.
     */
    public static final int FAILURE = 1;
    /** Bad command line: unknown command or option, missing or invalid argument. */
    public static final int USAGE = 2;
    /** An input file, directory or archive (or a path inside an archive) does not exist. */
    public static final int NOT_FOUND = 3;
    /**
     * The archive is damaged or is not an archive at all: bad magic, truncated, an empty file, a
     * directory given where an archive belongs, bad checksums; also {@code verify} finding damage.
     */
    public static final int CORRUPT = 4;
    /**
     * The archive was written by a newer hexz: a format version or feature this build lacks; or the
     * block store has a newer schema version.
     */
    public static final int UNSUPPORTED_VERSION = 5;
    /**
     * A thin archive's chain cannot be followed: an ancestor is missing, was replaced by another
     * archive, the chain has a cycle or is deeper than 1000.
     */
    public static final int MISSING_PARENT = 6;
    /**
     * An encrypted archive could not be opened: the password or key file is wrong, or none was
     * given (and there is no terminal to ask on). The archive is as it was.
     */
    public static final int WRONG_PASSWORD = 7;
    /**
     * Another process holds a lock: the block store (after waiting {@code --wait} seconds; the
     * message names the holder's pid, command and since when); later also a workspace or archive.
     */
    public static final int LOCKED = 8;
    /**
     * The block store's directory is not a hexz store (files that are not a RocksDB database, or a
     * database hexz did not create; it is left untouched), or the store is damaged ({@code hexz
     * store rebuild DIR…} recreates it from the archives).
     */
    public static final int BAD_STORE = 9;
    /**
     * A mount could not be made: FUSE is not available (no /dev/fuse, no libfuse 2), the mount
     * point is not an empty directory or is already a mount, or libfuse refused.
     */
    public static final int MOUNT_FAILED = 10;
    /** An unmount was refused because processes use files under the mount (they are named). */
    public static final int BUSY = 11;
    /** Not a workspace, or a workspace whose state or base cannot be used. */
    public static final int WORKSPACE = 12;
    /**
     * A key file that cannot be used: empty, truncated, damaged, not a hexz key, or the wrong
     * half (a public key where signing needs the secret one).
     */
    public static final int BAD_KEY = 13;
    /**
     * A signature check failed: the archive is not signed, is signed by another key than the one
     * given, or its signature does not match its bytes (changed after signing, or the signature of
     * another archive).
     */
    public static final int BAD_SIGNATURE = 14;

    private ExitCodes() {
    }
}
