package dev.hexz.fuse;

import java.io.IOException;
import java.util.List;

/**
 * A tree of files, directories and symlinks that {@link FuseMount} serves. Paths are absolute
 * within the tree ("/" is the root, "/a/b" a node), as FUSE gives them. Every method may be
 * called from several threads at once. Errors are thrown as {@link FsException} (or any
 * exception {@link ErrnoMapping} knows); anything else reaches the caller as EIO.
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
}
