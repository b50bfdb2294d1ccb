package dev.hexz.fuse;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;

/**
 * libfuse 3's low-level API (the FUSE_3.0 symbols of libfuse3.so.3, 3.14's layouts), as far as
 * {@link LowLevelFuseAdapter} calls it, with the callback shapes of
 * {@code struct fuse_lowlevel_ops} and the offsets of the structs it reads and writes (x86-64
 * and aarch64 Linux agree on all of them; {@code struct stat} and {@code struct statvfs} come
 * from jnr-fuse's platform structs instead).
 */
final class LibFuse3 {

    /** The functions. */
    public interface Library {
        Pointer fuse_session_new(Pointer args, Pointer ops, @size_t long opSize, Pointer userdata);

        int fuse_session_mount(Pointer se, String mountpoint);

        int fuse_session_receive_buf(Pointer se, Pointer buf);

        void fuse_session_process_buf(Pointer se, Pointer buf);

        int fuse_session_exited(Pointer se);

        void fuse_session_exit(Pointer se);

        void fuse_session_unmount(Pointer se);

        void fuse_session_destroy(Pointer se);

        void fuse_opt_free_args(Pointer args);

        Pointer fuse_req_ctx(Pointer req);

        int fuse_reply_err(Pointer req, int err);

        void fuse_reply_none(Pointer req);

        int fuse_reply_entry(Pointer req, Pointer entryParam);

        int fuse_reply_create(Pointer req, Pointer entryParam, Pointer fi);

        int fuse_reply_attr(Pointer req, Pointer stat, double attrTimeout);

        int fuse_reply_readlink(Pointer req, String link);

        int fuse_reply_open(Pointer req, Pointer fi);

        int fuse_reply_write(Pointer req, @size_t long count);

        int fuse_reply_buf(Pointer req, Pointer buf, @size_t long size);

        int fuse_reply_statfs(Pointer req, Pointer statvfs);

        int fuse_lowlevel_notify_inval_entry(Pointer se, long parent, java.nio.ByteBuffer name, @size_t long nameLength);

        int fuse_lowlevel_notify_inval_inode(Pointer se, long ino, @off_t long offset, @off_t long length);

        @size_t long fuse_add_direntry(Pointer req, Pointer buf, @size_t long bufsize, java.nio.ByteBuffer name,
                Pointer stat, @off_t long off);
    }

    /**
     * libfuse 3.12's {@code fuse_lowlevel_notify_expire_entry}, loaded on its own so that an
     * older libfuse 3 still mounts (without it, invalidation drops names outright).
     */
    public interface ExpireEntry {
        int fuse_lowlevel_notify_expire_entry(Pointer se, long parent, java.nio.ByteBuffer name, @size_t long nameLength,
                int flags);
    }

    /** The C library's {@code free}, for the request buffers libfuse allocates per worker. */
    public interface LibC {
        void free(Pointer p);
    }

    // ---- callback shapes: one jnr closure per slot of struct fuse_lowlevel_ops ----

    public interface InitCallback {
        @Delegate void call(Pointer userdata, Pointer conn);
    }

    /** lookup, unlink, rmdir: (req, parent, name). */
    public interface NameCallback {
        @Delegate void call(Pointer req, long parent, Pointer name);
    }

    public interface ForgetCallback {
        @Delegate void call(Pointer req, long ino, long nlookup);
    }

    public interface ForgetMultiCallback {
        @Delegate void call(Pointer req, @size_t long count, Pointer forgets);
    }

    /** getattr, open, flush, release, opendir, releasedir: (req, ino, fi). */
    public interface FileCallback {
        @Delegate void call(Pointer req, long ino, Pointer fi);
    }

    public interface SetattrCallback {
        @Delegate void call(Pointer req, long ino, Pointer attr, int toSet, Pointer fi);
    }

    /** readlink, statfs: (req, ino). */
    public interface NodeCallback {
        @Delegate void call(Pointer req, long ino);
    }

    public interface MknodCallback {
        @Delegate void call(Pointer req, long parent, Pointer name, int mode, long rdev);
    }

    public interface MkdirCallback {
        @Delegate void call(Pointer req, long parent, Pointer name, int mode);
    }

    public interface SymlinkCallback {
        @Delegate void call(Pointer req, Pointer link, long parent, Pointer name);
    }

    public interface RenameCallback {
        @Delegate void call(Pointer req, long parent, Pointer name, long newParent, Pointer newName, int flags);
    }

    public interface LinkCallback {
        @Delegate void call(Pointer req, long ino, long newParent, Pointer newName);
    }

    /** read, readdir: (req, ino, size, off, fi). */
    public interface ReadCallback {
        @Delegate void call(Pointer req, long ino, @size_t long size, @off_t long off, Pointer fi);
    }

    public interface WriteCallback {
        @Delegate void call(Pointer req, long ino, Pointer buf, @size_t long size, @off_t long off, Pointer fi);
    }

    /** fsync, fsyncdir: (req, ino, datasync, fi). */
    public interface SyncCallback {
        @Delegate void call(Pointer req, long ino, int datasync, Pointer fi);
    }

    public interface CreateCallback {
        @Delegate void call(Pointer req, long parent, Pointer name, int mode, Pointer fi);
    }

