package dev.hexz.fuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.types.dev_t;
import jnr.ffi.types.gid_t;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.uid_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.Timespec;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * The jnr-fuse (libfuse 2, high-level, multi-threaded) side of a mount: turns each callback
 * into a call on the {@link MountedTree} and every exception into a negated errno. A read-only
 * tree is mounted {@code ro}, so the kernel answers writes with EROFS before they get here; a
 * writable tree gets every change. Extended attributes, fallocate and locks are left
 * unregistered: the kernel then answers them itself (EOPNOTSUPP, local locks).
 *
 * <p>Two libfuse flags are set in the operations table: {@code nullpath_ok}, so that reads and
 * writes on a file removed while open (libfuse's {@code hard_remove}) reach its handle with a
 * null path instead of failing, and {@code utime_omit_ok}, so that UTIME_NOW and UTIME_OMIT
 * arrive as such.
 */
final class JnrFuseAdapter extends FuseStubFS implements FuseServer {

    private final MountedTree tree;
    private final MountListener listener;
    private final OpenHandles handles = new OpenHandles();
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final ThreadLocal<FileStat> direntStats;
    /**
     * Where readdir writes each name (NUL-terminated) for libfuse's filler: a direct buffer,
     * which jnr passes by address, where a heap buffer would be copied to a temporary native
     * one per name (measured: that made a cold 'find' over 20,000 files ~3× squashfuse's time).
     */
    private final ThreadLocal<ByteBuffer> direntNames =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(NativeStructs.NAME_MAX_BYTES + 1));

    /** Where a write's bytes are copied from libfuse's buffer (max_write is 128 KiB). */
    private final ThreadLocal<byte[]> writeBuffers = ThreadLocal.withInitial(() -> new byte[MAX_WRITE]);
    static final int MAX_WRITE = 128 * 1024;
    private static final long UTIME_NOW = (1L << 30) - 1;
    private static final long UTIME_OMIT = (1L << 30) - 2;
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    /** Bits of libfuse 2's fuse_operations flag word (bit fields, first declared lowest). */
    private static final int FLAG_NULLPATH_OK = 1;
    private static final int FLAG_UTIME_OMIT_OK = 1 << 2;
    /** Bit of fuse_file_info's flag word after fh_old: direct_io is bit 0, keep_cache bit 1. */
    private static final int FI_KEEP_CACHE = 1 << 1;

    JnrFuseAdapter(MountedTree tree, MountListener listener) {
        this.tree = tree;
        this.listener = listener;
        Pointer ops = Struct.getMemory(fuseOperations);
        long flagsAt = offsetOf(fuseOperations.flag_nullpath_ok);
        ops.putInt(flagsAt, ops.getInt(flagsAt) | FLAG_NULLPATH_OK | FLAG_UTIME_OMIT_OK);
        Runtime rt = Runtime.getSystemRuntime();
        this.direntStats = ThreadLocal.withInitial(() -> {
            FileStat st = new FileStat(rt);
            st.useMemory(Memory.allocateDirect(rt, Struct.size(st), true));
            return st;
        });
    }

    @Override
    public CountDownLatch initialized() {
        return initialized;
    }

    /** Serves through libfuse 2's loop on Java threads (see {@link FuseLoop}). */
    @Override
    public int serve(Path mountPoint, MountOptions options, boolean readOnly, int threads) {
        List<String> args = new java.util.ArrayList<>();
        args.add(getFSName());
        args.add("-f");
        args.add(mountPoint.toString());
        args.addAll(options.libfuse2Arguments(readOnly));
        return FuseLoop.run(args.toArray(String[]::new), fuseOperations, threads, "hexz-fuse");
    }

    @Override
    public void mount(Path mountPoint, boolean blocking, boolean debug, String[] fuseOpts) {
        throw new UnsupportedOperationException("FuseMount mounts through FuseLoop");
    }

    @Override
    public void umount() {
        // FuseMount unmounts (bounded, and aware of busy mounts)
    }

    @Override
    protected String getFSName() {
        return "hexz";
    }

    @Override
    public Pointer init(Pointer conn) {
        initialized.countDown();
        return null;
    }

    @Override
    public int getattr(String path, FileStat stat) {
        try {
            fill(stat, tree.attributes(path));
            return 0;
        } catch (Throwable e) {
            return fail("getattr", path, e);
        }
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        try {
            List<DirectoryEntry> entries = tree.list(path);
            FileStat st = direntStats.get();
            Pointer stPtr = Struct.getMemory(st);
            ByteBuffer names = direntNames.get();
            NodeAttributes self = tree.attributes(path);
            fill(st, self);
            filler.apply(buf, NativeStructs.cString(names, "."), stPtr, 0);
            filler.apply(buf, NativeStructs.cString(names, ".."), null, 0);
            for (DirectoryEntry e : entries) {
                fill(st, e.attributes());
                if (filler.apply(buf, NativeStructs.cString(names, e.name()), stPtr, 0) != 0) {
                    return -Errno.ENOSPC; // libfuse's buffer is full: cannot happen when every offset is 0
                }
            }
            return 0;
        } catch (Throwable e) {
            return fail("readdir", path, e);
        }
    }

    @Override
    public int readlink(String path, Pointer buf, @size_t long size) {
        try {
            byte[] target = tree.readSymlink(path).getBytes(StandardCharsets.UTF_8);
            int n = (int) Math.min(target.length, size - 1);
            buf.put(0, target, 0, n);
            buf.putByte(n, (byte) 0);
            return 0;
        } catch (Throwable e) {
            return fail("readlink", path, e);
        }
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        try {
            register(tree.open(path, fi.flags.get()), fi);
            return 0;
        } catch (Throwable e) {
            return fail("open", path, e);
        }
    }

    @Override
    public int create(String path, @mode_t long mode, FuseFileInfo fi) {
        try {
            register(tree.create(path, (int) mode & 07777, fi.flags.get(), caller()), fi);
            return 0;
        } catch (Throwable e) {
            return fail("create", path, e);
        }
    }

    private void register(OpenFile f, FuseFileInfo fi) {
        fi.fh.set(handles.add(f));
        if (!tree.readOnly() && f.cachedPagesValid()) {
            Pointer mem = Struct.getMemory(fi);
            long at = keepCacheWordOffset(fi);
            mem.putInt(at, mem.getInt(at) | FI_KEEP_CACHE);
        }
    }

    @Override
    public int mknod(String path, @mode_t long mode, @dev_t long rdev) {
        if ((mode & S_IFMT) != S_IFREG) {
            return -Errno.EPERM; // the archive format holds files, directories and symlinks only
        }
        try {
            tree.create(path, (int) mode & 07777, 0, caller()).close();
            return 0;
        } catch (Throwable e) {
            return fail("mknod", path, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        OpenFile f = handles.get(fi.fh.get());
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            int n = (int) size;
            byte[] b = n <= MAX_WRITE ? writeBuffers.get() : new byte[n];
            buf.get(0, b, 0, n);
            return f.write(offset, b, 0, n);
        } catch (Throwable e) {
            return fail("write", path + " at offset " + offset, e);
        }
    }

    @Override
    public int flush(String path, FuseFileInfo fi) {
        return 0;
    }

    @Override
    public int fsync(String path, int isdatasync, FuseFileInfo fi) {
        OpenFile f = handles.get(fi.fh.get());
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            f.sync(isdatasync != 0);
            return 0;
        } catch (Throwable e) {
            return fail("fsync", path, e);
        }
    }

    @Override
    public int fsyncdir(String path, FuseFileInfo fi) {
        return 0; // directory changes are journalled as they happen
    }

    @Override
    public int fgetattr(String path, FileStat stat, FuseFileInfo fi) {
        OpenFile f = handles.get(fi.fh.get());
        if (f == null) {
            return getattr(path, stat);
        }
        try {
            fill(stat, f.attributes());
            return 0;
        } catch (FsException e) {
            if (e.errno() == Errno.ENOSYS && path != null) {
                return getattr(path, stat);
            }
            return fail("fgetattr", path, e);
        } catch (Throwable e) {
            return fail("fgetattr", path, e);
        }
    }

    @Override
    public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
        OpenFile f = handles.get(fi.fh.get());
        if (f == null) {
            return truncate(path, size);
        }
        try {
            f.truncate(size);
            return 0;
        } catch (Throwable e) {
            return fail("ftruncate", path, e);
        }
    }

    @Override
    public int truncate(String path, @off_t long size) {
        try {
            tree.truncate(path, size);
            return 0;
        } catch (Throwable e) {
            return fail("truncate", path, e);
        }
    }

    @Override
    public int mkdir(String path, @mode_t long mode) {
        try {
            tree.makeDirectory(path, (int) mode & 07777, caller());
            return 0;
        } catch (Throwable e) {
            return fail("mkdir", path, e);
        }
    }

    @Override
    public int symlink(String target, String path) {
        try {
            tree.makeSymlink(target, path, caller());
            return 0;
        } catch (Throwable e) {
            return fail("symlink", path, e);
        }
    }

    @Override
    public int unlink(String path) {
        try {
            tree.remove(path);
            return 0;
        } catch (Throwable e) {
            return fail("unlink", path, e);
        }
    }

    @Override
    public int rmdir(String path) {
        try {
            tree.removeDirectory(path);
            return 0;
        } catch (Throwable e) {
            return fail("rmdir", path, e);
        }
    }

    @Override
    public int rename(String from, String to) {
        try {
            tree.rename(from, to);
            return 0;
        } catch (Throwable e) {
            return fail("rename", from + " -> " + to, e);
        }
    }

    @Override
    public int link(String existing, String newPath) {
        try {
            tree.link(existing, newPath);
            return 0;
        } catch (Throwable e) {
            return fail("link", newPath, e);
        }
    }

    @Override
    public int chmod(String path, @mode_t long mode) {
        try {
            tree.changeMode(path, (int) mode & 07777);
            return 0;
        } catch (Throwable e) {
            return fail("chmod", path, e);
        }
    }

    @Override
    public int chown(String path, @uid_t long uid, @gid_t long gid) {
        try {
            tree.changeOwner(path, (int) uid, (int) gid);
            return 0;
        } catch (Throwable e) {
            return fail("chown", path, e);
        }
    }

    @Override
    public int utimens(String path, Timespec[] timespec) {
        if (path == null) {
            return 0; // a removed file's times: nobody can see them again
        }
        try {
            long nanos = timespec[1].tv_nsec.longValue();
            if (nanos == UTIME_OMIT) {
                return 0;
            }
            if (nanos == UTIME_NOW) {
                java.time.Instant now = java.time.Instant.now();
                tree.setModificationTime(path, now.getEpochSecond(), now.getNano());
            } else {
                tree.setModificationTime(path, timespec[1].tv_sec.get(), (int) nanos);
            }
            return 0;
        } catch (Throwable e) {
            return fail("utimens", path, e);
        }
    }

    private static volatile long fileInfoFlagsOffset = -1;

    /** Where fuse_file_info's flag word is (the same in every instance: looked up on first use). */
    private static long keepCacheWordOffset(FuseFileInfo fi) {
        long at = fileInfoFlagsOffset;
        if (at < 0) {
            at = offsetOf(fi.direct_io);
            fileInfoFlagsOffset = at;
        }
        return at;
    }

    /** A struct member's offset: jnr keeps {@code offset()} on a package-private class. */
    private static long offsetOf(Object member) {
        try {
            return (Long) MemberOffset.METHOD.invoke(member);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jnr-ffi's Struct member has no offset(): " + e, e);
        }
    }

    /** jnr's {@code Struct.AbstractMember.offset()}, looked up once. */
    private static final class MemberOffset {
        static final java.lang.reflect.Method METHOD;

        static {
            try {
                METHOD = Class.forName("jnr.ffi.Struct$AbstractMember").getDeclaredMethod("offset");
                METHOD.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private Caller caller() {
        FuseContext c = getContext();
        return new Caller((int) c.uid.get(), (int) c.gid.get(), (int) c.pid.get());
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        OpenFile f = handles.get(fi.fh.get());
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            long[] at = {0};
            return f.transferTo(offset, (int) size, (src, off, len) -> {
                buf.put(at[0], src, off, len);
                at[0] += len;
            });
        } catch (Throwable e) {
            return fail("read", path + " at offset " + offset, e);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        OpenFile f = handles.remove(fi.fh.get());
        if (f != null) {
            try {
                f.close();
            } catch (Throwable e) {
                return fail("release", path, e);
            }
        }
        return 0;
    }

    @Override
    public int statfs(String path, Statvfs st) {
        try {
            NativeStructs.fill(st, tree.statistics());
            return 0;
        } catch (Throwable e) {
            return fail("statfs", path, e);
        }
    }

    /** libfuse 2's high-level API hides the kernel's node ids: nothing to address the kernel by. */
    @Override
    public boolean invalidateKernelCaches() {
        return false;
    }

    @Override
    public void closeHandles() {
        handles.closeAll();
    }

    private int fail(String operation, String path, Throwable e) {
        return -ErrnoMapping.reported(operation, path, e, listener);
    }

    private static void fill(FileStat st, NodeAttributes a) {
        NativeStructs.fill(st, a);
    }
}
