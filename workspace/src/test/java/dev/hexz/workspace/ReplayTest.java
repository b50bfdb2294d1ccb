package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.fuse.DirectoryEntry;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.MountedTree;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A workspace closed and opened again shows exactly the tree and the status it had. */
class ReplayTest extends WorkspaceTestSupport {

    /** Every node with every attribute but its inode number, and a digest of its bytes or target. */
    static Map<String, String> fullTree(MountedTree t) throws IOException {
        Map<String, String> out = new TreeMap<>();
        walk(t, "/", out);
        return out;
    }

    private static void walk(MountedTree t, String dir, Map<String, String> out) throws IOException {
        for (DirectoryEntry e : t.list(dir)) {
            String p = dir.equals("/") ? "/" + e.name() : dir + "/" + e.name();
            NodeAttributes a = e.attributes();
            String content = switch (a.kind()) {
                case FILE -> digest(readAll(t, p));
                case SYMLINK -> t.readSymlink(p);
                case DIRECTORY -> "";
            };
            out.put(p, a.kind() + " " + Integer.toOctalString(a.permissions()) + " size=" + a.size() + " mtime="
                    + a.mtimeSeconds() + "." + a.mtimeNanos() + " links=" + a.links() + " owner=" + a.uid() + ":"
                    + a.gid() + " " + content);
            if (a.kind() == dev.hexz.fuse.NodeKind.DIRECTORY) {
                walk(t, p, out);
            }
        }
    }

    /** Many kinds of change, some undone, some refused. */
    static void makeChanges(Workspace w) throws IOException {
        Overlay o = w.overlay();
        write(o, "/data/big.bin", 1_000_000, random(4096, 1));
        write(o, "/data/big.bin", BIG - 10, random(100, 2)); // grows the file
        o.truncate("/docs/guide.md", 5);
        o.truncate("/docs/guide.md", 50);
        create(o, "/notes.txt", 0640, utf8("notes"));
        o.makeDirectory("/new", 0700, CALLER);
        o.makeDirectory("/new/inner", 0755, CALLER);
        create(o, "/new/inner/x.bin", 0600, random(70_000, 3));
        o.makeSymlink("../notes.txt", "/new/to-notes", CALLER);
        o.rename("/data/nested", "/new/nested"); // a base directory moves
        write(o, "/new/nested/deep.txt", 0, utf8("DEEP"));
        o.remove("/link");
        o.makeSymlink("run.sh", "/link", CALLER); // same name, other target
        o.remove("/docs/readme.txt");
        o.removeDirectory("/empty");
        o.changeMode("/run.sh", 0700);
        o.changeMode("/docs", 0711);
        o.changeOwner("/notes.txt", 99, 98);
        o.setModificationTime("/run.sh", 1_650_000_000L, 7);
        create(o, "/gone-again", 0644, utf8("short-lived"));
        o.remove("/gone-again");
        // save by rename: a temp file written, then moved over the original
        create(o, "/docs/.guide.md.swp", 0644, utf8("# saved by rename\n"));
        o.rename("/docs/.guide.md.swp", "/docs/guide.md");
        // an unlinked file written through its handle leaves nothing to replay
        try (OpenFile h = o.create("/scratch", 0600, O_CREAT | O_RDWR, CALLER)) {
            o.remove("/scratch");
            h.write(0, utf8("scratch"), 0, 7);
        }
        // refusals journal nothing
        assertThrows(FsException.class, () -> o.create("/notes.txt", 0644, O_CREAT, CALLER));
        assertThrows(FsException.class, () -> o.makeDirectory("/new", 0755, CALLER));
        assertThrows(FsException.class, () -> o.rename("/new", "/new/inner/new"));
        assertThrows(FsException.class, () -> o.removeDirectory("/new"));
    }

