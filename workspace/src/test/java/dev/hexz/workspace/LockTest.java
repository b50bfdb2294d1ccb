package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** One holder per workspace, named when someone else is refused; one operation at a time. */
class LockTest extends WorkspaceTestSupport {

    private static Process probe(Path home, String id, String mode) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), LockProbe.class.getName(), home.toString(), id, mode)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static String firstLine(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return r.readLine();
    }

    private static void awaitExit(Process p) throws InterruptedException {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("lock probe did not finish");
        }
    }

    @Test
    void aSecondOpenInThisProcessIsRefusedNamingTheHolder() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        String me = "pid " + ProcessHandle.current().pid() + " (test)";
        try (Workspace w = open(id)) {
            for (int i = 0; i < 2; i++) { // a refusal must not drop the holder's lock
                WorkspaceLockedException e = assertThrows(WorkspaceLockedException.class, () -> open(id));
                assertTrue(e.getMessage().contains(me), e.getMessage());
                assertTrue(e.getMessage().contains("workspace test"), e.getMessage());
            }
            assertTrue(WorkspaceLock.isHeld(layout().lock(id)));
            assertTrue(w.status().clean());
        }
        try (Workspace w = open(id)) {
            assertNotNull(w.state());
        }
    }

    @Test
    void anotherProcessIsRefusedAndADeadHolderBlocksNobody() throws Exception {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        // this JVM holds it: a child is refused, told our pid
        try (Workspace w = open(id)) {
            Process p = probe(home, id, "try");
            String line = firstLine(p);
            awaitExit(p);
            assertNotNull(line);
            assertTrue(line.startsWith("LOCKED "), line);
            assertTrue(line.contains("pid " + ProcessHandle.current().pid() + " (test)"), line);
        }
        // a child holds it: we are refused, told its pid; once it is killed the kernel frees the lock
        Process holder = probe(home, id, "hold");
        try {
            String line = firstLine(holder);
            assertNotNull(line);
            assertTrue(line.startsWith("HELD "), line);
            long pid = Long.parseLong(line.substring(5).trim());
            assertEquals(holder.pid(), pid);
            WorkspaceLockedException e = assertThrows(WorkspaceLockedException.class, () -> open(id));
            assertTrue(e.getMessage().contains("pid " + pid + " (lock probe)"), e.getMessage());
            assertTrue(WorkspaceLock.isHeld(layout().lock(id)));
        } finally {
            holder.destroyForcibly();
            awaitExit(holder);
        }
        try (Workspace w = open(id)) {
            assertTrue(w.status().clean());
        }
        // and a child can open it once we let go
        Process p = probe(home, id, "try");
        String line = firstLine(p);
        awaitExit(p);
        assertEquals("OPENED", line);
        assertTrue(!Files.exists(layout().lock(id).resolveSibling("lock.holder")), "the holder file goes with the lock");
    }

    @Test
    void anOperationRunningRefusesAnotherNamingIt() throws Exception {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            create(w.overlay(), "/new.txt", 0644, utf8("new"));
            ReentrantLock operation = operationLock(w);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread first;
            // holding the tree frozen keeps the first commit inside its operation, deterministically
            try (AutoCloseable frozen = w.overlay().freeze()) {
                first = new Thread(() -> {
                    try {
                        result.set(w.commit("first", tmp.resolve("first.hxz"), null, "hexz commit (pid 1)"));
                    } catch (Throwable t) {
                        result.set(t);
                    }
                }, "first-commit");
                first.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!operation.isLocked()) {
                    assertTrue(System.nanoTime() < deadline, "the first commit never started");
                    assertTrue(first.isAlive() || result.get() != null);
                    Thread.sleep(1);
                }
                WorkspaceLockedException e = assertThrows(WorkspaceLockedException.class,
                        () -> w.commit("second", tmp.resolve("second.hxz"), null, "the second"));
                assertTrue(e.getMessage().contains("hexz commit (pid 1)"), e.getMessage());
                assertTrue(e.getMessage().contains("busy"), e.getMessage());
                assertThrows(WorkspaceLockedException.class, () -> w.reset("a reset"));
                assertThrows(WorkspaceLockedException.class, () -> w.restore(List.of("run.sh"), "a restore"));
            }
            first.join(TimeUnit.SECONDS.toMillis(60));
            Object r = result.get();
            if (r instanceof Throwable t) {
                throw new AssertionError("the first commit failed", t);
            }
            assertEquals(tmp.resolve("first.hxz"), ((CommitResult) r).archive());
            assertTrue(!Files.exists(tmp.resolve("second.hxz")));
            assertTrue(w.status().clean());
            // the refused ones left the workspace usable
            create(w.overlay(), "/after.txt", 0644, utf8("after"));
            assertEquals(tmp.resolve("second.hxz"), w.commit(null, tmp.resolve("second.hxz"), null, "x").archive());
        }
    }

    private static ReentrantLock operationLock(Workspace w) throws ReflectiveOperationException {
        var f = Workspace.class.getDeclaredField("operation");
        f.setAccessible(true);
        return (ReentrantLock) f.get(w);
    }
}
