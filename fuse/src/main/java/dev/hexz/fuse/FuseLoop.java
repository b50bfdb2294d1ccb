package dev.hexz.fuse;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.byref.IntByReference;
import jnr.ffi.byref.PointerByReference;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.struct.FuseOperations;

/**
 * libfuse 2's request loop, run on Java threads. {@code fuse_main} would run it on threads of
 * its own, and jffi attaches such a thread to the JVM for each callback and detaches it after
 * (until the thread has made 1000 calls): ~0.4 ms of thread creation per request, which made a
 * sequential read 3.5× slower than squashfuse. Here each worker is a Java thread that calls
 * {@code fuse_session_receive_buf} / {@code fuse_session_process_buf} itself, as libfuse's own
 * multi-threaded loop does, so every callback runs on an attached thread.
 */
final class FuseLoop {

    /** The part of libfuse 2 (2.9 API) the loop calls. */
    public interface LibFuse2 {
        Pointer fuse_setup(int argc, String[] argv, FuseOperations op, @size_t long opSize,
                PointerByReference mountpoint, IntByReference multithreaded, Pointer userData);

        Pointer fuse_get_session(Pointer fuse);

        Pointer fuse_session_next_chan(Pointer session, Pointer chan);

        @size_t long fuse_chan_bufsize(Pointer chan);

        int fuse_session_receive_buf(Pointer session, Pointer buf, Pointer chanRef);

        void fuse_session_process_buf(Pointer session, Pointer buf, Pointer chan);

        int fuse_session_exited(Pointer session);

        void fuse_session_exit(Pointer session);

        void fuse_teardown(Pointer fuse, Pointer mountpoint);
    }

    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** struct fuse_buf (x86-64 and aarch64): size_t size; int flags; void *mem; int fd; off_t pos. */
    private static final int FUSE_BUF_SIZE = 40;

    private static volatile LibFuse2 lib;

    private FuseLoop() {
    }

    static LibFuse2 library() {
        LibFuse2 l = lib;
        if (l == null) {
            synchronized (FuseLoop.class) {
                l = lib;
                if (l == null) {
                    try {
                        l = JnrLibraries.loader(LibFuse2.class).failImmediately().load("fuse");
                    } catch (UnsatisfiedLinkError e) {
                        l = JnrLibraries.loader(LibFuse2.class).failImmediately().load("libfuse.so.2");
                    }
                    lib = l;
                }
            }
        }
        return l;
    }

    /**
     * Mounts (libfuse's {@code fuse_setup}: parses {@code args}, mounts, installs nothing over
     * the JVM's signal handlers) and serves requests on {@code threads} Java threads until the
     * file system is unmounted; then tears down. Returns libfuse's verdict: 0 after a clean
     * unmount, non-zero when mounting failed or the loop broke.
     */
    static int run(String[] args, FuseOperations ops, int threads, String threadName) {
        LibFuse2 l = library();
        Runtime rt = Runtime.getRuntime(l);
        PointerByReference mountpoint = new PointerByReference();
        IntByReference multithreaded = new IntByReference();
        Pointer fuse = l.fuse_setup(args.length, args, ops, Struct.size(ops), mountpoint, multithreaded, null);
        if (fuse == null) {
            return 1;
        }
        Pointer session = l.fuse_get_session(fuse);
        Pointer chan = l.fuse_session_next_chan(session, null);
        long bufSize = l.fuse_chan_bufsize(chan);
        int failures = runWorkers(threads, threadName, () -> work(l, rt, session, chan, bufSize));
        l.fuse_teardown(fuse, mountpoint.getValue());
        return failures == 0 ? 0 : 1;
    }

    /**
     * Runs {@code work} (a receive/process loop returning false when it broke) on
     * {@code threads} Java daemon threads and waits for all of them, whatever interrupts: the
     * loops end when the file system is unmounted, not before. Returns how many broke.
     */
    static int runWorkers(int threads, String threadName, java.util.function.BooleanSupplier work) {
        int[] failures = new int[1];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                if (!work.getAsBoolean()) {
                    synchronized (failures) {
                        failures[0]++;
                    }
                }
            }, threadName + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    // the loop ends when the file system is unmounted, not before
                }
            }
        }
        return failures[0];
    }

    /** One worker: receive a request, process it (the callbacks run here), until the session ends. */
    private static boolean work(LibFuse2 l, Runtime rt, Pointer session, Pointer chan, long bufSize) {
        Pointer data = Memory.allocateDirect(rt, (int) bufSize);
        Pointer buf = Memory.allocateDirect(rt, FUSE_BUF_SIZE, true);
        Pointer chanRef = Memory.allocateDirect(rt, rt.addressSize(), true);
        while (l.fuse_session_exited(session) == 0) {
            buf.putLong(0, bufSize);
            buf.putInt(8, 0);
            buf.putAddress(16, data.address());
            buf.putInt(24, -1);
            buf.putLong(32, 0);
            chanRef.putPointer(0, chan);
            int res = l.fuse_session_receive_buf(session, buf, chanRef);
            if (res == -EINTR || res == -EAGAIN) {
                continue;
            }
            if (res <= 0) {
                if (res < 0) {
                    l.fuse_session_exit(session);
                    return false;
                }
                return true; // ENODEV: unmounted
            }
            l.fuse_session_process_buf(session, buf, chanRef.getPointer(0));
        }
        return true;
    }
}
