package dev.hexz.fuse;

import dev.hexz.format.CorruptArchiveException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * Turns what a tree throws into the errno a local file system would return. Anything the tree
 * did not expect (a bug, a corrupt block, an I/O error on the archive) is EIO: the reader gets
 * an error, never wrong bytes.
 */
public final class ErrnoMapping {

    private ErrnoMapping() {
    }

    /** The errno (positive) for {@code failure}. */
    public static int errnoOf(Throwable failure) {
        if (failure instanceof FsException fs) {
            return fs.errno();
        }
        if (failure instanceof CorruptArchiveException) {
            return Errno.EIO;
        }
        if (failure instanceof NoSuchFileException) {
            return Errno.ENOENT;
        }
        if (failure instanceof FileAlreadyExistsException) {
            return Errno.EEXIST;
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return Errno.ENOTEMPTY;
        }
        if (failure instanceof NotDirectoryException) {
            return Errno.ENOTDIR;
        }
        if (failure instanceof AccessDeniedException) {
            return Errno.EACCES;
        }
        if (failure instanceof ReadOnlyFileSystemException) {
            return Errno.EROFS;
        }
        if (failure instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("No space left")) {
            return Errno.ENOSPC;
        }
        if (failure instanceof UnsupportedOperationException) {
            return Errno.ENOTSUP;
        }
        return Errno.EIO;
    }

    /**
     * The errno for {@code failure} of {@code operation} on {@code path}; an EIO (which the reader
     * sees bare) is also told to {@code listener}, with the path and the cause, to be logged.
     */
    static int reported(String operation, String path, Throwable failure, MountListener listener) {
        int errno = errnoOf(failure);
        if (errno == Errno.EIO) {
            listener.operationFailed(operation, path, failure);
        }
        return errno;
    }
}
