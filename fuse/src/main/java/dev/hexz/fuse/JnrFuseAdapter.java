package dev.hexz.fuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * The jnr-fuse (libfuse 2, high-level, multi-threaded) side of a mount: turns each callback
 * into a call on the {@link MountedTree} and every exception into a negated errno. Only the
 * operations a read-only tree needs are implemented; jnr-fuse leaves the others unregistered
 * (ENOSYS), and the {@code ro} mount makes the kernel answer writes with EROFS before they get
 * here.
 */
final class JnrFuseAdapter extends FuseStubFS {

    private final MountedTree tree;
    private final MountListener listener;
    private final ConcurrentHashMap<Long, OpenFile> handles = new ConcurrentHashMap<>();
    private final AtomicLong nextHandle = new AtomicLong();
    private final CountDownLatch initialized = new CountDownLatch(1);
    private final ThreadLocal<FileStat> direntStats;
    /**
     * Where readdir writes each name (NUL-terminated) for libfuse's filler: a direct buffer,
     * which jnr passes by address, where a heap buffer would be copied to a temporary native
     * one per name (measured: that made a cold 'find' over 20,000 files ~3× squashfuse's time).
     */
    private final ThreadLocal<ByteBuffer> direntNames =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(NAME_BUFFER));
    private static final int NAME_BUFFER = 4096 + 1;

    JnrFuseAdapter(MountedTree tree, MountListener listener) {
        this.tree = tree;
        this.listener = listener;
        Runtime rt = Runtime.getSystemRuntime();
        this.direntStats = ThreadLocal.withInitial(() -> {
            FileStat st = new FileStat(rt);
            st.useMemory(Memory.allocateDirect(rt, Struct.size(st), true));
            return st;
        });
    }

    CountDownLatch initialized() {
        return initialized;
    }

    /**
     * Mounts at {@code mountPoint} and serves on {@code threads} Java threads (see
     * {@link FuseLoop}) until the file system is unmounted; returns libfuse's verdict.
     */
    int serve(Path mountPoint, List<String> options, int threads) {
        List<String> args = new java.util.ArrayList<>();
        args.add(getFSName());
        args.add("-f");
        args.add(mountPoint.toString());
        args.addAll(options);
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
            filler.apply(buf, name(names, "."), stPtr, 0);
            filler.apply(buf, name(names, ".."), null, 0);
            for (DirectoryEntry e : entries) {
                fill(st, e.attributes());
                if (filler.apply(buf, name(names, e.name()), stPtr, 0) != 0) {
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
            OpenFile f = tree.open(path, fi.flags.get());
            long h = nextHandle.incrementAndGet();
            handles.put(h, f);
            fi.fh.set(h);
            return 0;
        } catch (Throwable e) {
            return fail("open", path, e);
        }
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
            FsStatistics s = tree.statistics();
            st.f_bsize.set(s.blockSize());
            st.f_frsize.set(s.blockSize());
            st.f_blocks.set(s.totalBlocks());
            st.f_bfree.set(s.freeBlocks());
            st.f_bavail.set(s.availableBlocks());
            st.f_files.set(s.files());
            st.f_ffree.set(s.freeFiles());
            st.f_favail.set(s.freeFiles());
            st.f_namemax.set(s.maxNameLength());
            return 0;
        } catch (Throwable e) {
            return fail("statfs", path, e);
        }
    }

    /** Closes the handles the kernel never released (the mount went away under them). */
    void closeHandles() {
        for (Long h : List.copyOf(handles.keySet())) {
            OpenFile f = handles.remove(h);
            if (f != null) {
                try {
                    f.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing at teardown: nothing left to tell
                }
            }
        }
    }

    private int fail(String operation, String path, Throwable e) {
        int errno = ErrnoMapping.errnoOf(e);
        if (errno == Errno.EIO) {
            listener.operationFailed(operation, path, e);
        }
        return -errno;
    }

    /** {@code name} as the C string libfuse reads, in {@code target} (cut at 4096 bytes, beyond any NAME_MAX). */
    private static ByteBuffer name(ByteBuffer target, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        target.clear();
        target.put(utf8, 0, Math.min(utf8.length, NAME_BUFFER - 1));
        target.put((byte) 0);
        target.flip();
        return target;
    }

    private static void fill(FileStat st, NodeAttributes a) {
        st.st_ino.set(a.inode());
        st.st_mode.set(a.mode());
        st.st_nlink.set(a.links());
        st.st_uid.set(a.uid());
        st.st_gid.set(a.gid());
        st.st_size.set(a.size());
        st.st_blksize.set(4096);
        st.st_blocks.set(a.blocks512());
        st.st_mtim.tv_sec.set(a.mtimeSeconds());
        st.st_mtim.tv_nsec.set(a.mtimeNanos());
        st.st_atim.tv_sec.set(a.mtimeSeconds());
        st.st_atim.tv_nsec.set(a.mtimeNanos());
        st.st_ctim.tv_sec.set(a.mtimeSeconds());
        st.st_ctim.tv_nsec.set(a.mtimeNanos());
    }
}
