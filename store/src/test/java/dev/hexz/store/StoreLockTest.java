package dev.hexz.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes and one store, for real: a child JVM holds the store; this one waits for it,
 * gives up naming it, or gets the store as soon as the child is killed (RocksDB's lock is an
 * fcntl lock, which the kernel drops with its process, so a killed holder leaves nothing behind).
 */
class StoreLockTest {

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "child " + p.pid() + " did not die");
        }
    }

    /** Starts {@code StoreHolderMain mode dir} and returns once it has said "ready". */
    private Child start(String mode, Path dir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreHolderMain.class.getName(), mode, dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        children.add(p);
        Child c = new Child(p);
        c.await("ready", Duration.ofSeconds(60));
        return c;
    }

    /** A child and the lines it printed. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the child died: no more lines
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        void await(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return;
                }
                if (line == null && !process.isAlive()) {
                    fail("child exited with " + process.exitValue() + " before saying '" + prefix + "'");
                }
            }
            fail("child did not say '" + prefix + "' within " + timeout);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSecondProcessWaitsThenGivesUpNamingTheHolder() throws Exception {
        Path dir = tmp.resolve("store");
        Child child = start("hold", dir);
        long start = System.nanoTime();
        StoreLockedException e = assertThrows(StoreLockedException.class,
                () -> RocksBlockStore.open(dir, Duration.ofSeconds(1)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= 1_000_000_000L, "gave up after " + waited / 1_000_000 + " ms");
        assertTrue(waited < 20_000_000_000L);
        assertEquals(child.process.pid(), e.holder().orElseThrow().pid());
        assertTrue(e.getMessage().contains("is in use by pid " + child.process.pid() + " (StoreHolderMain hold) since "),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("gave up after waiting 1 s, try again when it has finished"), e.getMessage());
    }

    @Test
    void aKilledHolderLeavesNoLockBehind() throws Exception {
        Path dir = tmp.resolve("store");
        Child child = start("hold", dir);
        long pid = child.process.pid();
        child.kill();
        // its owner file is still there, naming a dead process ...
        assertEquals(pid, StoreOwner.read(dir).orElseThrow().pid());
        assertFalse(StoreOwner.read(dir).orElseThrow().alive());
        // ... and does not stop anyone: the store opens at once
        try (RocksBlockStore store = RocksBlockStore.open(dir, Duration.ZERO)) {
            assertEquals(ProcessHandle.current().pid(), StoreOwner.read(dir).orElseThrow().pid());
            assertEquals(0, store.stats().archives());
        }
    }

    @Test
    void aSecondProcessThatWaitsLongEnoughGetsTheStore() throws Exception {
        Path dir = tmp.resolve("store");
        Child child = start("hold", dir);
        CompletableFuture<RocksBlockStore> opening = CompletableFuture.supplyAsync(() -> {
            try {
                return RocksBlockStore.open(dir, Duration.ofSeconds(60));
            } catch (StoreException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(500);
        assertFalse(opening.isDone(), "the store was opened while another process held it");
        child.kill();
        try (RocksBlockStore store = opening.get(30, TimeUnit.SECONDS)) {
            assertEquals(0, store.stats().archives());
        }
    }

    @Test
    void aProcessKilledWhileRecordingLosesNothingRecorded() throws Exception {
        Path dir = tmp.resolve("store");
        Child child = start("write", dir);
        child.await("recorded 2", Duration.ofSeconds(120));
        child.kill();
        try (RocksBlockStore store = RocksBlockStore.open(dir, Duration.ZERO)) {
            List<ArchiveRecord> archives = store.archives();
            assertTrue(archives.size() >= 3, archives.size() + " archives");
            StoreStats s = store.stats();
            // every recorded archive has all its blocks; the one being written when the process died is invisible
            assertEquals(20_000L * archives.size(), s.blockEntries());
            for (int a = 0; a < archives.size(); a++) {
                assertEquals(List.of(new BlockLocation(Fixtures.id(a), 19_999, 1000 + a * 20_000 + 19_999)),
                        store.find(Fixtures.hash(a * 20_000 + 19_999)));
            }
        }
    }
}
