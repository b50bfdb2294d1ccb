package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.Errno;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Commits of an open workspace (no mount): the archive holds the tree, the workspace moves onto it. */
class CommitTest extends WorkspaceTestSupport {

    /** Changes to the base tree, and the tree they make. */
    private static Map<String, Node> change(Overlay o) throws IOException {
        Map<String, Node> expect = new TreeMap<>(baseTree());
        byte[] big = baseFiles().get("data/big.bin").clone();
        byte[] patch = random(4096, 3);
        write(o, "/data/big.bin", 2_000_000, patch);
        System.arraycopy(patch, 0, big, 2_000_000, patch.length);
        expect.put("data/big.bin", file(0600, big));

        create(o, "/docs/new.txt", 0640, utf8("a new file\n"));
        expect.put("docs/new.txt", file(0640, utf8("a new file\n")));
        o.remove("/docs/guide.md");
        expect.remove("docs/guide.md");
        o.rename("/data/nested", "/nested");
        expect.remove("data/nested");
        expect.remove("data/nested/deep.txt");
        expect.put("nested", dir(0750));
        expect.put("nested/deep.txt", file(0644, baseFiles().get("data/nested/deep.txt")));
        o.changeMode("/run.sh", 0700);
        expect.put("run.sh", file(0700, baseFiles().get("run.sh")));
        o.remove("/link");
        o.makeSymlink("nested/deep.txt", "/link", CALLER);
        expect.put("link", symlink("nested/deep.txt"));
        o.makeSymlink("/absolute/target", "/docs/abs", CALLER);
        expect.put("docs/abs", symlink("/absolute/target"));
        o.makeDirectory("/newdir", 0711, CALLER);
        expect.put("newdir", dir(0711));
        o.truncate("/docs/readme.txt", 4);
        o.truncate("/docs/readme.txt", 6);
        expect.put("docs/readme.txt", file(0644, new byte[] {'r', 'e', 'a', 'd', 0, 0}));
        create(o, "/empty/zero", 0644, new byte[0]);
        expect.put("empty/zero", file(0644, new byte[0]));
        return expect;
    }