    @Test
    void reopeningRebuildsTheSameTreeAndStatus() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> before;
        WorkspaceStatus statusBefore;
        try (Workspace w = open(id)) {
            makeChanges(w);
            before = fullTree(w.overlay());
            statusBefore = w.status();
            assertFalse(statusBefore.clean());
        }
        assertTrue(before.containsKey("/new/nested/deep.txt"));
        assertFalse(before.containsKey("/data/nested"));
        assertFalse(before.containsKey("/scratch"));
        assertTrue(before.get("/link").endsWith(" run.sh"));
        try (Workspace w = open(id)) {
            assertEquals(before, fullTree(w.overlay()));
            assertEquals(statusBefore, w.status());
        }
        // and again, after more changes on top of the replayed tree
        try (Workspace w = open(id)) {
            w.overlay().rename("/new", "/newer");
            w.restore(List.of("docs/readme.txt", "data/nested"), "test");
            before = fullTree(w.overlay());
            statusBefore = w.status();
        }
        assertTrue(before.containsKey("/docs/readme.txt"));
        assertTrue(before.containsKey("/data/nested/deep.txt"));
        assertTrue(before.containsKey("/newer/nested/deep.txt"), "the moved copy stays where it went");
        try (Workspace w = open(id)) {
            assertEquals(before, fullTree(w.overlay()));
            assertEquals(statusBefore, w.status());
        }
    }

    /**
     * A damaged record with valid ones after it is not what a crash leaves: the workspace refuses
     * to open, with one error naming the journal and the offset, and cuts nothing, so it opens
     * with every change once the journal is put right.
     */
    @Test
    void aCorruptRecordInTheMiddleOfTheJournalRefusesToOpenAndLosesNothing() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> before;
        try (Workspace w = open(id)) {
            makeChanges(w);
            before = fullTree(w.overlay());
        }
        Path journal = layout().upper(id, 0).resolve("journal");
        List<JournalRecord> records = Journal.read(journal);
        assertTrue(records.size() > 10, records.toString());
        long at = JournalTest.offsetOf(records, records.size() / 2);
        byte[] intact = java.nio.file.Files.readAllBytes(journal);
        byte[] damaged = intact.clone();
        damaged[(int) at + 9] ^= 0x20;
        java.nio.file.Files.write(journal, damaged);
        for (int attempt = 0; attempt < 2; attempt++) {
            WorkspaceStateException e = assertThrows(WorkspaceStateException.class, () -> open(id));
            assertTrue(e.getMessage().startsWith(journal + ": journal record at byte " + at + " "), e.getMessage());
            assertTrue(e.getMessage().contains("hexz workspace remove --force"), e.getMessage());
            assertArrayEquals(damaged, java.nio.file.Files.readAllBytes(journal), "nothing is cut");
            assertFalse(WorkspaceLock.isHeld(layout().lock(id)), "a refused open lets go of the lock");
        }
        java.nio.file.Files.write(journal, intact);
        try (Workspace w = open(id)) {
            assertEquals(before, fullTree(w.overlay()));
        }
    }

    @Test
    void aRefusedRestoreLeavesTheWorkspaceOpenable() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> before;
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            // the base's directory data/ is now a file: data/big.bin cannot be put back under it
            o.rename("/data", "/olddata");
            create(o, "/data", 0644, utf8("a file now"));
            assertThrows(FsException.class, () -> w.restore(List.of("data/big.bin"), "test"));
            assertThrows(FsException.class, () -> w.restore(List.of("/"), "test"));
            before = fullTree(o);
        }
        try (Workspace w = open(id)) {
            assertEquals(before, fullTree(w.overlay()));
        }
    }

    @Test
    void resetDropsEveryChangeForGood() throws IOException {
        Path archive = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(archive);
        Map<String, String> pristine;
        try (Workspace w = open(id)) {
            pristine = fullTree(w.overlay());
            makeChanges(w);
            w.reset("test");
            assertEquals(pristine, fullTree(w.overlay()));
            assertTrue(w.status().clean());
            assertEquals(1, w.state().generation());
            assertFalse(java.nio.file.Files.exists(layout().upper(id, 0)), "the old upper layer is deleted");
            create(w.overlay(), "/after-reset", 0644, utf8("x"));
        }
        // handles opened before a reset are on files that left the tree: they still read and write them
        try (Workspace w = open(id)) {
            OpenFile written = w.overlay().open("/docs/readme.txt", O_RDWR);
            OpenFile untouched = w.overlay().open("/docs/guide.md", O_RDWR);
            try {
                written.write(0, utf8("X"), 0, 1);
                w.reset("test");
                written.write(1, utf8("Y"), 0, 1);
                untouched.write(0, utf8("Z"), 0, 1);
                assertArrayEquals(utf8("XYad me\n"), readAll(written, 8));
                byte[] z = new byte[2];
                assertEquals(2, untouched.read(0, z, 0, 2));
                assertArrayEquals(utf8("Z "), z);
            } finally {
                written.close();
                untouched.close();
            }
            assertEquals(pristine, fullTree(w.overlay()));
            assertTrue(w.status().clean());
        }
        try (Workspace w = open(id)) {
            Map<String, String> now = fullTree(w.overlay());
            assertFalse(now.containsKey("/after-reset"));
            assertEquals(pristine, now);
        }
    }

    @Test
    void changesAfterAResetReplay() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        Map<String, String> pristine;
        try (Workspace w = open(id)) {
            pristine = fullTree(w.overlay());
            makeChanges(w);
            w.reset("test");
            create(w.overlay(), "/after-reset", 0644, utf8("x"));
        }
        try (Workspace w = open(id)) {
            Map<String, String> now = fullTree(w.overlay());
            assertTrue(now.containsKey("/after-reset"));
            now.remove("/after-reset");
            assertEquals(pristine, now);
            assertEquals(List.of("after-reset"),
                    w.status().changes().stream().map(FileChange::path).toList());
        }
    }
}
