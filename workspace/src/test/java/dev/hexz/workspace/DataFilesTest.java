package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.Errno;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Upper data files go with their file: a file that leaves the tree (removed, renamed over,
 * restored, reset) does not keep its written bytes on disk until the next commit, and replay
 * gives the same tree whether a crash came before or after such a deletion (workspace/STATE.md,
 * "Data files").
 */
class DataFilesTest extends WorkspaceTestSupport {

    private static final int MIB = 1 << 20;

    /**
     * The data files of the workspace's current generation, by number, with their sizes, once the
     * deletions waiting for the journal's next sync are done (as they are within about a second).
     */
    private static Map<Integer, Long> dataFiles(Workspace w) throws IOException {
        w.overlay().upper().flushDeletions();
        Map<Integer, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(w.overlay().upper().dir().resolve("data"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                out.put(Integer.parseInt(p.getFileName().toString()), Files.size(p));
            }
        }
        return out;
    }

    /** The number of the data file of the file at {@code path} (which has one). */
    private static int dataFileOf(Workspace w, String path) throws IOException {
        int k = w.overlay().resolve(path).content.dataFile();
        assertTrue(k >= 0, path + " has a data file");
        return k;
    }

    /** Data file {@code k}'s path, once the deletions waiting for the journal's sync are done. */
    private static Path dataPath(Workspace w, int k) {
        w.overlay().upper().flushDeletions();
        return w.overlay().upper().dataFile(k);
    }

