package dev.hexz.fuse;

/**
 * Hears what a mount cannot tell the program that reads through it: an operation that failed
 * with EIO (a corrupt block, an I/O error on the archive) reaches the reader as a bare EIO; the
 * listener gets the path and the cause, to log them.
 */
@FunctionalInterface
public interface MountListener {

    MountListener NONE = (operation, path, cause) -> { };

    void operationFailed(String operation, String path, Throwable cause);
}
