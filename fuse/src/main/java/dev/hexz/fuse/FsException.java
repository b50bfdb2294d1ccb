package dev.hexz.fuse;

import java.io.IOException;

/**
 * A file-system operation refused with a specific errno: what a {@link MountedTree} throws
 * when the answer is an error a local file system would give (ENOENT, ENOTDIR, EROFS …).
 */
public class FsException extends IOException {

    private final int errno;

    public FsException(int errno, String path, String message) {
        super(path + ": " + message + " (" + Errno.name(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    public static FsException notFound(String path) {
        return new FsException(Errno.ENOENT, path, "no such file or directory");
    }

    public static FsException notADirectory(String path) {
        return new FsException(Errno.ENOTDIR, path, "not a directory");
    }

    public static FsException isADirectory(String path) {
        return new FsException(Errno.EISDIR, path, "is a directory");
    }

    public static FsException readOnly(String path) {
        return new FsException(Errno.EROFS, path, "read-only file system");
    }

    public static FsException invalid(String path, String why) {
        return new FsException(Errno.EINVAL, path, why);
    }

    public static FsException exists(String path) {
        return new FsException(Errno.EEXIST, path, "file exists");
    }

    public static FsException notEmpty(String path) {
        return new FsException(Errno.ENOTEMPTY, path, "directory not empty");
    }

    public static FsException nameTooLong(String path) {
        return new FsException(Errno.ENAMETOOLONG, path, "file name too long");
    }

    public static FsException notPermitted(String path, String why) {
        return new FsException(Errno.EPERM, path, why);
    }
}
