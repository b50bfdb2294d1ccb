package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The nice value the kernel reports for the thread itself, and that it is the thread's alone. */
class BackgroundThreadsTest {

    /** Field 19 of /proc/thread-self/stat (after the parenthesized name, which may hold spaces). */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]); // f[0] is field 3 (state)
    }

    @Test
    void lowersOnlyTheCallingThread() throws Exception {
        int before = niceOfThisThread();
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean ok = BackgroundThreads.lowerPriorityOfThisThread();
                seen.set(ok ? niceOfThisThread() : "setpriority failed");
            } catch (Exception e) {
                seen.set(e);
            }
        });
        t.start();
        t.join(10_000);
        assertEquals(19, seen.get(), "the background thread's nice value");
        assertEquals(before, niceOfThisThread(), "the caller's thread is untouched");
        assertTrue(before < 19);
    }

    /** Field 19 of /proc/self/task/TID/stat. */
    private static int niceOf(Path task) throws Exception {
        String stat = Files.readString(task.resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    @Test
    void lowersTheJitCompilersThreadsAndNoOther() throws Exception {
        java.util.List<Path> compilers = new java.util.ArrayList<>();
        java.util.Map<Path, Integer> others = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).contains(BackgroundThreads.COMPILER_THREAD_NAME)) {
                    compilers.add(t);
                } else {
                    others.put(t, niceOf(t));
                }
            }
        }
        assertTrue(compilers.size() >= 1, "a JVM has a JIT compiler thread");
        try {
            assertEquals(compilers.size(), BackgroundThreads.lowerPriorityOfJitCompilers());
            for (Path t : compilers) {
                assertEquals(19, niceOf(t), t + " (a compiler thread)");
            }
            for (var e : others.entrySet()) {
                if (Files.exists(e.getKey())) {
                    assertEquals(e.getValue(), niceOf(e.getKey()), e.getKey() + " is not a compiler thread");
                }
            }
        } finally {
            BackgroundThreads.setNiceOfThreadsNamed(BackgroundThreads.COMPILER_THREAD_NAME, 0); // as root; else they stay at 19
        }
    }
}