    /** A removal's data file is deleted only after the journal holding the removal is synced, within ~1 s. */
    @Test
    void aDataFileGoesOnlyAfterItsRemovalIsDurableAndWithinASecond() throws Exception {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        try (Workspace w = open(newWorkspace(base))) {
            create(w.overlay(), "/gone.bin", 0644, random(MIB, 3));
            Path data = w.overlay().upper().dataFile(dataFileOf(w, "/gone.bin"));
            long journalBefore = Files.size(w.overlay().upper().dir().resolve("journal"));
            w.overlay().remove("/gone.bin");
            assertTrue(Files.size(w.overlay().upper().dir().resolve("journal")) > journalBefore, "removal journalled");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(data) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(data), "deleted by the background flush, without an explicit sync");
        }
    }

    /** The measured case: write a big file, rm it, again and again; no dead data files pile up. */
    @Test
    void removingAWrittenFileDeletesItsDataFile() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            byte[] big = random(4 * MIB, 1);
            for (int i = 0; i < 11; i++) {
                create(o, "/out.bin", 0644, big);
                assertEquals(Map.of(dataFileOf(w, "/out.bin"), (long) big.length), dataFiles(w));
                o.remove("/out.bin");
                assertEquals(Map.of(), dataFiles(w), "round " + i);
            }
            // a written base file, and a file in a directory removed after it
            write(o, "/docs/readme.txt", 0, utf8("R"));
            o.makeDirectory("/build", 0755, CALLER);
            create(o, "/build/a.o", 0644, random(10_000, 2));
            assertEquals(2, dataFiles(w).size());
            o.remove("/docs/readme.txt");
            o.remove("/build/a.o");
            o.removeDirectory("/build");
            assertEquals(Map.of(), dataFiles(w));
        }
        try (Workspace w = open(id)) {
            Map<String, Node> expect = baseTree();
            expect.remove("docs/readme.txt");
            assertEquals(expect, tree(w.overlay()));
        }
    }

    /** An unlinked file stays readable and writable through its handles; its data goes with the last one. */
    @Test
    void anUnlinkedOpenFileKeepsItsDataUntilItsLastHandleCloses() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            OpenFile h1 = o.create("/tmp.bin", 0600, O_CREAT | O_RDWR, CALLER);
            h1.write(0, utf8("hello"), 0, 5);
            int k = dataFileOf(w, "/tmp.bin");
            OpenFile h2 = o.open("/tmp.bin", O_RDONLY);
            OverlayNode looked = o.resolve("/tmp.bin");
            o.remove("/tmp.bin");
            assertTrue(Files.exists(dataPath(w, k)), "kept while open");
            h1.write(5, utf8(" world"), 0, 6);
            assertArrayEquals(utf8("hello world"), readAll(h2, 11));
            h1.close();
            assertTrue(Files.exists(dataPath(w, k)), "kept while one handle is open");
            assertArrayEquals(utf8("hello world"), readAll(h2, 11));
            h2.close();
            assertFalse(Files.exists(dataPath(w, k)), "deleted with the last handle");
            assertEquals(Map.of(), dataFiles(w));
            // an open that looked the file up before the removal comes after it: not found
            FsException e = assertThrows(FsException.class, () -> new OverlayHandle(o, looked, false));
            assertEquals(Errno.ENOENT, e.errno(), e.getMessage());

            // first written after its removal: that data file goes with the handle too
            OpenFile h3 = o.create("/later.bin", 0600, O_CREAT | O_RDWR, CALLER);
            o.remove("/later.bin");
            h3.write(0, random(100_000, 3), 0, 100_000);
            assertEquals(1, dataFiles(w).size());
            h3.close();
            assertEquals(Map.of(), dataFiles(w));
        }
        try (Workspace w = open(id)) {
            assertEquals(baseTree(), tree(w.overlay()));
        }
    }

    @Test
    void aRenameOverAWrittenFileDeletesTheVictimsDataFile() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        byte[] saved = random(300_000, 5);
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            create(o, "/doc.txt", 0644, random(500_000, 4));
            int victim = dataFileOf(w, "/doc.txt");
            // save by rename: write a temporary file, move it over the original
            create(o, "/.doc.txt.swp", 0644, saved);
            int kept = dataFileOf(w, "/.doc.txt.swp");
            o.rename("/.doc.txt.swp", "/doc.txt");
            assertEquals(Map.of(kept, (long) saved.length), dataFiles(w));
            assertFalse(Files.exists(dataPath(w, victim)));
            assertArrayEquals(saved, readAll(o, "/doc.txt"));
        }
        try (Workspace w = open(id)) {
            assertArrayEquals(saved, readAll(w.overlay(), "/doc.txt"));
            assertEquals(1, dataFiles(w).size());
        }
    }

    @Test
    void restoreAndResetDeleteDataFiles() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            write(o, "/docs/readme.txt", 0, utf8("R"));
            write(o, "/data/big.bin", 1000, random(200_000, 6));
            create(o, "/data/nested/new.bin", 0644, random(50_000, 7));
            create(o, "/notes.txt", 0644, utf8("notes"));
            assertEquals(4, dataFiles(w).size());
            w.restore(List.of("docs/readme.txt", "notes.txt"), "test");
            assertEquals(2, dataFiles(w).size());
            w.restore(List.of("data"), "test"); // a directory: every written file below it
            assertEquals(Map.of(), dataFiles(w));
            assertEquals(baseTree(), tree(o));

            create(o, "/kept-open.bin", 0644, random(70_000, 8));
            write(o, "/run.sh", 0, utf8("#?"));
            OpenFile h = o.open("/kept-open.bin", O_RDWR);
            Path oldData = o.upper().dir().resolve("data");
            w.reset("test");
            assertFalse(Files.exists(oldData), "the old generation is deleted");
            assertEquals(Map.of(), dataFiles(w));
            h.write(0, utf8("still"), 0, 5); // the handle still has its bytes
            byte[] b = new byte[5];
            assertEquals(5, h.read(0, b, 0, 5));
            assertArrayEquals(utf8("still"), b);
            h.close();
            assertEquals(Map.of(), dataFiles(w));
            assertEquals(baseTree(), tree(o));
        }
        try (Workspace w = open(id)) {
            assertEquals(baseTree(), tree(w.overlay()));
        }
    }

    /**
     * A crash between a removal's record and its data file's deletion leaves the data file:
     * replay gives the tree without the file, the next open deletes the leftover, and its number
     * is not given to another file.
     */
    @Test
    void aCrashBeforeTheDeletionReplaysWithoutTheFileAndDeletesTheLeftover() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> live;
        byte[] doomed = random(1 * MIB, 9);
        int k;
        Path leftover;
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            create(o, "/doomed.bin", 0644, doomed);
            k = dataFileOf(w, "/doomed.bin");
            leftover = dataPath(w, k);
            create(o, "/stays.bin", 0644, random(1000, 10));
            o.remove("/doomed.bin");
            live = ReplayTest.fullTree(o);
        }
        // the crash: the record is in the journal, the data file was not deleted yet
        Files.write(leftover, doomed);
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            assertFalse(Files.exists(leftover), "the open deleted the unused data file");
            create(w.overlay(), "/new.bin", 0644, utf8("new"));
            assertNotEquals(k, dataFileOf(w, "/new.bin"), "a number the journal names is not given again");
            live = ReplayTest.fullTree(w.overlay());
        }
        // again with the leftover back: replay must not take it for /new.bin's or anyone's bytes
        Files.write(leftover, doomed);
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            assertArrayEquals(utf8("new"), readAll(w.overlay(), "/new.bin"));
        }
    }

    /**
     * The other order: the data files are gone while the journal still has the writes before the
     * removals (of files removed, renamed over, restored, in a removed directory): replay needs
     * none of them.
     */
    @Test
    void writesBeforeARemovalReplayWithoutTheirDataFiles() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> live;
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            create(o, "/gone.bin", 0644, random(100_000, 11));
            write(o, "/gone.bin", 50_000, random(100_000, 12));
            o.truncate("/gone.bin", 10);
            o.remove("/gone.bin");
            o.makeDirectory("/d", 0755, CALLER);
            create(o, "/d/x", 0644, random(20_000, 13));
            o.rename("/d/x", "/d/y");
            o.remove("/d/y");
            o.removeDirectory("/d");
            create(o, "/target", 0644, random(30_000, 14));
            create(o, "/source", 0644, random(40_000, 15));
            o.rename("/source", "/target");
            write(o, "/target", 39_000, random(2000, 16)); // the survivor's data file is the source's
            write(o, "/docs/guide.md", 3, utf8("GUIDE"));
            w.restore(List.of("docs"), "test");
            create(o, "/gone.bin", 0644, utf8("same name, other file"));
            live = ReplayTest.fullTree(o);
            assertEquals(2, dataFiles(w).size(), dataFiles(w).toString());
        }
        List<Integer> journalled = Journal.read(layout().upper(id, 0).resolve("journal")).stream()
                .filter(r -> r instanceof JournalRecord.Write).map(r -> ((JournalRecord.Write) r).dataFile()).distinct()
                .toList();
        assertEquals(6, journalled.size(), "every file written had its own data file: " + journalled);
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            assertEquals(2, dataFiles(w).size());
        }
    }

    /** O_TRUNC and truncation cut the data file too; the replay shows the same bytes, cut or not. */
    @Test
    void truncationReleasesTheDataFilesBytesAndReplaysTheSame() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        byte[] big = random(4 * MIB, 17);
        Map<String, String> live;
        int k;
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            for (int i = 0; i < 5; i++) {
                create(o, "/log", 0644, new byte[0]);
                rewrite(o, "/log", big); // "> log", again and again
                rewrite(o, "/log", utf8("short " + i));
                k = dataFileOf(w, "/log");
                assertEquals(Map.of(k, 7L), dataFiles(w));
                o.remove("/log");
            }
            create(o, "/log", 0644, big);
            k = dataFileOf(w, "/log");
            o.truncate("/log", 0); // by path, no handle open
            assertEquals(0, Files.size(dataPath(w, k)));
            write(o, "/log", 100, utf8("after a hole"));
            try (OpenFile h = o.open("/log", O_RDWR)) {
                h.write(0, random(MIB, 18), 0, MIB);
                h.truncate(200); // through a handle
            }
            o.truncate("/log", 5000); // longer again: zeros past 200
            assertEquals(200, Files.size(dataPath(w, k)));
            write(o, "/docs/readme.txt", 0, random(3000, 19)); // a base file, past its end
            o.truncate("/docs/readme.txt", 4);
            live = ReplayTest.fullTree(o);
        }
        byte[] log;
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            log = readAll(w.overlay(), "/log");
        }
        assertEquals(5000, log.length);
        for (int i = 200; i < log.length; i++) {
            assertEquals(0, log[i], "byte " + i);
        }
        // a crash between a truncation's record and the cut: the data file still has old bytes past it
        List<Path> cut;
        try (Workspace w = open(id)) {
            cut = List.of(dataPath(w, dataFileOf(w, "/log")), dataPath(w, dataFileOf(w, "/docs/readme.txt")));
        }
        for (Path p : cut) {
            byte[] kept = Files.readAllBytes(p);
            byte[] uncut = random(3 * MIB, 20);
            System.arraycopy(kept, 0, uncut, 0, kept.length);
            Files.write(p, uncut);
        }
        try (Workspace w = open(id)) {
            assertEquals(live, ReplayTest.fullTree(w.overlay()));
            assertArrayEquals(log, readAll(w.overlay(), "/log"));
        }
    }

    /** After removals of every kind, a commit holds exactly the tree, and the next generation starts empty. */
    @Test
    void aCommitAfterRemovalsHoldsTheTree() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            create(o, "/a.bin", 0644, random(200_000, 21));
            create(o, "/b.bin", 0644, random(300_000, 22));
            o.rename("/b.bin", "/a.bin");
            create(o, "/c.bin", 0644, random(10_000, 23));
            o.remove("/c.bin");
            write(o, "/docs/readme.txt", 0, utf8("R"));
            w.restore(List.of("docs/readme.txt"), "test");
            write(o, "/run.sh", 0, utf8("#?"));
            OpenFile unlinked = o.open("/run.sh", O_RDWR);
            o.remove("/run.sh");
            rewrite(o, "/docs/guide.md", utf8("short"));
            Map<String, Node> expect = tree(o);
            Path out = tmp.resolve("c1.hxz");
            w.commit(null, out, null, "test");
            try (ArchiveReader a = ArchiveReader.open(out)) {
                assertEquals(expect, tree(a));
            }
            unlinked.write(0, utf8("!!"), 0, 2); // into the deleted generation's data file, still open
            unlinked.close();
            assertEquals(Map.of(), dataFiles(w));
            assertEquals(expect, tree(o));
        }
        try (Workspace w = open(id)) {
            assertTrue(w.status().clean());
        }
    }
}
