package dev.hexz.fuse;

/**
 * What {@code stat} shows of one node of a mounted tree.
 *
 * @param inode stable for the life of the tree (and, for an archive, across mounts of it)
 * @param permissions the permission bits, {@code mode & 07777}
 * @param size bytes of a file, bytes of a symlink's target, 0 for a directory
 * @param links the link count (a directory: 2 + its subdirectories)
 */
public record NodeAttributes(long inode, NodeKind kind, int permissions, long size, long mtimeSeconds,
        int mtimeNanos, int links, int uid, int gid) {

    /** The full {@code st_mode}: type bits and permissions. */
    public int mode() {
        return kind.typeBits() | (permissions & 07777);
    }

    /** 512-byte blocks, as {@code st_blocks} counts them. */
    public long blocks512() {
        return (size + 511) / 512;
    }
}
