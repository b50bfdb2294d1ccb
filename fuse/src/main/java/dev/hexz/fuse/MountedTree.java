package dev.hexz.fuse;

import java.io.IOException;
import java.util.List;

/**
 * A tree of files, directories and symlinks that {@link FuseMount} serves. Paths are absolute
 * within the tree ("/" is the root, "/a/b" a node), as FUSE gives them. Every method may be
 * called from several threads at once. Errors are thrown as {@link FsException} (or any
 * exception {@link ErrnoMapping} knows); anything else reaches the caller as EIO.
 *
 * <p>The read side is abstract. The write side has defaults that refuse with EROFS, so a
 * read-only tree implements only the reads; a writable tree ({@link #readOnly()} false)
 * overrides them. Permission checks are the kernel's ({@code default_permissions}): a tree sees
 * only requests the caller was allowed to make.
 */
public interface MountedTree {

    /** The attributes of the node at {@code path}, or ENOENT. */
    NodeAttributes attributes(String path) throws IOException;

    /** The entries of the directory at {@code path}, without "." and "..". */
    List<DirectoryEntry> list(String path) throws IOException;

    /** The target of the symlink at {@code path}. */
    String readSymlink(String path) throws IOException;

    /** Opens the file at {@code path}; {@code flags} are open(2)'s (a read-only tree refuses writing with EROFS). */
    OpenFile open(String path, int flags) throws IOException;

    /** Sizes and counts for {@code statfs}. */
    FsStatistics statistics() throws IOException;

    /** Whether the tree refuses every change (then it is mounted with {@code -o ro}). */
    boolean readOnly();

    /** Creates and opens a new regular file (EEXIST if {@code path} exists); {@code mode} holds the permission bits. */
    default OpenFile create(String path, int mode, int flags, Caller caller) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Creates a directory. */
    default void makeDirectory(String path, int mode, Caller caller) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Creates a symlink at {@code path} pointing at {@code target} (stored as given, never followed). */
    default void makeSymlink(String target, String path, Caller caller) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Removes a file or symlink; an open file stays readable and writable through its handles. */
    default void remove(String path) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Removes an empty directory (ENOTEMPTY otherwise). */
    default void removeDirectory(String path) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Renames {@code from} to {@code to}, replacing {@code to} as rename(2) does. */
    default void rename(String from, String to) throws IOException {
        throw FsException.readOnly(from);
    }

    /** Makes a hard link; trees that do not support them refuse with EPERM, as link(2) documents. */
    default void link(String existing, String newPath) throws IOException {
        throw FsException.readOnly(newPath);
    }

    /** Sets the permission bits ({@code mode & 07777}). */
    default void changeMode(String path, int mode) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Sets the owner and group; -1 leaves one unchanged. */
    default void changeOwner(String path, int uid, int gid) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Sets a file's size: shorter cuts it, longer adds zeros. */
    default void truncate(String path, long size) throws IOException {
        throw FsException.readOnly(path);
    }

    /** Sets the modification time (the adapter has resolved UTIME_NOW; UTIME_OMIT never gets here). */
    default void setModificationTime(String path, long seconds, int nanos) throws IOException {
        throw FsException.readOnly(path);
    }
}
