package dev.hexz.fuse;

import static dev.hexz.fuse.LibFuse3.*;

import com.kenai.jffi.MemoryIO;
import dev.hexz.format.ByteSink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * Serves a {@link MountedTree} through libfuse 3's low-level API: {@code fuse_session_new} with
 * our own {@code fuse_lowlevel_ops} table of jnr closures, {@code fuse_session_mount}, then
 * Java threads that loop {@code fuse_session_receive_buf} / {@code fuse_session_process_buf}
 * (callbacks on threads already attached to the JVM, see {@link FuseLoop} for why), each
 * callback answering its request with exactly one {@code fuse_reply_*}.
 *
 * <p>Why not libfuse 2: it cannot negotiate {@code max_pages}, so every read and write request
 * is at most 128 KiB; libfuse 3 offers 1 MiB (8× fewer requests for a sequential write, see
 * LIBFUSE3.md). The low-level API names nodes by id: {@link NodeTable} maps them to the tree's
 * paths. What were libfuse 2 options become code here: our inode numbers in every {@code stat}
 * ({@code use_ino}), the page cache kept for an immutable tree ({@code kernel_cache}: keep_cache
 * and cache_readdir on every open, or, where the kernel can, no OPEN or OPENDIR at all: see
 * {@link #kernelOpensFiles}), timeouts in every reply, and an open file's handle serving
 * fstat, ftruncate, reads and writes after its name is gone ({@code hard_remove}). Atomic
 * O_TRUNC and auto-invalidation of data are turned off, as libfuse 2 had them: the kernel
 * truncates with a setattr before the open, and keeps cached pages as {@link OpenFile#cachedPagesValid} says.
 */
final class LowLevelFuseAdapter implements FuseServer {

    /** Largest write (and read) request: libfuse 3 then asks the kernel for 256 pages per request. */
    static final int MAX_WRITE = 1024 * 1024;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;

    private final MountedTree tree;
    private final MountListener listener;
    private final Library lib;
    private final Runtime rt;
    private final NodeTable nodes = new NodeTable();
    private final OpenHandles files = new OpenHandles();
    private final ConcurrentHashMap<Long, DirectoryListing> directories = new ConcurrentHashMap<>();
    /**
     * The open handles of each node: the kernel sends fstat as a GETATTR without the handle, and
     * a file removed while open has no path left to answer it by.
     */
    private final ConcurrentHashMap<Long, java.util.Set<Long>> handlesOfNode = new ConcurrentHashMap<>();
    private final CountDownLatch initialized = new CountDownLatch(1);
    /** Every closure and native block the ops table points at: they must outlive the session. */
    private final List<Object> keepAlive = new ArrayList<>();
    private final Pointer ops;
    private final int statSize;
    private final int entrySize;

    private volatile double timeout = 1;
    /** The session while it serves (null before and after), for notifications to the kernel. */
    private volatile Pointer session;
    /** Held to notify the kernel through {@link #session}; taken exclusively to end the session. */
    private final java.util.concurrent.locks.ReentrantReadWriteLock sessionLock =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    /** Whether the kernel said (at INIT) it can expire a name without dropping it. */
    private volatile boolean kernelCanExpire;
    private final ExpireEntry expire = LibFuse3.expireEntry();
    /**
     * The tree's namespace as the node table sees it: every operation that turns a node id into
     * a path holds it shared from that moment until its tree call is done, and a rename holds it
     * exclusively while the tree and the table move the name, so no operation acts on a path a
     * rename has just made stale (libfuse 2's high-level layer locked its path tree the same way).
     * Operations through an open handle (read, write, fsync, release) do not take it.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock namespace =
            new java.util.concurrent.locks.ReentrantReadWriteLock();
    private volatile boolean readOnly;
    /**
     * Whether the kernel opens (and releases) this tree's files, and its directories, without
     * asking: an immutable tree has nothing to do at open, and each OPEN, RELEASE, OPENDIR and
     * RELEASEDIR is a round trip to this process (~100 µs here), so a {@code find} made ~6
     * requests per directory and a {@code cat} 4 per file. Set at INIT for a read-only tree when
     * the kernel can (see {@link #open}); reads then come with handle 0 and are served by node.
     */
    private volatile boolean kernelOpensFiles;
    private volatile boolean kernelOpensDirectories;
    /** With {@link #kernelOpensDirectories}: a directory's listing while it is being read, by node. */
    private final ConcurrentHashMap<Long, DirectoryListing> listingsByNode = new ConcurrentHashMap<>();

    /** Per worker thread: native memory for replies, and the structs over it. */
    private final class ThreadBuffers {
        final Pointer entry = Memory.allocateDirect(rt, entrySize, true);
        final FileStat entryStat = FileStat.of(entry.slice(ENTRY_ATTR));
        final Pointer stat = Memory.allocateDirect(rt, statSize, true);
        final FileStat statStruct = FileStat.of(stat);
        final Pointer statvfs = Memory.allocateDirect(rt, Struct.size(new Statvfs(rt)), true);
        final Statvfs statvfsStruct = Statvfs.of(statvfs);
        final Pointer data = Memory.allocateDirect(rt, MAX_WRITE, false);
        final ReplySink sink = new ReplySink(data, MemoryIO.getInstance().newDirectByteBuffer(data.address(), MAX_WRITE)
                .order(java.nio.ByteOrder.nativeOrder())); // native order for Dirents, which fills it in place
    }

    /** Copies what a read hands over into the reply buffer, in order. */
    private static final class ReplySink implements ByteSink {
        final Pointer out;
        /** The same memory as {@code out}, for sources that read into it themselves. */
        final ByteBuffer view;
        long at;

        ReplySink(Pointer out, ByteBuffer view) {
            this.out = out;
            this.view = view;
        }

        @Override
        public void accept(byte[] src, int off, int len) {
            out.put(at, src, off, len);
            at += len;
        }

        @Override
        public ByteBuffer window(int len) {
            return view.duplicate().limit((int) at + len).position((int) at);
        }

        @Override
        public void filled(int len) {
            at += len;
        }
    }

    /** An open directory: the entries read at its first readdir (or a rewind), handed out by offset. */
    private static final class DirectoryListing {
        final long node;
        String path;
        List<DirectoryEntry> entries;
        NodeAttributes self;

        DirectoryListing(long node, String path) {
            this.node = node;
            this.path = path;
        }
    }

    private final ThreadLocal<ThreadBuffers> buffers = ThreadLocal.withInitial(ThreadBuffers::new);

    LowLevelFuseAdapter(MountedTree tree, MountListener listener) {
        this.tree = tree;
        this.listener = listener;
        this.lib = LibFuse3.library();
        this.rt = Runtime.getRuntime(lib);
        this.statSize = Struct.size(new FileStat(rt));
        this.entrySize = ENTRY_ATTR + statSize + 16; // then double attr_timeout, entry_timeout
        this.ops = buildOps();
    }

    @Override
    public CountDownLatch initialized() {
        return initialized;
    }

    /**
     * For every node the kernel holds: its name is expired ({@code notify_expire_entry}, or
     * dropped with {@code notify_inval_entry} where the kernel cannot expire), so the next use
     * looks it up again, and its attributes and pages are dropped ({@code notify_inval_inode}).
     * Names the kernel knows not to exist are not cached by a writable tree (see
     * {@link #replyNegativeEntry}), so none can hide a file that came back.
     */
    @Override
    public boolean invalidateKernelCaches() {
        sessionLock.readLock().lock();
        try {
            Pointer se = session;
            if (se == null) {
                return true; // not mounted: nothing cached
            }
            ByteBuffer name = ByteBuffer.allocateDirect(NativeStructs.NAME_MAX_BYTES + 1);
            for (NodeTable.Held n : nodes.held()) {
                if (n.name() != null) {
                    long length = NativeStructs.cString(name, n.name()).limit() - 1; // without the NUL
                    // expire rather than drop where the kernel can: an expired name is looked up again
                    // at its next use and stays (same node) when it is still there, where a dropped one
                    // is unhashed under whoever holds it (a working directory, an open file's path).
                    // -ENOENT: not cached.
                    if (expire != null && kernelCanExpire) {
                        expire.fuse_lowlevel_notify_expire_entry(se, n.parent(), name, length, EXPIRE_ONLY);
                    } else {
                        lib.fuse_lowlevel_notify_inval_entry(se, n.parent(), name, length);
                    }
                }
                lib.fuse_lowlevel_notify_inval_inode(se, n.id(), 0, 0);
            }
            lib.fuse_lowlevel_notify_inval_inode(se, NodeTable.ROOT, 0, 0);
            return true;
        } finally {
            sessionLock.readLock().unlock();
        }
    }

    @Override
    public void closeHandles() {
        files.closeAll();
    }

    // ------------------------------------------------------------------ the session

    @Override
    public int serve(Path mountPoint, MountOptions options, boolean readOnly, int threads) {
        this.timeout = options.cacheTimeoutSeconds();
        this.readOnly = readOnly;
        List<String> argv = new ArrayList<>();
        argv.add("hexz");
        argv.addAll(options.lowLevelArguments(readOnly));
        Pointer args = arguments(argv);
        Pointer se = lib.fuse_session_new(args, ops, OPS_COUNT * 8L, null);
        lib.fuse_opt_free_args(args);
        if (se == null) {
            return 1;
        }
        try {
            if (lib.fuse_session_mount(se, mountPoint.toString()) != 0) {
                return 1;
            }
            session = se;
            int failures;
            try {
                failures = FuseLoop.runWorkers(threads, "hexz-fuse", () -> work(se));
            } finally {
                sessionLock.writeLock().lock(); // no notification runs on a session being destroyed
                session = null;
                sessionLock.writeLock().unlock();
            }
            lib.fuse_session_unmount(se);
            return failures == 0 ? 0 : 1;
        } finally {
            lib.fuse_session_destroy(se);
        }
    }

    /**
     * One worker: receive a request, process it (the callbacks run here), until the session
     * ends. libfuse allocates the request buffer at the first receive (1 MiB + a header) and
     * reuses it; it is freed here.
     */
    private boolean work(Pointer se) {
        Pointer buf = Memory.allocateDirect(rt, BUF_STRUCT_SIZE, true);
        try {
            // the reply buffers now, not in this thread's first request: the kernel hands requests
            // to the waiting threads in turn, so each of a new mount's first reads met a new thread
            // and waited for its buffers (jnr structs and 1 MiB of native memory) first
            try {
                buffers.get();
            } catch (RuntimeException | OutOfMemoryError e) {
                lib.fuse_session_exit(se);
                return false;
            }
            while (lib.fuse_session_exited(se) == 0) {
                int res = lib.fuse_session_receive_buf(se, buf);
                if (res == -EINTR || res == -EAGAIN) {
                    continue;
                }
                if (res <= 0) {
                    if (res < 0) {
                        lib.fuse_session_exit(se);
                        return false;
                    }
                    return true; // ENODEV: unmounted
                }
                lib.fuse_session_process_buf(se, buf);
            }
            return true;
        } finally {
            Pointer mem = buf.getPointer(BUF_MEM);
            if (mem != null && mem.address() != 0) {
                LibFuse3.libc().free(mem);
            }
        }
    }

    /** {@code struct fuse_args} over {@code argv} (native strings kept alive with the adapter). */
    private Pointer arguments(List<String> argv) {
        Pointer vector = Memory.allocateDirect(rt, (argv.size() + 1) * 8, true);
        for (int i = 0; i < argv.size(); i++) {
            byte[] b = argv.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer s = Memory.allocateDirect(rt, b.length + 1, true);
            s.put(0, b, 0, b.length);
            keepAlive.add(s);
            vector.putAddress(i * 8L, s.address());
        }
        Pointer a = Memory.allocateDirect(rt, ARGS_STRUCT_SIZE, true);
        a.putInt(0, argv.size());
        a.putAddress(8, vector.address());
        keepAlive.add(vector);
        keepAlive.add(a);
        return a;
    }

    private Pointer buildOps() {
        Pointer table = Memory.allocateDirect(rt, OPS_COUNT * 8, true);
        keepAlive.add(table);
        put(table, OP_INIT, InitCallback.class, (InitCallback) this::init);
        put(table, OP_LOOKUP, NameCallback.class, (NameCallback) (r, p, n) -> shared(() -> lookup(r, p, n)));
        put(table, OP_FORGET, ForgetCallback.class, (ForgetCallback) this::forget);
        put(table, OP_FORGET_MULTI, ForgetMultiCallback.class, (ForgetMultiCallback) this::forgetMulti);
        put(table, OP_GETATTR, FileCallback.class, (FileCallback) (r, i, fi) -> shared(() -> getattr(r, i, fi)));
        put(table, OP_SETATTR, SetattrCallback.class, (SetattrCallback) (r, i, a, t, fi) -> shared(() -> setattr(r, i, a, t, fi)));
        put(table, OP_READLINK, NodeCallback.class, (NodeCallback) (r, i) -> shared(() -> readlink(r, i)));
        put(table, OP_MKNOD, MknodCallback.class, (MknodCallback) (r, p, n, m, d) -> shared(() -> mknod(r, p, n, m, d)));
        put(table, OP_MKDIR, MkdirCallback.class, (MkdirCallback) (r, p, n, m) -> shared(() -> mkdir(r, p, n, m)));
        put(table, OP_UNLINK, NameCallback.class, (NameCallback) (r, p, n) -> shared(() -> unlink(r, p, n)));
        put(table, OP_RMDIR, NameCallback.class, (NameCallback) (r, p, n) -> shared(() -> rmdir(r, p, n)));
        put(table, OP_SYMLINK, SymlinkCallback.class, (SymlinkCallback) (r, l, p, n) -> shared(() -> symlink(r, l, p, n)));
        put(table, OP_RENAME, RenameCallback.class, (RenameCallback) (r, p, n, np, nn, f) -> exclusive(() -> rename(r, p, n, np, nn, f)));
        put(table, OP_LINK, LinkCallback.class, (LinkCallback) (r, i, np, n) -> shared(() -> link(r, i, np, n)));
        put(table, OP_OPEN, FileCallback.class, (FileCallback) (r, i, fi) -> shared(() -> open(r, i, fi)));
        put(table, OP_READ, ReadCallback.class, (ReadCallback) this::read);
        put(table, OP_WRITE, WriteCallback.class, (WriteCallback) this::write);
        // no FLUSH: libfuse answers it with ENOSYS, after which the kernel stops sending one at
        // every close (there is nothing to flush: writes reach the tree before they return)
        put(table, OP_RELEASE, FileCallback.class, (FileCallback) this::release);
        put(table, OP_FSYNC, SyncCallback.class, (SyncCallback) this::fsync);
        put(table, OP_OPENDIR, FileCallback.class, (FileCallback) (r, i, fi) -> shared(() -> opendir(r, i, fi)));
        put(table, OP_READDIR, ReadCallback.class, (ReadCallback) this::readdir);
        put(table, OP_RELEASEDIR, FileCallback.class, (FileCallback) this::releasedir);
        // directory changes are journalled as they happen: nothing more to make durable
        put(table, OP_FSYNCDIR, SyncCallback.class, (SyncCallback) (req, ino, d, fi) -> lib.fuse_reply_err(req, 0));
        put(table, OP_STATFS, NodeCallback.class, (NodeCallback) this::statfs);
        put(table, OP_CREATE, CreateCallback.class, (CreateCallback) this::create);
        return table;
    }

    /** Runs an operation that resolves node ids to paths: shared hold of {@link #namespace}. */
    private void shared(Runnable op) {
        namespace.readLock().lock();
        try {
            op.run();
        } finally {
            namespace.readLock().unlock();
        }
    }

    /** Runs an operation that moves names (rename): exclusive hold of {@link #namespace}. */
    private void exclusive(Runnable op) {
        namespace.writeLock().lock();
        try {
            op.run();
        } finally {
            namespace.writeLock().unlock();
        }
    }

    private <T> void put(Pointer table, int slot, Class<T> type, T callback) {
        Pointer fn = rt.getClosureManager().getClosurePointer(type, callback);
        keepAlive.add(callback);
        keepAlive.add(fn);
        table.putAddress(slot * 8L, fn.address());
    }

    // ------------------------------------------------------------------ operations

    private void init(Pointer userdata, Pointer conn) {
        conn.putInt(CONN_MAX_WRITE, MAX_WRITE);
        // as libfuse 2 had them: the kernel truncates before an O_TRUNC open, keeps pages as each
        // open says, and clears set-user-ID bits itself on writes and chown
        conn.putInt(CONN_WANT,
                conn.getInt(CONN_WANT) & ~(CAP_ATOMIC_O_TRUNC | CAP_AUTO_INVAL_DATA | CAP_HANDLE_KILLPRIV));
        kernelCanExpire = (conn.getInt(CONN_CAPABLE) & CAP_EXPIRE_ONLY) != 0;
        kernelOpensFiles = readOnly && (conn.getInt(CONN_CAPABLE) & CAP_NO_OPEN_SUPPORT) != 0;
        kernelOpensDirectories = readOnly && (conn.getInt(CONN_CAPABLE) & CAP_NO_OPENDIR_SUPPORT) != 0;
        // more read-ahead and write-back requests in flight than the kernel's default of 12
        conn.putInt(CONN_MAX_BACKGROUND, 64);
        conn.putInt(CONN_CONGESTION_THRESHOLD, 48);
        initialized.countDown();
    }

    private void lookup(Pointer req, long parent, Pointer namePtr) {
        String name = null;
        String path = null;
        try {
            name = name(namePtr);
            path = nodes.childPath(parent, name);
            replyEntry(req, parent, name, tree.attributes(path));
        } catch (Throwable e) {
            if (ErrnoMapping.errnoOf(e) == Errno.ENOENT) {
                try {
                    replyNegativeEntry(req);
                } catch (Throwable t) {
                    lib.fuse_reply_err(req, Errno.ENOENT);
                }
            } else {
                fail(req, "lookup", path, e);
            }
        }
    }

    private void forget(Pointer req, long ino, long count) {
        forgotten(ino, count);
        lib.fuse_reply_none(req);
    }

    private void forgetMulti(Pointer req, long count, Pointer forgets) {
        for (long i = 0; i < count; i++) {
            forgotten(forgets.getLong(i * FORGET_DATA_SIZE), forgets.getLong(i * FORGET_DATA_SIZE + 8));
        }
        lib.fuse_reply_none(req);
    }

    private void forgotten(long ino, long count) {
        nodes.forget(ino, count);
        listingsByNode.remove(ino); // a listing the reader left unfinished (only a cache: rebuilt if asked)
    }

    private void getattr(Pointer req, long ino, Pointer fi) {
        String path = null;
        try {
            OpenFile f = fi == null ? null : files.get(fi.getLong(FI_FH));
            if (f == null) {
                try {
                    path = nodes.path(ino);
                    replyAttr(req, tree.attributes(path));
                    return;
                } catch (FsException e) {
                    f = e.errno() == Errno.ENOENT ? anyHandleOf(ino) : null;
                    if (f == null) {
                        throw e;
                    }
                }
            }
            replyAttr(req, attributesThrough(f, () -> nodes.path(ino)));
        } catch (Throwable e) {
            fail(req, "getattr", path, e);
        }
    }

    /** Where a node is, asked only when needed. */
    private interface PathOf {
        String path() throws FsException;
    }

    /** fstat: the handle answers even after the name is gone; trees whose handles cannot, by path. */
    private NodeAttributes attributesThrough(OpenFile f, PathOf where) throws java.io.IOException {
        try {
            return f.attributes();
        } catch (FsException e) {
            if (e.errno() != Errno.ENOSYS) {
                throw e;
            }
            return tree.attributes(where.path());
        }
    }

    private void setattr(Pointer req, long ino, Pointer attr, int toSet, Pointer fi) {
        String path = null;
        try {
            OpenFile f = fi == null ? null : files.get(fi.getLong(FI_FH));
            FileStat st = FileStat.of(attr);
            if ((toSet & (SET_ATTR_MODE | SET_ATTR_UID | SET_ATTR_GID | SET_ATTR_MTIME | SET_ATTR_MTIME_NOW)) != 0
                    || (toSet & SET_ATTR_SIZE) != 0 && f == null) {
                path = nodes.path(ino);
            }
            if ((toSet & SET_ATTR_MODE) != 0) {
                tree.changeMode(path, (int) st.st_mode.longValue() & 07777);
            }
            if ((toSet & (SET_ATTR_UID | SET_ATTR_GID)) != 0) {
                int uid = (toSet & SET_ATTR_UID) != 0 ? (int) st.st_uid.longValue() : -1;
                int gid = (toSet & SET_ATTR_GID) != 0 ? (int) st.st_gid.longValue() : -1;
                tree.changeOwner(path, uid, gid);
            }
            if ((toSet & SET_ATTR_SIZE) != 0) {
                long size = st.st_size.longValue();
                if (f != null) {
                    f.truncate(size);
                } else {
                    tree.truncate(path, size);
                }
            }
            if ((toSet & SET_ATTR_MTIME_NOW) != 0) {
                Instant now = Instant.now();
                tree.setModificationTime(path, now.getEpochSecond(), now.getNano());
            } else if ((toSet & SET_ATTR_MTIME) != 0) {
                tree.setModificationTime(path, st.st_mtim.tv_sec.get(), (int) st.st_mtim.tv_nsec.longValue());
            }
            // atime and ctime are not kept (a stat shows the mtime for them): nothing to set
            replyAttr(req, f != null ? attributesThrough(f, () -> nodes.path(ino)) : tree.attributes(nodes.path(ino)));
        } catch (Throwable e) {
            fail(req, "setattr", path, e);
        }
    }

    private void readlink(Pointer req, long ino) {
        String path = null;
        try {
            path = nodes.path(ino);
            lib.fuse_reply_readlink(req, tree.readSymlink(path));
        } catch (Throwable e) {
            fail(req, "readlink", path, e);
        }
    }

    private void mknod(Pointer req, long parent, Pointer namePtr, int mode, long rdev) {
        if ((mode & S_IFMT) != S_IFREG) {
            lib.fuse_reply_err(req, Errno.EPERM); // the archive format holds files, directories and symlinks only
            return;
        }
        makeName(req, parent, namePtr, "mknod", path -> tree.create(path, mode & 07777, 0, caller(req)).close());
    }

    private void mkdir(Pointer req, long parent, Pointer namePtr, int mode) {
        makeName(req, parent, namePtr, "mkdir", path -> tree.makeDirectory(path, mode & 07777, caller(req)));
    }

    private void symlink(Pointer req, Pointer linkPtr, long parent, Pointer namePtr) {
        makeName(req, parent, namePtr, "symlink",
                path -> tree.makeSymlink(linkPtr.getString(0, NativeStructs.NAME_MAX_BYTES, StandardCharsets.UTF_8), path, caller(req)));
    }

    /** mknod, mkdir, symlink: the tree makes the name, and the reply hands the kernel its new node. */
    private void makeName(Pointer req, long parent, Pointer namePtr, String operation, PathOperation make) {
        String path = null;
        try {
            String name = name(namePtr);
            path = nodes.childPath(parent, name);
            make.apply(path);
            replyEntry(req, parent, name, tree.attributes(path));
        } catch (Throwable e) {
            fail(req, operation, path, e);
        }
    }

    private void link(Pointer req, long ino, long newParent, Pointer namePtr) {
        String path = null;
        try {
            String name = name(namePtr);
            path = nodes.childPath(newParent, name);
            tree.link(nodes.path(ino), path);
            replyEntry(req, newParent, name, tree.attributes(path));
        } catch (Throwable e) {
            fail(req, "link", path, e);
        }
    }

    private void unlink(Pointer req, long parent, Pointer namePtr) {
        removeName(req, parent, namePtr, "unlink", tree::remove);
    }

    private void rmdir(Pointer req, long parent, Pointer namePtr) {
        removeName(req, parent, namePtr, "rmdir", tree::removeDirectory);
    }

    /** A path operation of the tree that may throw what the tree throws. */
    private interface PathOperation {
        void apply(String path) throws java.io.IOException;
    }

    /** unlink and rmdir: the tree removes the name, then the node table detaches its node. */
    private void removeName(Pointer req, long parent, Pointer namePtr, String operation, PathOperation remove) {
        String path = null;
        try {
            String name = name(namePtr);
            path = nodes.childPath(parent, name);
            remove.apply(path);
            nodes.removed(parent, name);
            lib.fuse_reply_err(req, 0);
        } catch (Throwable e) {
            fail(req, operation, path, e);
        }
    }

    private void rename(Pointer req, long parent, Pointer namePtr, long newParent, Pointer newNamePtr, int flags) {
        if (flags != 0) {
            lib.fuse_reply_err(req, Errno.EINVAL); // RENAME_NOREPLACE / EXCHANGE: callers fall back to rename(2)
            return;
        }
        String from = null;
        String to = null;
        try {
            String name = name(namePtr);
            String newName = name(newNamePtr);
            from = nodes.childPath(parent, name);
            to = nodes.childPath(newParent, newName);
            tree.rename(from, to);
            nodes.renamed(parent, name, newParent, newName);
            lib.fuse_reply_err(req, 0);
        } catch (Throwable e) {
            fail(req, "rename", from + " -> " + to, e);
        }
    }

    private void open(Pointer req, long ino, Pointer fi) {
        String path = null;
        try {
            path = nodes.path(ino);
            OpenFile f = tree.open(path, fi.getInt(FI_FLAGS));
            if (kernelOpensFiles) {
                // the first open of the mount (a read: the mount is read-only), checked as any
                // other; ENOSYS is success to the kernel, which opens every later file itself,
                // keeping its page cache, and sends neither OPEN nor RELEASE again
                closeQuietly(f);
                lib.fuse_reply_err(req, Errno.ENOSYS);
                return;
            }
            long h = files.add(f);
            opened(ino, h);
            fi.putLong(FI_FH, h);
            if (readOnly || f.cachedPagesValid()) {
                fi.putInt(FI_BITS, fi.getInt(FI_BITS) | FI_KEEP_CACHE);
            }
            if (lib.fuse_reply_open(req, fi) != 0) {
                closed(ino, h);
                files.remove(h);
                closeQuietly(f); // the opener was interrupted: the kernel holds no handle
            }
        } catch (Throwable e) {
            fail(req, "open", path, e);
        }
    }

    private void create(Pointer req, long parent, Pointer namePtr, int mode, Pointer fi) {
        String path = null;
        namespace.readLock().lock();
        try {
            String name = name(namePtr);
            path = nodes.childPath(parent, name);
            OpenFile f = tree.create(path, mode & 07777, fi.getInt(FI_FLAGS), caller(req));
            NodeAttributes a;
            try {
                String created = path;
                a = attributesThrough(f, () -> created);
            } catch (Throwable e) {
                closeQuietly(f);
                throw e;
            }
            long h = files.add(f);
            long id = nodes.lookedUp(parent, name);
            opened(id, h);
            fi.putLong(FI_FH, h);
            if (f.cachedPagesValid()) {
                fi.putInt(FI_BITS, fi.getInt(FI_BITS) | FI_KEEP_CACHE);
            }
            if (lib.fuse_reply_create(req, entry(id, a), fi) != 0) {
                closed(id, h);
                nodes.forget(id, 1);
                files.remove(h);
                closeQuietly(f); // the creator was interrupted: the kernel holds neither node nor handle
            }
        } catch (Throwable e) {
            fail(req, "create", path, e);
        } finally {
            namespace.readLock().unlock();
        }
    }

    private void read(Pointer req, long ino, long size, long offset, Pointer fi) {
        if (kernelOpensFiles && fi.getLong(FI_FH) == 0) {
            readByNode(req, ino, size, offset);
            return;
        }
        OpenFile f = openFileOrBadHandle(req, fi);
        if (f == null) {
            return;
        }
        try {
            reply(req, f, size, offset);
        } catch (Throwable e) {
            fail(req, "read", pathOrNode(ino) + " at offset " + offset, e);
        }
    }

    /** A read of a file the kernel opened itself ({@link #kernelOpensFiles}): opened for this request. */
    private void readByNode(Pointer req, long ino, long size, long offset) {
        String path = null;
        try {
            path = nodes.path(ino);
            try (OpenFile f = tree.open(path, 0)) { // O_RDONLY: an immutable tree's open file is a view
                reply(req, f, size, offset);
            }
        } catch (Throwable e) {
            fail(req, "read", (path != null ? path : "node " + ino) + " at offset " + offset, e);
        }
    }

    private void reply(Pointer req, OpenFile f, long size, long offset) throws java.io.IOException {
        ThreadBuffers b = buffers.get();
        ReplySink sink = b.sink;
        sink.at = 0;
        int n = f.transferTo(offset, (int) Math.min(size, MAX_WRITE), sink);
        lib.fuse_reply_buf(req, b.data, n);
    }

    private void write(Pointer req, long ino, Pointer buf, long size, long offset, Pointer fi) {
        OpenFile f = openFileOrBadHandle(req, fi);
        if (f == null) {
            return;
        }
        try {
            // the request's bytes where libfuse received them, handed on without a copy
            ByteBuffer src = MemoryIO.getInstance().newDirectByteBuffer(buf.address(), (int) size);
            lib.fuse_reply_write(req, f.write(offset, src));
        } catch (Throwable e) {
            fail(req, "write", pathOrNode(ino) + " at offset " + offset, e);
        }
    }

    /** The file open under {@code fi}'s handle, or null once EBADF is the reply. */
    private OpenFile openFileOrBadHandle(Pointer req, Pointer fi) {
        OpenFile f = files.get(fi.getLong(FI_FH));
        if (f == null) {
            lib.fuse_reply_err(req, Errno.EBADF);
        }
        return f;
    }

    private void release(Pointer req, long ino, Pointer fi) {
        long h = fi.getLong(FI_FH);
        closed(ino, h);
        OpenFile f = files.remove(h);
        try {
            if (f != null) {
                f.close();
            }
            lib.fuse_reply_err(req, 0);
        } catch (Throwable e) {
            fail(req, "release", pathOrNode(ino), e);
        }
    }

    private void fsync(Pointer req, long ino, int datasync, Pointer fi) {
        if (kernelOpensFiles && fi.getLong(FI_FH) == 0) {
            lib.fuse_reply_err(req, 0); // an immutable tree's file: nothing to write out
            return;
        }
        OpenFile f = openFileOrBadHandle(req, fi);
        if (f == null) {
            return;
        }
        try {
            f.sync(datasync != 0);
            lib.fuse_reply_err(req, 0);
        } catch (Throwable e) {
            fail(req, "fsync", pathOrNode(ino), e);
        }
    }

    private void opened(long node, long handle) {
        handlesOfNode.compute(node, (k, set) -> {
            java.util.Set<Long> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(handle);
            return s;
        });
    }

    private void closed(long node, long handle) {
        handlesOfNode.computeIfPresent(node, (k, set) -> {
            set.remove(handle);
            return set.isEmpty() ? null : set;
        });
    }

    /** One of the files open on node {@code node}, or null. */
    private OpenFile anyHandleOf(long node) {
        var set = handlesOfNode.get(node);
        if (set != null) {
            for (long h : set) {
                OpenFile f = files.get(h);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    private void opendir(Pointer req, long ino, Pointer fi) {
        String path = null;
        try {
            path = nodes.path(ino);
            if (kernelOpensDirectories) {
                tree.attributes(path); // the first opendir of the mount: checked, then as in open
                lib.fuse_reply_err(req, Errno.ENOSYS);
                return;
            }
            long h = files.newNumber();
            directories.put(h, new DirectoryListing(ino, path));
            fi.putLong(FI_FH, h);
            if (readOnly) {
                fi.putInt(FI_BITS, fi.getInt(FI_BITS) | FI_KEEP_CACHE | FI_CACHE_READDIR);
            }
            if (lib.fuse_reply_open(req, fi) != 0) {
                directories.remove(h);
            }
        } catch (Throwable e) {
            fail(req, "opendir", path, e);
        }
    }

    /**
     * Hands out the listing from entry {@code offset} on, as many as fit in {@code size} bytes;
     * each entry's offset is the index of the next one. Offset 0 (the first read, or a rewind)
     * reads the directory afresh. A directory the kernel opened itself ({@link
     * #kernelOpensDirectories}, handle 0) has its listing kept by node until the reply that says
     * it is over: an immutable tree lists the same entries at the same offsets if asked again.
     */
    private void readdir(Pointer req, long ino, long size, long offset, Pointer fi) {
        long h = fi.getLong(FI_FH);
        if (kernelOpensDirectories && h == 0) {
            DirectoryListing d = listingsByNode.computeIfAbsent(ino, n -> new DirectoryListing(n, null));
            synchronized (d) { // readers of one directory at once share its listing
                if (readdir(req, d, d.entries == null, size, offset) == 0) {
                    listingsByNode.remove(ino, d);
                }
            }
            return;
        }
        DirectoryListing d = directories.get(h);
        if (d == null) {
            lib.fuse_reply_err(req, Errno.EBADF);
            return;
        }
        readdir(req, d, offset == 0 || d.entries == null, size, offset);
    }

    /** Replies with {@code d}'s entries from {@code offset} on; returns the bytes sent (0 at the end). */
    private int readdir(Pointer req, DirectoryListing d, boolean list, long size, long offset) {
        try {
            if (list) {
                namespace.readLock().lock();
                try {
                    d.path = nodes.path(d.node); // where the directory is now (it may have been renamed)
                    d.self = tree.attributes(d.path);
                    d.entries = tree.list(d.path);
                } finally {
                    namespace.readLock().unlock();
                }
            }
            ThreadBuffers b = buffers.get();
            int capacity = (int) Math.min(size, MAX_WRITE);
            int used = 0;
            int total = d.entries.size() + 2;
            for (long i = offset; i < total; i++) {
                NodeAttributes a;
                byte[] name;
                if (i < 2) {
                    name = i == 0 ? DOT : DOT_DOT;
                    a = d.self;
                } else {
                    DirectoryEntry e = d.entries.get((int) i - 2);
                    name = e.name().getBytes(StandardCharsets.UTF_8);
                    a = e.attributes();
                }
                int need = Dirents.put(b.sink.view, used, capacity, a.inode(), i + 1, a.mode(), name);
                if (need > capacity - used) {
                    break;
                }
                used += need;
            }
            lib.fuse_reply_buf(req, b.data, used);
            return used;
        } catch (Throwable e) {
            fail(req, "readdir", d.path, e);
            return 0;
        }
    }

    private static final byte[] DOT = {'.'};
    private static final byte[] DOT_DOT = {'.', '.'};

    private void releasedir(Pointer req, long ino, Pointer fi) {
        directories.remove(fi.getLong(FI_FH));
        lib.fuse_reply_err(req, 0);
    }

    private void statfs(Pointer req, long ino) {
        try {
            ThreadBuffers b = buffers.get();
            NativeStructs.fill(b.statvfsStruct, tree.statistics());
            lib.fuse_reply_statfs(req, b.statvfs);
        } catch (Throwable e) {
            fail(req, "statfs", "/", e);
        }
    }

    // ------------------------------------------------------------------ replies

    /** Replies with the entry of {@code name} under {@code parent}, counting the reference the kernel takes. */
    private void replyEntry(Pointer req, long parent, String name, NodeAttributes a) {
        long id = nodes.lookedUp(parent, name);
        if (lib.fuse_reply_entry(req, entry(id, a)) != 0) {
            nodes.forget(id, 1); // the request was interrupted: the kernel took no reference
        }
    }

    /**
     * "No such name" (node id 0), which the kernel caches for the entry timeout when the tree is
     * immutable; a writable tree's is not cached, since a reset or restore can bring the name
     * back and the kernel's negative entries cannot be listed to invalidate them.
     */
    private void replyNegativeEntry(Pointer req) {
        Pointer e = buffers.get().entry;
        e.setMemory(0, entrySize, (byte) 0);
        e.putDouble(ENTRY_ATTR + statSize + 8L, readOnly ? timeout : 0);
        lib.fuse_reply_entry(req, e);
    }

    private Pointer entry(long id, NodeAttributes a) {
        ThreadBuffers b = buffers.get();
        Pointer e = b.entry;
        e.putLong(ENTRY_INO, id);
        e.putLong(ENTRY_GENERATION, 0); // ids are never reused
        NativeStructs.fill(b.entryStat, a);
        e.putDouble(ENTRY_ATTR + statSize, timeout);
        e.putDouble(ENTRY_ATTR + statSize + 8L, timeout);
        return e;
    }

    private void replyAttr(Pointer req, NodeAttributes a) {
        ThreadBuffers b = buffers.get();
        NativeStructs.fill(b.statStruct, a);
        lib.fuse_reply_attr(req, b.stat, timeout);
    }

    /** Replies with the errno for {@code e}, whatever happens while telling the listener. */
    private void fail(Pointer req, String operation, String path, Throwable e) {
        int errno = Errno.EIO; // what the listener hears of, should it throw
        try {
            errno = ErrnoMapping.reported(operation, path, e, listener);
        } catch (Throwable ignored) {
            // the reply below still goes out: a request left unanswered hangs its caller
        } finally {
            lib.fuse_reply_err(req, errno);
        }
    }

    private static void closeQuietly(OpenFile f) {
        try {
            f.close();
        } catch (Throwable ignored) {
            // the request is answered already; nothing can be told
        }
    }

    private String pathOrNode(long ino) {
        try {
            return nodes.path(ino);
        } catch (FsException e) {
            return "(removed file, node " + ino + ")";
        }
    }

    private Caller caller(Pointer req) {
        Pointer ctx = lib.fuse_req_ctx(req);
        return new Caller(ctx.getInt(CTX_UID), ctx.getInt(CTX_GID), ctx.getInt(CTX_PID));
    }

    private static String name(Pointer p) {
        return p.getString(0, NativeStructs.NAME_MAX_BYTES, StandardCharsets.UTF_8);
    }

}
