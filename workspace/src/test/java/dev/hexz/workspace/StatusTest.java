package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Status names exactly what changed: kind, path and the old path of a rename. */
class StatusTest extends WorkspaceTestSupport {

    private Workspace w;
    private Overlay o;
    private String id;

    @BeforeEach
    void openWorkspace() throws IOException {
        id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        w = open(id);
        o = w.overlay();
    }

    @AfterEach
    void closeWorkspace() throws IOException {
        if (w != null) {
            w.close();
        }
    }

    /** The changes as "KIND path [<- oldPath]", in status order; checks status again after a replay. */
    private List<String> changes() throws IOException {
        List<String> now = show(w.status());
        w.close();
        w = open(id);
        o = w.overlay();
        assertEquals(now, show(w.status()), "status after the journal was replayed");
        return now;
    }

    private static List<String> show(WorkspaceStatus s) {
        List<String> out = new ArrayList<>();
        for (FileChange c : s.changes()) {
            out.add(c.kind() + " " + c.path() + (c.oldPath() == null ? "" : " <- " + c.oldPath()));
        }
        return out;
    }

    private FileChange only() throws IOException {
        List<FileChange> c = w.status().changes();
        assertEquals(1, c.size(), c.toString());
        return c.get(0);
    }

    @Test
    void aFreshWorkspaceIsClean() throws IOException {
        WorkspaceStatus s = w.status();
        assertTrue(s.clean());
        assertEquals(tmp.resolve("base.hxz").toString(), s.baseArchive());
        assertEquals(0, s.changedBytes());
    }

    @Test
    void modifiedFile() throws IOException {
        write(o, "/data/big.bin", 4096 * 100, random(4096, 5));
        assertEquals(List.of("MODIFIED data/big.bin"), changes());
        FileChange c = only();
        assertTrue(c.contentChanged());
        assertEquals(BIG, c.oldSize());
        assertEquals(BIG, c.newSize());
        assertEquals(4096, w.status().changedBytes(), "status reads and counts only what was written");
    }

    @Test
    void addedFile() throws IOException {
        create(o, "/docs/new.txt", 0644, utf8("hello"));
        assertEquals(List.of("ADDED docs/new.txt"), changes());
        FileChange c = only();
        assertFalse(c.directory());
        assertEquals(-1, c.oldSize());
        assertEquals(5, c.newSize());
        assertEquals(0644, c.newMode());
        assertEquals(5, w.status().changedBytes());
    }

    @Test
    void deletedFile() throws IOException {
        o.remove("/docs/guide.md");
        assertEquals(List.of("DELETED docs/guide.md"), changes());
        FileChange c = only();
        assertEquals(-1, c.newMode());
        assertEquals(-1, c.newSize());
    }

    @Test
    void renamedFile() throws IOException {
        o.rename("/run.sh", "/docs/start.sh");
        assertEquals(List.of("RENAMED docs/start.sh <- run.sh"), changes());
        assertFalse(only().contentChanged());
    }

    @Test
    void renamedAndModifiedFile() throws IOException {
        o.rename("/run.sh", "/start.sh");
        write(o, "/start.sh", 0, utf8("#!"));
        assertFalse(only().contentChanged(), "the same bytes written again are no change");
        write(o, "/start.sh", 2, utf8("/usr/bin/env sh\n"));
        assertEquals(List.of("RENAMED start.sh <- run.sh"), changes());
        assertTrue(only().contentChanged());
    }

    @Test
    void aFileRewrittenWithIdenticalBytesIsNotModified() throws IOException {
        rewrite(o, "/docs/readme.txt", baseFiles().get("docs/readme.txt"));
        byte[] big = baseFiles().get("data/big.bin");
        write(o, "/data/big.bin", 12345, java.util.Arrays.copyOfRange(big, 12345, 12345 + 70_000));
        o.truncate("/docs/guide.md", 3);
        rewrite(o, "/docs/guide.md", baseFiles().get("docs/guide.md"));
        assertEquals(List.of(), changes());
        assertTrue(w.status().clean());
    }

