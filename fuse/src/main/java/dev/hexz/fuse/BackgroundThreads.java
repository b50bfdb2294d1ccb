package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Background work of a server (a daemon indexing its base in the block store, the JIT compiling
 * hot code) that must not slow what a user waits for (a {@code hexz status} answering in under
 * 200 ms on 2 cores, a read through a mount). Java has no thread priorities on Linux, so a
 * thread's nice value is raised with setpriority(2), which on Linux applies to one thread when
 * given its thread id. Lives here because this module already binds libc through jnr-ffi.
 */
public final class BackgroundThreads {

    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;

    /** The part of libc this class calls. */
    public interface LibC {
        int setpriority(int which, int who, int prio);
    }

    /** What HotSpot's JIT compiler threads' names hold ("C1 CompilerThread0", …; /proc shows 15 characters). */
    static final String COMPILER_THREAD_NAME = " CompilerThre";

    private BackgroundThreads() {
    }

    private static LibC libc() {
        return JnrLibraries.loader(LibC.class).failImmediately().load("c");
    }

    /**
     * Puts this JVM's JIT compiler threads (C1 and C2) at the lowest CPU priority (nice 19):
     * compiling hot code then waits for idle CPU instead of taking it from the threads serving
     * requests. A server of an encrypted archive runs C2 (for the JDK's AES-GCM), and its
     * compilers went on for seconds after its mount was ready: a third of the server's CPU during
     * its first 4,000 random reads, and the slowest of those reads (BENCHMARKS.md). Returns how
     * many threads were lowered (0 where it is not possible).
     */
    public static int lowerPriorityOfJitCompilers() {
        return setNiceOfThreadsNamed(COMPILER_THREAD_NAME, LOWEST);
    }

    /** Sets the nice value of every thread of this process whose name holds {@code part}; returns how many. */
    static int setNiceOfThreadsNamed(String part, int nice) {
        int done = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            LibC libc = libc();
            for (Path task : tasks) {
                String name;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                if (name.contains(part)
                        && libc.setpriority(PRIO_PROCESS, Integer.parseInt(task.getFileName().toString()), nice) == 0) {
                    done++;
                }
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            // no /proc or no libc binding: the threads keep their priority
        }
        return done;
    }

    /**
     * Runs the rest of the calling thread at the lowest CPU priority (nice 19). Best effort:
     * returns false where that is not possible (no /proc/thread-self, no libc binding).
     */
    public static boolean lowerPriorityOfThisThread() {
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>": the tid without an arch-specific syscall number
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            int tid = Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
            return libc().setpriority(PRIO_PROCESS, tid, LOWEST) == 0;
        } catch (Exception | LinkageError e) {
            return false; // the work still runs, at normal priority
        }
    }
}