    @Test
    void aCommitWhoseBaseWasDeletedSinceIsRefusedAndWritesNothing() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        Path saved = Files.copy(base, tmp.resolve("saved.hxz"));
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            create(w.overlay(), "/docs/new.txt", 0640, utf8("a new file\n"));
            Files.delete(base); // the workspace still reads through the file it opened
            WorkspaceStateException e = assertThrows(WorkspaceStateException.class,
                    () -> w.commit("m", null, "tester", "test"));
            assertTrue(e.getMessage().contains("base.hxz: the workspace's base is gone"), e.getMessage());
            try (var files = Files.list(tmp)) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("base-")).toList(),
                        "no archive was written");
            }
            assertEquals(1, w.status().changes().size(), "the change is still there");

            // the same tree packed again (a new archive id) where the base was
            Files.copy(writeBaseArchive(tmp.resolve("different.hxz")), base);
            e = assertThrows(WorkspaceStateException.class, () -> w.commit("m", null, "tester", "test"));
            assertTrue(e.getMessage().contains("no longer the workspace's base"), e.getMessage());

            Files.copy(saved, base, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // put back
            CommitResult r = w.commit("m", null, "tester", "test");
            assertTrue(Files.isRegularFile(r.archive()), "with the base back, the commit goes through");
        }
    }

    @Test
    void aCommitHoldsExactlyTheTreeAndTheWorkspaceMovesOntoIt() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        Path first = tmp.resolve("first.hxz");
        Map<String, Node> expect;
        String firstId;
        try (Workspace w = open(id)) {
            expect = change(w.overlay());
            assertEquals(expect, tree(w.overlay()));
            List<FileChange> pending = w.status().changes();

            CommitResult r = w.commit("first commit", first, "tester", "test");
            assertFalse(r.nothingToCommit());
            assertEquals(first, r.archive());
            assertEquals(pending, r.changes());
            assertEquals(Files.size(first), r.archiveBytes());
            assertEquals(List.of(), r.warnings(), "the block store under the temporary HEXZ_HOME was used");
            assertNull(r.finishedInterrupted());

            try (ArchiveReader a = ArchiveReader.open(first)) {
                assertEquals(expect, tree(a));
                assertTrue(a.header().isThin());
                try (ArchiveReader b = ArchiveReader.open(base)) {
                    assertEquals(b.header().archiveId(), a.header().parent().id());
                }
                assertEquals("first commit", a.metadata().get("message").asText());
                assertEquals("tester", a.metadata().get("user").asText());
                assertEquals("base.hxz", a.metadata().get("parent").asText());
                firstId = a.header().archiveId().toString();
            }
            // the workspace is on the new archive, clean, showing the same tree
            assertEquals(first, w.state().base());
            assertEquals(firstId, w.state().baseId());
            assertEquals(1, w.state().generation());
            assertEquals(w.state(), StateFile.read(layout().state(id)));
            assertTrue(w.status().clean(), w.status().toString());
            assertEquals(first.toString(), w.status().baseArchive());
            assertEquals(expect, tree(w.overlay()));
            assertFalse(Files.exists(layout().upper(id, 0)), "the committed upper layer is gone");
            assertFalse(Files.exists(layout().pendingCommit(id)));
            assertTrue(Files.exists(tmp.resolve("base.hxz")), "the base is left alone");

            // a second commit chains onto the first
            write(w.overlay(), "/nested/deep.txt", 0, utf8("DEEP"));
            expect.put("nested/deep.txt", file(0644, utf8("DEEP\n")));
            w.overlay().remove("/data/big.bin");
            expect.remove("data/big.bin");
            assertEquals(List.of("MODIFIED nested/deep.txt", "DELETED data/big.bin").stream().sorted().toList(),
                    w.status().changes().stream().map(c -> c.kind() + " " + c.path()).sorted().toList());
            Path second = tmp.resolve("second.hxz");
            w.commit(null, second, null, "test");
            try (ArchiveReader a = ArchiveReader.open(second)) {
                assertEquals(expect, tree(a));
                assertEquals(firstId, a.header().parent().id().toString());
            }
            assertEquals(second, w.state().base());
            assertTrue(w.status().clean());
            assertEquals(expect, tree(w.overlay()));
        }
        // reopened: the same
        try (Workspace w = open(id)) {
            assertEquals(tmp.resolve("second.hxz"), w.state().base());
            assertTrue(w.status().clean());
            assertEquals(expect, tree(w.overlay()));
        }
    }

    @Test
    void nothingToCommitWritesNothing() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("data.hxz"));
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            w.overlay().setModificationTime("/run.sh", 1, 0);
            rewrite(w.overlay(), "/docs/readme.txt", baseFiles().get("docs/readme.txt"));
            CommitResult r = w.commit("nothing", null, null, "test");
            assertTrue(r.nothingToCommit());
            assertNull(r.archive());
            assertEquals(List.of(), r.changes());
            assertFalse(Files.exists(tmp.resolve("data-1.hxz")));
            assertFalse(Files.exists(layout().pendingCommit(id)));
            assertEquals(base, w.state().base());
            assertEquals(0, w.state().generation());
            try (var files = Files.list(tmp)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".hxz")
                        && !p.equals(base)).toList());
            }
        }
    }

    @Test
    void aSmallWriteIntoABigFileCommitsASmallArchive() throws IOException {
        byte[] big = random(8 << 20, 17);
        Path base = writeOneFileArchive(tmp.resolve("big.hxz"), "big.bin", big);
        assertTrue(Files.size(base) > (8 << 20), "random bytes do not compress");
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            byte[] patch = random(4096, 18);
            write(w.overlay(), "/big.bin", 5_000_017, patch);
            System.arraycopy(patch, 0, big, 5_000_017, patch.length);
            CommitResult r = w.commit(null, null, null, "test");
            assertEquals(tmp.resolve("big-1.hxz"), r.archive());
            assertTrue(Files.size(r.archive()) < (1 << 20), "4 KiB changed in 8 MiB: " + Files.size(r.archive()));
            assertTrue(r.storedBytes() < (1 << 20), "stored " + r.storedBytes());
            try (ArchiveReader a = ArchiveReader.open(r.archive())) {
                assertArrayEquals(big, a.file("big.bin").orElseThrow().readAllBytes());
            }
            assertArrayEquals(big, readAll(w.overlay(), "/big.bin"));
        }
    }

    @Test
    void defaultNamesAreNumberedBesideTheBase() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("data.hxz"));
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            create(w.overlay(), "/one", 0644, utf8("1"));
            assertEquals(tmp.resolve("data-1.hxz"), w.commit(null, null, null, "test").archive());
            create(w.overlay(), "/two", 0644, utf8("2"));
            assertEquals(tmp.resolve("data-2.hxz"), w.commit(null, null, null, "test").archive());
            Files.writeString(tmp.resolve("data-3.hxz"), "taken");
            create(w.overlay(), "/three", 0644, utf8("3"));
            assertEquals(tmp.resolve("data-4.hxz"), w.commit(null, null, null, "test").archive());
            try (ArchiveReader a = ArchiveReader.open(tmp.resolve("data-4.hxz"))) {
                for (String name : List.of("one", "two", "three")) {
                    assertTrue(a.file(name).isPresent(), name);
                }
                assertEquals(tmp.resolve("data-2.hxz").getFileName().toString(), a.metadata().get("parent").asText());
            }
        }
        assertEquals("data", CommitNaming.stem(Path.of("data-12.hxz")));
        assertEquals("data", CommitNaming.stem(Path.of("/x/data.hxz")));
        assertEquals("-5", CommitNaming.stem(Path.of("-5.hxz")));
        assertEquals("raw.img", CommitNaming.stem(Path.of("raw.img")));
    }

    @Test
    void anExistingOutputIsRefusedAndNothingChanges() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        Path taken = Files.writeString(tmp.resolve("taken.hxz"), "not mine");
        try (Workspace w = open(id)) {
            create(w.overlay(), "/x", 0644, utf8("x"));
            FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                    () -> w.commit(null, taken, null, "test"));
            assertTrue(e.getMessage().contains(taken.toString()), e.getMessage());
            assertEquals("not mine", Files.readString(taken));
            assertEquals(base, w.state().base());
            assertEquals(List.of("x"), w.status().changes().stream().map(FileChange::path).toList());
            assertFalse(Files.exists(layout().pendingCommit(id)));
        }
    }

    @Test
    void openHandlesKeepWorkingAcrossACommit() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            write(o, "/run.sh", 0, utf8("#?")); // written through a handle closed since
            OpenFile h = o.open("/docs/readme.txt", O_RDWR);
            OpenFile unlinked = o.open("/docs/guide.md", O_RDWR);
            OpenFile unlinkedWritten = o.open("/run.sh", O_RDONLY);
            try {
                h.write(0, utf8("R"), 0, 1);
                o.remove("/docs/guide.md");
                o.remove("/run.sh");
                w.commit(null, tmp.resolve("c1.hxz"), null, "test");
                // removed, its upper layer deleted by the commit: the handle still has its bytes
                byte[] run = baseFiles().get("run.sh").clone();
                run[1] = '?';
                assertArrayEquals(run, readAll(unlinkedWritten, run.length));
                // the committed file, written again through the handle opened before the commit
                h.write(1, utf8("E"), 0, 1);
                assertArrayEquals(utf8("REad me\n"), readAll(o, "/docs/readme.txt"));
                assertEquals(List.of("MODIFIED docs/readme.txt"),
                        w.status().changes().stream().map(c -> c.kind() + " " + c.path()).toList());
                // a file removed before the commit, still open
                byte[] guide = baseFiles().get("docs/guide.md");
                assertArrayEquals(guide, readAll(unlinked, guide.length));
                unlinked.write(0, utf8("#!"), 0, 2);
                byte[] changed = guide.clone();
                changed[1] = '!';
                assertArrayEquals(changed, readAll(unlinked, guide.length));
            } finally {
                h.close();
                unlinked.close();
                unlinkedWritten.close();
            }
            w.commit(null, tmp.resolve("c2.hxz"), null, "test");
            try (ArchiveReader a = ArchiveReader.open(tmp.resolve("c2.hxz"))) {
                assertEquals(tree(o), tree(a));
                assertFalse(a.file("docs/guide.md").isPresent());
            }
        }
    }

    /** How many of this process's file descriptors are open on each of {@code files}. */
    private static Map<Path, Integer> openDescriptors(List<Path> files) throws IOException {
        Map<Path, Integer> counts = new TreeMap<>();
        for (Path f : files) {
            counts.put(f.toRealPath(), 0);
        }
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    counts.computeIfPresent(Files.readSymbolicLink(fd), (k, n) -> n + 1);
                } catch (IOException e) {
                    // closed since it was listed (the listing's own descriptor, another thread's)
                }
            }
        }
        return counts;
    }

    private static Map<Path, Integer> expectOpen(List<Path> files, int... counts) throws IOException {
        Map<Path, Integer> m = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            m.put(files.get(i).toRealPath(), counts[i]);
        }
        return m;
    }

    /**
     * A commit moves the workspace onto a new reader; the old base's reader is closed as soon as
     * nothing reads through it (a removed file still open from before keeps it until it closes),
     * so commits do not pile up open readers.
     */
    @Test
    void aCommitClosesTheOldBaseOnceNothingReadsThroughIt() throws IOException {
        Path base = writeBaseArchive(tmp.resolve("base.hxz"));
        String id = newWorkspace(base);
        List<Path> archives = new java.util.ArrayList<>(List.of(base));
        try (Workspace w = open(id)) {
            Overlay o = w.overlay();
            assertEquals(expectOpen(archives, 1), openDescriptors(archives));
            byte[] guide = baseFiles().get("docs/guide.md");
            byte[] readme = baseFiles().get("docs/readme.txt");
            OpenFile removed = o.open("/docs/guide.md", O_RDONLY); // reads the base's bytes through base.hxz
            OpenFile kept = o.open("/docs/readme.txt", O_RDONLY);
            o.remove("/docs/guide.md");

            Path c1 = tmp.resolve("c1.hxz");
            w.commit(null, c1, null, "test");
            archives.add(c1);
            // base.hxz: once as the new base's parent, once more for the removed file still open
            assertEquals(expectOpen(archives, 2, 1), openDescriptors(archives));
            assertArrayEquals(guide, readAll(removed, guide.length), "a removed file open from before the commit");
            assertArrayEquals(readme, readAll(kept, readme.length), "a file open from before the commit");
            removed.close();
            assertEquals(expectOpen(archives, 1, 1), openDescriptors(archives), "the old reader closed with the last handle");

            for (int k = 2; k <= 5; k++) {
                create(o, "/file-" + k, 0644, utf8("commit " + k));
                Path c = tmp.resolve("c" + k + ".hxz");
                w.commit(null, c, null, "test");
                archives.add(c);
                int[] once = new int[archives.size()];
                java.util.Arrays.fill(once, 1);
                // each archive of the chain once, through the current base's reader: none left from before
                assertEquals(expectOpen(archives, once), openDescriptors(archives), "after commit " + k);
            }
            assertArrayEquals(readme, readAll(kept, readme.length), "a file open since the first base");
            kept.close();
            assertArrayEquals(utf8("commit 3"), readAll(o, "/file-3"));
        }
        assertEquals(expectOpen(archives, new int[archives.size()]), openDescriptors(archives),
                "a closed workspace leaves no archive open");
    }

    /**
     * An open that looked a file up just before it was removed and a commit closed the base it
     * read through: ENOENT (as if the open came after the removal), not a handle on a closed reader.
     */
    @Test
    void anOpenOvertakenByARemoveAndACommitIsNotFound() throws IOException {
        String id = newWorkspace(writeBaseArchive(tmp.resolve("base.hxz")));
        try (Workspace w = open(id)) {
            OverlayNode looked = w.overlay().resolve("/docs/guide.md"); // what open() has looked up, not yet opened
            w.overlay().remove("/docs/guide.md");
            w.commit(null, tmp.resolve("c1.hxz"), null, "test");
            FsException e = assertThrows(FsException.class, () -> new OverlayHandle(w.overlay(), looked, false));
            assertEquals(Errno.ENOENT, e.errno(), e.getMessage());
        }
    }

    @Test
    void aFileArchiveWorkspaceCommitsAFileArchive() throws IOException {
        Path base = tmp.resolve("single.hxz");
        byte[] bytes = random(300_000, 4);
        try (var w = dev.hexz.format.ArchiveWriter.create(base, dev.hexz.format.WriterOptions.defaults())) {
            Path src = Files.write(tmp.resolve("payload.bin"), bytes);
            w.addFile(src);
            w.finish();
        }
        String id = newWorkspace(base);
        try (Workspace w = open(id)) {
            assertEquals(List.of("payload.bin"), tree(w.overlay()).keySet().stream().toList());
            write(w.overlay(), "/payload.bin", 1000, utf8("changed"));
            System.arraycopy(utf8("changed"), 0, bytes, 1000, 7);
            CommitResult r = w.commit(null, null, null, "test");
            assertNotNull(r.archive());
            try (ArchiveReader a = ArchiveReader.open(r.archive())) {
                assertFalse(a.header().isDirectory());
                assertArrayEquals(bytes, a.file("payload.bin").orElseThrow().readAllBytes());
            }
            assertTrue(w.status().clean());
        }
    }
}