    @Test
    void aFileChangedAndChangedBackIsNotModified() throws IOException {
        write(o, "/docs/readme.txt", 0, utf8("X"));
        assertEquals(List.of("MODIFIED docs/readme.txt"), show(w.status()));
        write(o, "/docs/readme.txt", 0, utf8("r"));
        assertEquals(List.of(), changes());
    }

    @Test
    void saveByRenameWithOtherBytesIsModified() throws IOException {
        create(o, "/docs/.readme.txt.tmp", 0644, utf8("new text\n"));
        o.rename("/docs/.readme.txt.tmp", "/docs/readme.txt");
        assertEquals(List.of("MODIFIED docs/readme.txt"), changes());
    }

    @Test
    void saveByRenameWithTheSameBytesIsNoChange() throws IOException {
        create(o, "/docs/.readme.txt.tmp", 0644, baseFiles().get("docs/readme.txt"));
        o.rename("/docs/.readme.txt.tmp", "/docs/readme.txt");
        assertEquals(List.of(), changes());
    }

    @Test
    void saveByRenameWithTheSameBytesButAnotherModeIsAModeChange() throws IOException {
        create(o, "/docs/.readme.txt.tmp", 0600, baseFiles().get("docs/readme.txt"));
        o.rename("/docs/.readme.txt.tmp", "/docs/readme.txt");
        assertEquals(List.of("MODE_CHANGED docs/readme.txt"), changes());
    }

    @Test
    void deleteThenCreateAgainWithTheSameBytesIsNoChange() throws IOException {
        o.remove("/run.sh");
        create(o, "/run.sh", 0755, baseFiles().get("run.sh"));
        assertEquals(List.of(), changes());
    }

    @Test
    void chmodIsAModeChange() throws IOException {
        o.changeMode("/run.sh", 0700);
        o.changeMode("/docs", 0750);
        assertEquals(List.of("MODE_CHANGED docs", "MODE_CHANGED run.sh"), changes());
        FileChange run = w.status().changes().get(1);
        assertEquals(0755, run.oldMode());
        assertEquals(0700, run.newMode());
        assertFalse(run.contentChanged());
        o.changeMode("/run.sh", 0755);
        o.changeMode("/docs", 0755);
        assertEquals(List.of(), changes());
    }

    @Test
    void touchingAFileIsNoChange() throws IOException {
        o.setModificationTime("/run.sh", 1_700_000_000L, 0);
        assertEquals(List.of(), changes());
    }

    @Test
    void aFileReplacedByADirectoryIsATypeChange() throws IOException {
        o.remove("/run.sh");
        o.makeDirectory("/run.sh", 0755, CALLER);
        assertEquals(List.of("TYPE_CHANGED run.sh"), changes());
        assertTrue(only().directory());
    }

    @Test
    void aSymlinkReplacedByAFileIsATypeChangeAndRetargetedIsModified() throws IOException {
        o.remove("/link");
        o.makeSymlink("elsewhere", "/link", CALLER);
        assertEquals(List.of("MODIFIED link"), changes());
        o.remove("/link");
        create(o, "/link", 0644, utf8("docs/readme.txt"));
        assertEquals(List.of("TYPE_CHANGED link"), changes());
    }

    @Test
    void aRenamedDirectoryReportsItsBaseDescendantsAsRenamed() throws IOException {
        o.rename("/data", "/stuff");
        create(o, "/stuff/added.txt", 0644, utf8("added"));
        write(o, "/stuff/nested/deep.txt", 0, utf8("D"));
        assertEquals(List.of(
                "RENAMED stuff <- data",
                "ADDED stuff/added.txt",
                "RENAMED stuff/big.bin <- data/big.bin",
                "RENAMED stuff/nested <- data/nested",
                "RENAMED stuff/nested/deep.txt <- data/nested/deep.txt"), changes());
        for (FileChange c : w.status().changes()) {
            assertEquals(c.path().equals("stuff/nested/deep.txt") || c.kind() == FileChange.Kind.ADDED,
                    c.contentChanged(), c.toString());
            assertEquals(c.path().equals("stuff") || c.path().equals("stuff/nested"), c.directory(), c.toString());
        }
        // moved back: nothing changed
        o.remove("/stuff/added.txt");
        write(o, "/stuff/nested/deep.txt", 0, utf8("d"));
        o.rename("/stuff", "/data");
        assertEquals(List.of(), changes());
    }

