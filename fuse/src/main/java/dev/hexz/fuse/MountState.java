package dev.hexz.fuse;

/** What is at a directory, as far as mounting goes. */
public enum MountState {
    /** Nothing is mounted there. */
    NOT_MOUNTED,
    /** A mount that answers. */
    LIVE,
    /** A FUSE mount whose server is gone: every access fails with ENOTCONN. */
    DEAD
}
