package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.fuse.OpenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Changes made at the same time by several threads, as FUSE makes them: whatever order they take
 * effect in, the journal records them in that order, so a replay rebuilds the very tree that was
 * live.
 */
class ConcurrentChangesTest extends WorkspaceTestSupport {

    private static final int WRITES_PER_FILE = 1500;

    /**
     * Writers write (and now and then truncate) files through handles they keep open, while
     * another thread renames those files and their directories back and forth and swaps two of
     * them by name. A write journalled under a name its file had already left would make the
     * replay fail, or land on the file that took the name.
     */
    @Test
    void writesRacingRenamesReplayToTheTreeThatWasLive() throws Exception {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> live;
        WorkspaceStatus liveStatus;
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            o.makeDirectory("/a", 0755, CALLER);
            create(o, "/a/one", 0644, utf8("one"));
            create(o, "/a/two", 0644, utf8("two"));
            // files of the base too: their directories are base directories that move
            List<OpenFile> handles = new ArrayList<>();
            for (String p : List.of("/a/one", "/a/two", "/docs/readme.txt", "/data/nested/deep.txt")) {
                handles.add(o.open(p, O_RDWR));
            }
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger writersLeft = new AtomicInteger(handles.size());
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < handles.size(); i++) {
                OpenFile h = handles.get(i);
                long seed = 100 + i;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        Random rnd = new Random(seed);
                        for (int k = 0; k < WRITES_PER_FILE; k++) {
                            if (k % 97 == 96) {
                                h.truncate(rnd.nextInt(300_000));
                            } else {
                                byte[] b = random(1 + rnd.nextInt(32 << 10), rnd.nextLong());
                                assertEquals(b.length, h.write(rnd.nextInt(400_000), b, 0, b.length));
                            }
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    } finally {
                        if (writersLeft.decrementAndGet() == 0) {
                            writing.set(false);
                        }
                    }
                }, "writer-" + i));
            }
            AtomicInteger renames = new AtomicInteger();
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    String a = "/a";
                    String data = "/data";
                    while (writing.get()) {
                        String a2 = a.equals("/a") ? "/b/c" : "/a";
                        if (a2.equals("/b/c")) {
                            o.makeDirectory("/b", 0755, CALLER);
                        }
                        o.rename(a, a2);
                        if (a.equals("/b/c")) {
                            o.removeDirectory("/b");
                        }
                        a = a2;
                        // swap the two files' names through a third
                        o.rename(a + "/one", a + "/tmp");
                        o.rename(a + "/two", a + "/one");
                        o.rename(a + "/tmp", a + "/two");
                        // an explicit mtime races the writes' own: the later in the journal wins, live and replayed
                        o.setModificationTime(a + "/one", 1_700_000_000L + renames.get(), 0);
                        String data2 = data.equals("/data") ? "/docs/data" : "/data";
                        o.rename(data, data2);
                        data = data2;
                        o.rename("/docs/readme.txt", "/readme.txt");
                        o.rename("/readme.txt", "/docs/readme.txt");
                        renames.addAndGet(7);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "renamer"));
            threads.forEach(Thread::start);
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            for (OpenFile h : handles) {
                h.close();
            }
            if (!failures.isEmpty()) {
                AssertionError e = new AssertionError("a thread failed");
                failures.forEach(e::addSuppressed);
                throw e;
            }
            assertTrue(renames.get() > 100, "renames ran alongside the writes: " + renames.get());
            live = ReplayTest.fullTree(o);
            liveStatus = w.status();
        }
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            assertEquals(liveStatus, w.status());
        }
    }
}
