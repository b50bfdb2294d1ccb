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
}