    @Test
    void addedEmptyDirectory() throws IOException {
        o.makeDirectory("/docs/sub", 0755, CALLER);
        assertEquals(List.of("ADDED docs/sub"), changes());
        assertTrue(only().directory());
        o.removeDirectory("/docs/sub");
        assertEquals(List.of(), changes());
    }

    @Test
    void deletedDirectories() throws IOException {
        o.removeDirectory("/empty");
        o.remove("/data/nested/deep.txt");
        o.removeDirectory("/data/nested");
        assertEquals(List.of("DELETED data/nested", "DELETED data/nested/deep.txt", "DELETED empty"), changes());
        assertTrue(w.status().changes().get(0).directory());
        assertFalse(w.status().changes().get(1).directory());
    }

    @Test
    void aNewFileRemovedAgainIsNoChange() throws IOException {
        create(o, "/tmp.txt", 0644, utf8("x"));
        o.remove("/tmp.txt");
        assertEquals(List.of(), changes());
    }

    @Test
    void restoreUndoesAChange() throws IOException {
        write(o, "/docs/readme.txt", 0, utf8("XX"));
        o.remove("/docs/guide.md");
        o.rename("/run.sh", "/run2.sh");
        w.restore(List.of("docs"), "test");
        assertEquals(List.of("RENAMED run2.sh <- run.sh"), changes());
        assertEquals(baseFiles().get("docs/readme.txt").length, o.attributes("/docs/readme.txt").size());
        w.restore(List.of("run.sh"), "test");
        // run.sh is back; run2.sh stays, a copy now
        assertEquals(List.of("ADDED run2.sh"), changes());
        w.restore(List.of("run2.sh"), "test"); // the base has no run2.sh: restoring removes it
        assertEquals(List.of(), changes());
    }

    @Test
    void restoreTakesPathsAsTheCommandLineSpellsThem() throws IOException {
        write(o, "/docs/readme.txt", 0, utf8("XX"));
        o.remove("/docs/guide.md");
        w.restore(List.of("docs/"), "test"); // a trailing slash (shell completion) names the directory
        assertEquals(List.of(), changes());
        assertArrayEquals(baseFiles().get("docs/guide.md"), readAll(o, "/docs/guide.md"));
        write(o, "/data/nested/deep.txt", 0, utf8("X"));
        w.restore(List.of("/data//nested/deep.txt"), "test");
        assertEquals(List.of(), changes());
        assertThrows(dev.hexz.fuse.FsException.class, () -> w.restore(List.of("docs/../run.sh"), "test"));
        assertThrows(dev.hexz.fuse.FsException.class, () -> w.restore(List.of("/"), "test"));
        assertThrows(dev.hexz.fuse.FsException.class, () -> w.restore(List.of(""), "test"));
        assertEquals(List.of(), changes());
    }

    @Test
    void statusIsSortedByPathWithDirectoriesBeforeTheirContents() throws IOException {
        create(o, "/z.txt", 0644, utf8("z"));
        create(o, "/a.txt", 0644, utf8("a"));
        o.makeDirectory("/docs/sub", 0755, CALLER);
        create(o, "/docs/sub/in.txt", 0644, utf8("in"));
        o.remove("/docs/guide.md");
        assertEquals(List.of("ADDED a.txt", "DELETED docs/guide.md", "ADDED docs/sub", "ADDED docs/sub/in.txt",
                "ADDED z.txt"), changes());
    }
}
