package dev.hexz.fuse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Background work of a server (a daemon indexing its base in the block store) that must not slow
 * what a user waits for (a {@code hexz status} answering in under 200 ms on 2 cores). Java has
 * no thread priorities on Linux, so the calling thread's own nice value is raised with
 * setpriority(2), which on Linux applies to one thread when given its thread id. Lives here
 * because this module already binds libc through jnr-ffi.
 */
public final class BackgroundThreads {

    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;

    /** The part of libc this class calls. */
    public interface LibC {
        int setpriority(int which, int who, int prio);
    }

    private BackgroundThreads() {
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
            LibC libc = JnrLibraries.loader(LibC.class).failImmediately().load("c");
            return libc.setpriority(PRIO_PROCESS, tid, LOWEST) == 0;
        } catch (Exception | LinkageError e) {
            return false; // the work still runs, at normal priority
        }
    }
}