    // ---- struct fuse_lowlevel_ops: pointer slots in 3.14's order ----
    static final int OP_INIT = 0;
    static final int OP_LOOKUP = 2;
    static final int OP_FORGET = 3;
    static final int OP_GETATTR = 4;
    static final int OP_SETATTR = 5;
    static final int OP_READLINK = 6;
    static final int OP_MKNOD = 7;
    static final int OP_MKDIR = 8;
    static final int OP_UNLINK = 9;
    static final int OP_RMDIR = 10;
    static final int OP_SYMLINK = 11;
    static final int OP_RENAME = 12;
    static final int OP_LINK = 13;
    static final int OP_OPEN = 14;
    static final int OP_READ = 15;
    static final int OP_WRITE = 16;
    static final int OP_FLUSH = 17;
    static final int OP_RELEASE = 18;
    static final int OP_FSYNC = 19;
    static final int OP_OPENDIR = 20;
    static final int OP_READDIR = 21;
    static final int OP_RELEASEDIR = 22;
    static final int OP_FSYNCDIR = 23;
    static final int OP_STATFS = 24;
    static final int OP_CREATE = 30;
    static final int OP_FORGET_MULTI = 38;
    /** Slots in 3.14's struct (libfuse ignores slots past its own size and zero-fills missing ones). */
    static final int OPS_COUNT = 44;

    // ---- struct fuse_conn_info: unsigned ints ----
    static final int CONN_MAX_WRITE = 8;
    static final int CONN_CAPABLE = 20;
    static final int CONN_WANT = 24;
    static final int CONN_MAX_BACKGROUND = 28;
    static final int CONN_CONGESTION_THRESHOLD = 32;

    static final int CAP_ATOMIC_O_TRUNC = 1 << 3;
    static final int CAP_AUTO_INVAL_DATA = 1 << 12;
    static final int CAP_HANDLE_KILLPRIV = 1 << 20;
    /** The kernel takes ENOSYS from OPEN as "open files yourself from now on" (Linux 5.1+). */
    static final int CAP_NO_OPEN_SUPPORT = 1 << 17;
    /** The same for OPENDIR, and then caches every directory's listing (Linux 5.1+). */
    static final int CAP_NO_OPENDIR_SUPPORT = 1 << 24;
    /** The kernel can mark a name expired (looked up again at next use) without dropping it. */
    static final int CAP_EXPIRE_ONLY = 1 << 26;
    static final int EXPIRE_ONLY = 1;

    // ---- struct fuse_file_info: int flags; a word of bit fields; padding; uint64_t fh ----
    static final int FI_FLAGS = 0;
    static final int FI_BITS = 4;
    static final int FI_FH = 16;
    /** Bits of the bit-field word, first declared lowest: writepage, direct_io, keep_cache, flush, nonseekable, flock_release, cache_readdir. */
    static final int FI_KEEP_CACHE = 1 << 2;
    static final int FI_CACHE_READDIR = 1 << 6;

    // ---- struct fuse_entry_param: ino; generation; struct stat attr; double attr_timeout, entry_timeout ----
    static final int ENTRY_INO = 0;
    static final int ENTRY_GENERATION = 8;
    static final int ENTRY_ATTR = 16;

    // ---- struct fuse_buf: size_t size; enum flags; void *mem; int fd; off_t pos ----
    static final int BUF_MEM = 16;
    static final int BUF_STRUCT_SIZE = 40;

    // ---- struct fuse_args: int argc; char **argv; int allocated ----
    static final int ARGS_STRUCT_SIZE = 24;

    // ---- struct fuse_ctx: uid_t uid; gid_t gid; pid_t pid ----
    static final int CTX_UID = 0;
    static final int CTX_GID = 4;
    static final int CTX_PID = 8;

    // ---- struct fuse_forget_data: uint64_t ino, nlookup ----
    static final int FORGET_DATA_SIZE = 16;

    // ---- setattr's to_set ----
    static final int SET_ATTR_MODE = 1;
    static final int SET_ATTR_UID = 1 << 1;
    static final int SET_ATTR_GID = 1 << 2;
    static final int SET_ATTR_SIZE = 1 << 3;
    static final int SET_ATTR_MTIME = 1 << 5;
    static final int SET_ATTR_MTIME_NOW = 1 << 8;

    static final String SONAME = "libfuse3.so.3";

    private static volatile Library library;
    private static volatile LibC libc;

    private LibFuse3() {
    }

    /** Loads libfuse 3 (once); throws {@link UnsatisfiedLinkError} when it is not installed. */
    /** {@link ExpireEntry} when this libfuse has it, else null. */
    static ExpireEntry expireEntry() {
        try {
            return JnrLibraries.loader(ExpireEntry.class).failImmediately().load(SONAME);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    static Library library() {
        Library l = library;
        if (l == null) {
            synchronized (LibFuse3.class) {
                l = library;
                if (l == null) {
                    l = JnrLibraries.loader(Library.class).failImmediately().load(SONAME);
                    library = l;
                }
            }
        }
        return l;
    }

    static LibC libc() {
        LibC c = libc;
        if (c == null) {
            synchronized (LibFuse3.class) {
                c = libc;
                if (c == null) {
                    c = JnrLibraries.loader(LibC.class).failImmediately().load("c");
                    libc = c;
                }
            }
        }
        return c;
    }
}
