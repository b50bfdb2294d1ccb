package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree logic of a mounted archive, without a kernel. */
class ArchiveTreeTest {

    @TempDir
    Path tmp;

    private ArchiveTree treeOf(ArchiveReader r) throws IOException {
        return ArchiveTree.of(r, "stream", 1_700_000_000L, 1234, 5678);
    }

    @Test
    void directoryArchiveShowsItsTree() throws IOException {
        Path src = FuseSupport.sampleTree(tmp);
        Path archive = FuseSupport.packTree(src, tmp.resolve("t.hxz"));
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            Set<String> top = t.list("/").stream().map(DirectoryEntry::name).collect(Collectors.toSet());
            assertEquals(Set.of("a.txt", "run.sh", "sub", "emptydir", "link"), top);
            assertEquals(List.of(), t.list("/emptydir"));

            NodeAttributes a = t.attributes("/a.txt");
            assertEquals(NodeKind.FILE, a.kind());
            assertEquals(16, a.size());
            assertEquals(1_600_000_000L, a.mtimeSeconds());
            assertEquals(1234, a.uid());
            assertEquals(5678, a.gid());
            assertEquals(0750, t.attributes("/run.sh").permissions());
            assertEquals(0100750, t.attributes("/run.sh").mode());

            NodeAttributes sub = t.attributes("/sub");
            assertEquals(NodeKind.DIRECTORY, sub.kind());
            assertEquals(3, sub.links(), "2 + one subdirectory");
            assertEquals(NodeKind.SYMLINK, t.attributes("/link").kind());
            assertEquals("sub/b.bin", t.readSymlink("/link"));
            assertEquals(1_700_000_000L, t.attributes("/").mtimeSeconds());

            byte[] expected = Files.readAllBytes(src.resolve("sub/b.bin"));
            assertArrayEquals(expected, readAll(t, "/sub/b.bin", expected.length));
            assertEquals(expected.length, t.attributes("/sub/b.bin").size());
            assertEquals(0, readAll(t, "/sub/deep/empty", 0).length);
        }
    }

    @Test
    void readsAtAnyOffsetStopAtTheEnd() throws IOException {
        Path src = FuseSupport.sampleTree(tmp);
        Path archive = FuseSupport.packTree(src, tmp.resolve("t.hxz"));
        byte[] expected = Files.readAllBytes(src.resolve("sub/b.bin"));
        try (ArchiveReader r = ArchiveReader.open(archive); OpenFile f = treeOf(r).open("/sub/b.bin", 0)) {
            byte[] buf = new byte[10_000];
            int n = f.read(expected.length - 100, buf, 0, buf.length);
            assertEquals(100, n, "a read past the end returns what is left");
            for (int i = 0; i < 100; i++) {
                assertEquals(expected[expected.length - 100 + i], buf[i]);
            }
            assertEquals(0, f.read(expected.length, buf, 0, 10));
            assertEquals(0, f.read(expected.length + 5000, buf, 0, 10));
        }
    }

    @Test
    void errorsAreThoseOfALocalReadOnlyFileSystem() throws IOException {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            assertEquals(Errno.ENOENT, errno(() -> t.attributes("/nope")));
            assertEquals(Errno.ENOENT, errno(() -> t.attributes("/sub/nope/x")));
            assertEquals(Errno.ENOTDIR, errno(() -> t.list("/a.txt")));
            assertEquals(Errno.EISDIR, errno(() -> t.open("/sub", 0)));
            assertEquals(Errno.EROFS, errno(() -> t.open("/a.txt", 1)), "O_WRONLY");
            assertEquals(Errno.EROFS, errno(() -> t.open("/a.txt", 2)), "O_RDWR");
            assertEquals(Errno.EROFS, errno(() -> t.open("/a.txt", 01000)), "O_TRUNC");
            assertEquals(Errno.EINVAL, errno(() -> t.readSymlink("/a.txt")));
            assertTrue(t.readOnly());
        }
    }

    @Test
    void inodesFollowTheManifestSoEveryMountAgrees() throws IOException {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        try (ArchiveReader r1 = ArchiveReader.open(archive); ArchiveReader r2 = ArchiveReader.open(archive)) {
            ArchiveTree t1 = treeOf(r1);
            ArchiveTree t2 = treeOf(r2);
            assertEquals(1, t1.attributes("/").inode());
            for (String p : List.of("/a.txt", "/sub", "/sub/b.bin", "/link", "/emptydir", "/sub/deep/empty")) {
                assertEquals(t1.attributes(p).inode(), t2.attributes(p).inode(), p);
            }
            assertNotEquals(t1.attributes("/a.txt").inode(), t1.attributes("/sub/b.bin").inode());
        }
    }

    @Test
    void fileArchiveShowsItsFileUnderItsName() throws IOException {
        Path f = Files.write(tmp.resolve("model.bin"), FuseSupport.randomBytes(200_000, 3));
        Path archive = tmp.resolve("m.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults())) {
            w.addFile(f);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            assertEquals(List.of("model.bin"), t.list("/").stream().map(DirectoryEntry::name).toList());
            assertArrayEquals(Files.readAllBytes(f), readAll(t, "/model.bin", 200_000));
        }
    }

    @Test
    void streamArchiveShowsOneFileUnderTheGivenName() throws IOException {
        byte[] data = FuseSupport.randomBytes(100_000, 4);
        Path archive = tmp.resolve("s.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults())) {
            w.addStream(new ByteArrayInputStream(data));
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            assertEquals(List.of("stream"), t.list("/").stream().map(DirectoryEntry::name).toList());
            assertArrayEquals(data, readAll(t, "/stream", data.length));
            FsStatistics s = t.statistics();
            assertEquals((data.length + 4095) / 4096, s.totalBlocks());
            assertEquals(0, s.freeBlocks());
            assertEquals(2, s.files());
        }
    }

    @Test
    void knowsItsLargestFileAndCountsTheReadsItServes() throws IOException {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            ArchiveTree.FileSpan largest = t.largestFile().orElseThrow();
            assertEquals("/sub/b.bin", largest.path(), "the 300 KiB file, not a symlink or directory");
            assertEquals(t.attributes("/sub/b.bin").size(), largest.size());
            byte[] expected = Files.readAllBytes(tmp.resolve("src/sub/b.bin"));
            byte[] atStart = new byte[100];
            r.readFully(largest.start(), atStart, 0, atStart.length);
            assertArrayEquals(java.util.Arrays.copyOf(expected, 100), atStart, "start: where its bytes are in the stream");
            assertEquals(0, t.readsServed());
            try (OpenFile f = t.open("/a.txt", 0); OpenFile g = t.open("/sub/b.bin", 0)) {
                byte[] buf = new byte[4096];
                f.read(0, buf, 0, buf.length);
                g.read(8192, buf, 0, buf.length);
                g.read(1 << 30, buf, 0, buf.length); // past the end: still a read the tree answered
            }
            assertEquals(3, t.readsServed());
        }
    }

    @Test
    void aTreeWithoutDataHasNoLargestFile() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("empty-files"));
        Files.createFile(src.resolve("zero"));
        Files.createDirectories(src.resolve("d"));
        Path archive = FuseSupport.packTree(src, tmp.resolve("e.hxz"));
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            assertEquals(java.util.Optional.empty(), treeOf(r).largestFile(), "an empty file has nothing to read");
        }
    }

    @Test
    void listsDirectoriesBreadthFirstSkippingThoseItsOwnerCannotList() throws IOException {
        Path archive = tmp.resolve("d.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.treeDefaults())) {
            w.addDirectory("a", 0755, 0, 0);
            w.addDirectory("a/deep", 0755, 0, 0);
            w.addDirectory("a/deep/deeper", 0755, 0, 0);
            w.addDirectory("b", 0755, 0, 0);
            w.addDirectory("locked", 0300, 0, 0); // its owner may not read it
            w.addDirectory("locked/inner", 0755, 0, 0);
            w.addDirectory("noexec", 0600, 0, 0); // nor enter it
            w.addFile("b/file", new ByteArrayInputStream(new byte[10]), 0644, 0, 0);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree t = treeOf(r);
            assertEquals(List.of("/", "/a", "/b", "/a/deep", "/a/deep/deeper"), t.directoriesBreadthFirst(100, 100),
                    "each level before the next; nothing under a directory its owner may not list");
            assertEquals(List.of("/", "/a", "/b"), t.directoriesBreadthFirst(3, 100));
            assertEquals(List.of(), t.directoriesBreadthFirst(0, 100));
            assertEquals(List.of("/a", "/b", "/a/deep", "/a/deep/deeper"), t.directoriesBreadthFirst(100, 3),
                    "the root has four entries: left out, what is under it not");
        }
    }

    private static byte[] readAll(ArchiveTree t, String path, int size) throws IOException {
        byte[] out = new byte[size];
        try (OpenFile f = t.open(path, 0)) {
            int done = 0;
            while (done < size) {
                int n = f.read(done, out, done, Math.min(128 << 10, size - done));
                assertTrue(n > 0, "short read at " + done);
                done += n;
            }
            assertEquals(0, f.read(size, new byte[1], 0, 1));
        }
        return out;
    }

    private interface Op {
        void run() throws IOException;
    }

    private static int errno(Op op) {
        FsException e = assertThrows(FsException.class, op::run);
        return e.errno();
    }
}
