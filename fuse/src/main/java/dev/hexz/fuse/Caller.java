package dev.hexz.fuse;

/**
 * The process a file-system request comes from, as the kernel tells FUSE: new nodes belong to
 * its user and group, as on a local disk.
 */
public record Caller(int uid, int gid, int pid) {
}
