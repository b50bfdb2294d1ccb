package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.DirectoryEntry;
import dev.hexz.fuse.Errno;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.NodeKind;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The overlay driven through its MountedTree methods, as FUSE drives it (no mount). */
class OverlayTest extends WorkspaceTestSupport {

    private Path archive;
    private Path upperDir;
    private ArchiveReader base;
    private Overlay overlay;

    @BeforeEach
    void openOverlay() throws IOException {
        archive = writeBaseArchive(tmp.resolve("base.hxz"));
        upperDir = tmp.resolve("upper");
        base = ArchiveReader.open(archive);
        overlay = Overlay.open(base, UpperLayer.open(upperDir), "base", UID, GID);
    }

    @AfterEach
    void closeOverlay() throws IOException {
        if (overlay != null) {
            overlay.close(); // and its base
        }
    }

    /** Closes the overlay and builds it again from the base and the journal. */
    private void replay() throws IOException {
        overlay.close();
        base = ArchiveReader.open(archive);
        overlay = Overlay.open(base, UpperLayer.open(upperDir), "base", UID, GID);
    }

    private static void assertErrno(int errno, Executable e) {
        FsException x = assertThrows(FsException.class, e);
        assertEquals(Errno.name(errno), Errno.name(x.errno()), x.getMessage());
    }

    private FileContent content(String path) throws IOException {
        return overlay.resolve(path).content;
    }

    @Test
    void readsEqualTheArchive() throws IOException {
        assertEquals(baseTree(), tree(overlay));
        assertEquals(tree(base), tree(overlay));
        NodeAttributes root = overlay.attributes("/");
        assertEquals(NodeKind.DIRECTORY, root.kind());
        assertEquals(2 + 3, root.links(), "root links: 2 + data, docs, empty");
        assertEquals(UID, root.uid());
        NodeAttributes big = overlay.attributes("/data/big.bin");
        assertEquals(BIG, big.size());
        assertEquals(UID, big.uid());
        assertEquals(GID, big.gid());
        assertEquals(1_600_000_001L, big.mtimeSeconds());
        assertEquals(5, big.mtimeNanos());
        assertEquals("docs/readme.txt", overlay.readSymlink("/link"));
        assertEquals(Set.of("readme.txt", "guide.md"),
                overlay.list("/docs").stream().map(DirectoryEntry::name).collect(Collectors.toSet()));
        assertFalse(overlay.readOnly());
        // reads cut at the end of a file; a partial read in the middle is exact
        byte[] b = new byte[100];
        try (OpenFile f = overlay.open("/data/big.bin", O_RDONLY)) {
            assertEquals(100, f.read(1000, b, 0, 100));
            assertArrayEquals(Arrays.copyOfRange(baseFiles().get("data/big.bin"), 1000, 1100), b);
            assertEquals(10, f.read(BIG - 10, b, 0, 100));
            assertEquals(0, f.read(BIG + 5, b, 0, 100));
        }
    }

    @Test
    void aSmallWriteInTheMiddleOfABigFileIsMergedAndStoresOnlyItsBytes() throws IOException {
        byte[] expect = baseFiles().get("data/big.bin").clone();
        byte[] patch = random(4096, 99);
        long at = (BIG / 2) + 123; // not block aligned
        write(overlay, "/data/big.bin", at, patch);
        System.arraycopy(patch, 0, expect, (int) at, patch.length);

        assertArrayEquals(expect, readAll(overlay, "/data/big.bin"));
        // a read straddling the edges of the written range
        byte[] around = new byte[8192];
        try (OpenFile f = overlay.open("/data/big.bin", O_RDONLY)) {
            assertEquals(8192, f.read(at - 2048, around, 0, 8192));
        }
        assertArrayEquals(Arrays.copyOfRange(expect, (int) at - 2048, (int) at + 6144), around);
        assertEquals(BIG, overlay.attributes("/data/big.bin").size());

        FileContent c = content("/data/big.bin");
        assertEquals(4096, c.dirtyBytes(), "only the written bytes are held by the upper layer");
        assertFalse(c.untouched());
        long upperBytes;
        try (var s = Files.walk(upperDir.resolve("data"))) {
            upperBytes = s.filter(Files::isRegularFile).count();
        }
        assertEquals(1, upperBytes, "one data file");

        // the write survives a replay of the journal
        replay();
        assertArrayEquals(expect, readAll(overlay, "/data/big.bin"));
        assertEquals(4096, content("/data/big.bin").dirtyBytes());
    }

    @Test
    void overlappingWritesAndGrowthReadBackInOrder() throws IOException {
        byte[] expect = Arrays.copyOf(baseFiles().get("docs/guide.md"), 40);
        try (OpenFile f = overlay.open("/docs/guide.md", O_RDWR)) {
            f.write(2, utf8("AAAA"), 0, 4);
            f.write(4, utf8("BBBB"), 0, 4);
            f.write(30, utf8("tail"), 0, 4); // past the end: a hole of zeros before it
            f.write(36, utf8("end!"), 0, 4);
            assertEquals(40, f.attributes().size());
        }
        byte[] g = baseFiles().get("docs/guide.md");
        Arrays.fill(expect, g.length, 40, (byte) 0);
        System.arraycopy(utf8("AABBBB"), 0, expect, 2, 6);
        System.arraycopy(utf8("tail"), 0, expect, 30, 4);
        System.arraycopy(utf8("end!"), 0, expect, 36, 4);
        assertArrayEquals(expect, readAll(overlay, "/docs/guide.md"));
        replay();
        assertArrayEquals(expect, readAll(overlay, "/docs/guide.md"));
    }

    @Test
    void transferToHandsBaseWrittenAndHoleBytesInOrderWithOrWithoutTheSinksWindow() throws IOException {
        assertTransfersAsRead(false);
        assertTransfersAsRead(true);
    }

    private void assertTransfersAsRead(boolean windowed) throws IOException {
        byte[] patch = random(5000, 98);
        long at = BIG / 3 + 7;
        write(overlay, "/data/big.bin", at, patch);
        long tailAt = BIG + 10_000; // past the end: a hole of zeros, then written bytes
        write(overlay, "/data/big.bin", tailAt, patch);
        int size = (int) overlay.attributes("/data/big.bin").size();
        byte[] expect = Arrays.copyOf(baseFiles().get("data/big.bin"), size);
        System.arraycopy(patch, 0, expect, (int) at, patch.length);
        System.arraycopy(patch, 0, expect, (int) tailAt, patch.length);

        {
            BufferSink sink = new BufferSink(size, windowed);
            java.nio.ByteBuffer out = sink.out;
            try (OpenFile f = overlay.open("/data/big.bin", O_RDONLY)) {
                // requests of an odd size, so that they start and end inside pieces and one of them
                // goes from base bytes through written ones, and another from base bytes into the hole
                for (int done = 0; done < size; ) {
                    int n = f.transferTo(done, Math.min(REQUEST, size - done), sink);
                    assertTrue(n > 0, "short transfer at " + done);
                    assertEquals(done + n, out.position(), "the sink got exactly what was returned");
                    done += n;
                }
                assertEquals(0, f.transferTo(size, 4096, sink), "nothing past the end");
            }
            byte[] got = new byte[size];
            out.flip().get(got);
            assertArrayEquals(expect, got, windowed ? "through the window" : "through accept");
        }
    }

    private static final int REQUEST = 700_001;

    /** A sink into a direct buffer, as the FUSE adapter's reply sink is, with or without a window onto it. */
    private static final class BufferSink implements dev.hexz.format.ByteSink {
        final java.nio.ByteBuffer out;
        private final boolean windowed;

        BufferSink(int capacity, boolean windowed) {
            this.out = java.nio.ByteBuffer.allocateDirect(capacity);
            this.windowed = windowed;
        }

        @Override
        public void accept(byte[] src, int off, int len) {
            out.put(src, off, len);
        }

        @Override
        public java.nio.ByteBuffer window(int len) {
            return windowed ? out.duplicate().limit(out.position() + len) : null;
        }

        @Override
        public void filled(int len) {
            out.position(out.position() + len);
        }
    }

    @Test
    void aLongWrittenFileReadsBackThroughTheWindowedPageCache() throws IOException {
        // 40 MiB in 1 MiB writes crosses the 16 MiB page-cache windows on the way in (writeback
        // started, the window before dropped) and on the way out (the window before the last dropped)
        int mib = 40;
        byte[] chunk = random(1 << 20, 5);
        try (OpenFile f = overlay.create("/data/long.bin", 0644, O_CREAT | O_RDWR, CALLER)) {
            for (int i = 0; i < mib; i++) {
                chunk[0] = (byte) i;
                assertEquals(chunk.length, f.write((long) i << 20, chunk, 0, chunk.length));
            }
        }
        BufferSink sink = new BufferSink(1 << 20, true);
        java.nio.ByteBuffer out = sink.out;
        try (OpenFile f = overlay.open("/data/long.bin", O_RDONLY)) {
            byte[] got = new byte[1 << 20];
            for (int i = 0; i < mib; i++) {
                out.clear();
                assertEquals(1 << 20, f.transferTo((long) i << 20, 1 << 20, sink));
                out.flip().get(got);
                chunk[0] = (byte) i;
                assertArrayEquals(chunk, got, "MiB " + i);
            }
        }
    }

    @Test
    void pagesCachedByTheKernelStayValidAcrossWritesButNotAcrossTruncation() throws IOException {
        try (OpenFile f = overlay.open("/docs/guide.md", O_RDWR)) {
            assertFalse(f.cachedPagesValid(), "the first open: nothing the kernel cached can be trusted");
            f.write(0, utf8("AAAA"), 0, 4);
        }
        try (OpenFile f = overlay.open("/docs/guide.md", O_RDONLY)) {
            assertTrue(f.cachedPagesValid(), "a write through the mount went through the kernel's pages too");
        }
        overlay.truncate("/docs/guide.md", 2);
        try (OpenFile f = overlay.open("/docs/guide.md", O_RDONLY)) {
            assertFalse(f.cachedPagesValid(), "a truncation by path: the kernel's pages past the cut are wrong");
        }
        try (OpenFile f = overlay.open("/docs/guide.md", O_RDONLY)) {
            assertTrue(f.cachedPagesValid());
        }
    }

    @Test
    void truncateShrinkThenGrowReadsZeros() throws IOException {
        byte[] big = baseFiles().get("data/big.bin");
        write(overlay, "/data/big.bin", 50, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); // dirty 50-60
        overlay.truncate("/data/big.bin", 55);
        assertEquals(55, overlay.attributes("/data/big.bin").size());
        overlay.truncate("/data/big.bin", 100_000);
        byte[] expect = new byte[100_000];
        System.arraycopy(big, 0, expect, 0, 50);
        System.arraycopy(new byte[] {1, 2, 3, 4, 5}, 0, expect, 50, 5);
        byte[] now = readAll(overlay, "/data/big.bin");
        assertArrayEquals(expect, now, "bytes past the cut are zeros, not the base's or the old write's");

        // through a handle too (ftruncate), on a file of the base
        try (OpenFile f = overlay.open("/docs/readme.txt", O_RDWR)) {
            f.truncate(4);
            f.truncate(8);
            assertEquals(8, f.attributes().size());
        }
        assertArrayEquals(new byte[] {'r', 'e', 'a', 'd', 0, 0, 0, 0}, readAll(overlay, "/docs/readme.txt"));

        replay();
        assertArrayEquals(expect, readAll(overlay, "/data/big.bin"));
        assertArrayEquals(new byte[] {'r', 'e', 'a', 'd', 0, 0, 0, 0}, readAll(overlay, "/docs/readme.txt"));
    }

    @Test
    void openWithTruncEmptiesTheFile() throws IOException {
        try (OpenFile f = overlay.open("/run.sh", O_WRONLY | O_TRUNC)) {
            assertEquals(0, f.attributes().size());
        }
        assertEquals(0, overlay.attributes("/run.sh").size());
        // O_TRUNC with O_RDONLY is unspecified by open(2); the overlay truncates only writable opens
        try (OpenFile f = overlay.open("/docs/readme.txt", O_RDONLY | O_TRUNC)) {
            assertEquals(8, f.attributes().size());
        }
    }

    @Test
    void createWriteAndReadANewFile() throws IOException {
        create(overlay, "/docs/new.txt", 0100640, utf8("new bytes"));
        NodeAttributes a = overlay.attributes("/docs/new.txt");
        assertEquals(NodeKind.FILE, a.kind());
        assertEquals(0640, a.permissions());
        assertEquals(UID, a.uid());
        assertEquals(GID, a.gid());
        assertArrayEquals(utf8("new bytes"), readAll(overlay, "/docs/new.txt"));
        assertErrno(Errno.EEXIST, () -> overlay.create("/docs/new.txt", 0644, O_CREAT | O_RDWR, CALLER));
        assertErrno(Errno.EEXIST, () -> overlay.create("/run.sh", 0644, O_CREAT | O_RDWR, CALLER));
        assertErrno(Errno.EEXIST, () -> overlay.create("/docs", 0644, O_CREAT | O_RDWR, CALLER));
        assertErrno(Errno.ENOENT, () -> overlay.create("/nowhere/x", 0644, O_CREAT | O_RDWR, CALLER));
        assertErrno(Errno.ENOTDIR, () -> overlay.create("/run.sh/x", 0644, O_CREAT | O_RDWR, CALLER));
        assertErrno(Errno.ENAMETOOLONG,
                () -> overlay.create("/docs/" + "n".repeat(256), 0644, O_CREAT | O_RDWR, CALLER));
        // refused creations leave nothing behind that a replay would trip over
        replay();
        assertArrayEquals(utf8("new bytes"), readAll(overlay, "/docs/new.txt"));
        assertArrayEquals(baseFiles().get("run.sh"), readAll(overlay, "/run.sh"));
    }

    @Test
    void aNameOf255BytesIsFineAnd256IsTooLong() throws IOException {
        String ok = "/" + "é".repeat(127) + "x"; // 255 bytes of UTF-8
        create(overlay, ok, 0644, utf8("x"));
        assertEquals(1, overlay.attributes(ok).size());
        String tooLong = "/" + "é".repeat(128); // 256 bytes
        assertErrno(Errno.ENAMETOOLONG, () -> overlay.makeDirectory(tooLong, 0755, CALLER));
        assertErrno(Errno.ENAMETOOLONG, () -> overlay.makeSymlink("t", tooLong, CALLER));
        assertErrno(Errno.ENAMETOOLONG, () -> overlay.rename("/run.sh", tooLong));
        assertErrno(Errno.ENAMETOOLONG, () -> overlay.create(tooLong, 0644, O_CREAT, CALLER));
        replay();
        assertEquals(1, overlay.attributes(ok).size());
    }

    @Test
    void renameOverAnExistingFileReplacesIt() throws IOException {
        byte[] guide = baseFiles().get("docs/guide.md");
        overlay.rename("/docs/guide.md", "/docs/readme.txt");
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/docs/guide.md"));
        assertArrayEquals(guide, readAll(overlay, "/docs/readme.txt"));
        assertEquals(List.of("readme.txt"), names("/docs"));
        // into another directory, and a new file over a base one
        overlay.rename("/docs/readme.txt", "/data/nested/moved.md");
        create(overlay, "/tmpfile", 0644, utf8("fresh"));
        overlay.rename("/tmpfile", "/run.sh");
        assertArrayEquals(utf8("fresh"), readAll(overlay, "/run.sh"));
        assertArrayEquals(guide, readAll(overlay, "/data/nested/moved.md"));
        replay();
        assertArrayEquals(utf8("fresh"), readAll(overlay, "/run.sh"));
        assertArrayEquals(guide, readAll(overlay, "/data/nested/moved.md"));
        assertEquals(List.of(), names("/docs"));
    }

    private List<String> names(String dir) throws IOException {
        return overlay.list(dir).stream().map(DirectoryEntry::name).sorted().toList();
    }

    @Test
    void renameRules() throws IOException {
        overlay.makeDirectory("/d", 0755, CALLER);
        overlay.makeDirectory("/d/sub", 0755, CALLER);
        assertErrno(Errno.EINVAL, () -> overlay.rename("/d", "/d/sub/d"));
        assertErrno(Errno.EINVAL, () -> overlay.rename("/d", "/d/x"));
        assertErrno(Errno.ENOTDIR, () -> overlay.rename("/d", "/run.sh"));
        assertErrno(Errno.EISDIR, () -> overlay.rename("/run.sh", "/d"));
        assertErrno(Errno.ENOTEMPTY, () -> overlay.rename("/data", "/d"));
        assertErrno(Errno.ENOENT, () -> overlay.rename("/missing", "/x"));
        assertErrno(Errno.ENOENT, () -> overlay.rename("/run.sh", "/missing/x"));
        assertErrno(Errno.ENOTDIR, () -> overlay.rename("/run.sh", "/link/x"));
        // a directory over an empty directory
        overlay.rename("/d/sub", "/empty");
        assertEquals(NodeKind.DIRECTORY, overlay.attributes("/empty").kind());
        assertEquals(0755, overlay.attributes("/empty").permissions(), "the moved directory, not the replaced one");
        // onto itself: nothing happens
        overlay.rename("/run.sh", "/run.sh");
        assertArrayEquals(baseFiles().get("run.sh"), readAll(overlay, "/run.sh"));
        // a directory with its contents
        overlay.rename("/data", "/d/data");
        assertArrayEquals(baseFiles().get("data/nested/deep.txt"), readAll(overlay, "/d/data/nested/deep.txt"));
        replay();
        assertArrayEquals(baseFiles().get("data/nested/deep.txt"), readAll(overlay, "/d/data/nested/deep.txt"));
        assertEquals(0755, overlay.attributes("/empty").permissions());
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/data"));
    }

    @Test
    void makeAndRemoveDirectories() throws IOException {
        overlay.makeDirectory("/docs/sub", 040711, CALLER);
        NodeAttributes a = overlay.attributes("/docs/sub");
        assertEquals(NodeKind.DIRECTORY, a.kind());
        assertEquals(0711, a.permissions());
        assertEquals(3, overlay.attributes("/docs").links(), "a subdirectory adds a link");
        assertErrno(Errno.EEXIST, () -> overlay.makeDirectory("/docs/sub", 0755, CALLER));
        assertErrno(Errno.EEXIST, () -> overlay.makeDirectory("/run.sh", 0755, CALLER));
        assertErrno(Errno.ENOENT, () -> overlay.makeDirectory("/no/such", 0755, CALLER));
        assertErrno(Errno.ENOTEMPTY, () -> overlay.removeDirectory("/docs"));
        assertErrno(Errno.ENOTDIR, () -> overlay.removeDirectory("/run.sh"));
        assertErrno(Errno.ENOENT, () -> overlay.removeDirectory("/nothing"));
        assertErrno(Errno.EISDIR, () -> overlay.remove("/docs"));
        assertErrno(Errno.ENOENT, () -> overlay.remove("/nothing"));
        overlay.removeDirectory("/docs/sub");
        overlay.removeDirectory("/empty");
        assertEquals(2, overlay.attributes("/docs").links());
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/empty"));
        replay();
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/empty"));
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/docs/sub"));
        assertEquals(Set.of("data", "docs", "link", "run.sh"), new TreeSet<>(names("/")));
    }

    @Test
    void symlinks() throws IOException {
        overlay.makeSymlink("../run.sh", "/docs/l2", CALLER);
        assertEquals("../run.sh", overlay.readSymlink("/docs/l2"));
        NodeAttributes a = overlay.attributes("/docs/l2");
        assertEquals(NodeKind.SYMLINK, a.kind());
        assertEquals(9, a.size());
        assertErrno(Errno.EEXIST, () -> overlay.makeSymlink("x", "/link", CALLER));
        assertErrno(Errno.EINVAL, () -> overlay.readSymlink("/run.sh"));
        assertErrno(Errno.EINVAL, () -> overlay.open("/link", O_RDONLY));
        overlay.remove("/link");
        assertErrno(Errno.ENOENT, () -> overlay.readSymlink("/link"));
        replay();
        assertEquals("../run.sh", overlay.readSymlink("/docs/l2"));
        assertErrno(Errno.ENOENT, () -> overlay.readSymlink("/link"));
    }

    @Test
    void anUnlinkedOpenFileStaysReadableAndWritableThroughItsHandle() throws IOException {
        byte[] readme = baseFiles().get("docs/readme.txt");
        OpenFile h = overlay.open("/docs/readme.txt", O_RDWR);
        try {
            overlay.remove("/docs/readme.txt");
            assertErrno(Errno.ENOENT, () -> overlay.attributes("/docs/readme.txt"));
            assertErrno(Errno.ENOENT, () -> overlay.open("/docs/readme.txt", O_RDONLY));
            assertArrayEquals(readme, readAll(h, readme.length));
            h.write(0, utf8("XY"), 0, 2);
            h.write(readme.length, utf8("++"), 0, 2);
            byte[] expect = Arrays.copyOf(readme, readme.length + 2);
            expect[0] = 'X';
            expect[1] = 'Y';
            expect[readme.length] = '+';
            expect[readme.length + 1] = '+';
            assertEquals(expect.length, h.attributes().size());
            assertArrayEquals(expect, readAll(h, expect.length));
            h.truncate(3);
            assertEquals(3, h.attributes().size());
            // a new file under the old name is another file
            create(overlay, "/docs/readme.txt", 0644, utf8("other"));
            assertArrayEquals(utf8("XYa"), readAll(h, 3));
            assertArrayEquals(utf8("other"), readAll(overlay, "/docs/readme.txt"));
        } finally {
            h.close();
        }
        replay();
        assertArrayEquals(utf8("other"), readAll(overlay, "/docs/readme.txt"));
    }

    @Test
    void aRenamedOpenFileIsWrittenUnderItsNewName() throws IOException {
        try (OpenFile h = overlay.open("/run.sh", O_RDWR)) {
            overlay.rename("/run.sh", "/docs/run2.sh");
            h.write(0, utf8("#?"), 0, 2);
        }
        byte[] expect = baseFiles().get("run.sh").clone();
        expect[1] = '?';
        assertArrayEquals(expect, readAll(overlay, "/docs/run2.sh"));
        replay();
        assertArrayEquals(expect, readAll(overlay, "/docs/run2.sh"));
    }

    @Test
    void errorsCarryTheirErrno() throws IOException {
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/nope"));
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/docs/nope"));
        assertErrno(Errno.ENOENT, () -> overlay.list("/nope"));
        assertErrno(Errno.ENOTDIR, () -> overlay.list("/run.sh"));
        assertErrno(Errno.ENOTDIR, () -> overlay.attributes("/run.sh/x"));
        assertErrno(Errno.EISDIR, () -> overlay.open("/docs", O_RDONLY));
        assertErrno(Errno.EISDIR, () -> overlay.truncate("/docs", 0));
        assertErrno(Errno.EINVAL, () -> overlay.truncate("/run.sh", -1));
        assertErrno(Errno.EPERM, () -> overlay.link("/run.sh", "/hard"));
        assertErrno(Errno.ENOENT, () -> overlay.changeMode("/nope", 0644));
        assertErrno(Errno.ENOENT, () -> overlay.setModificationTime("/nope", 1, 1));
        assertErrno(Errno.EBUSY, () -> overlay.removeDirectory("/"));
        assertErrno(Errno.EBADF, () -> {
            try (OpenFile f = overlay.open("/run.sh", O_RDONLY)) {
                f.write(0, new byte[1], 0, 1);
            }
        });
        assertErrno(Errno.ENOENT, () -> overlay.attributes("/hard"));
        // none of the refusals changed anything, now or after a replay
        assertEquals(baseTree(), tree(overlay));
        replay();
        assertEquals(baseTree(), tree(overlay));
    }

    @Test
    void modeOwnerAndTimes() throws IOException {
        overlay.changeMode("/run.sh", 0100700);
        overlay.changeMode("/docs", 0750);
        overlay.changeOwner("/run.sh", 77, -1);
        overlay.setModificationTime("/run.sh", 1_700_000_000L, 123);
        NodeAttributes a = overlay.attributes("/run.sh");
        assertEquals(0700, a.permissions());
        assertEquals(77, a.uid());
        assertEquals(GID, a.gid());
        assertEquals(1_700_000_000L, a.mtimeSeconds());
        assertEquals(123, a.mtimeNanos());
        assertEquals(0750, overlay.attributes("/docs").permissions());
        replay();
        NodeAttributes b = overlay.attributes("/run.sh");
        assertEquals(a, new NodeAttributes(a.inode(), b.kind(), b.permissions(), b.size(), b.mtimeSeconds(),
                b.mtimeNanos(), b.links(), b.uid(), b.gid()), "everything but the inode number survives a replay");
        assertEquals(0750, overlay.attributes("/docs").permissions());
    }

    @Test
    void theTreeDescribedByTheBaseAfterManyChangesMatchesAModel() throws IOException {
        create(overlay, "/a.txt", 0644, utf8("a"));
        overlay.makeDirectory("/new", 0755, CALLER);
        overlay.rename("/a.txt", "/new/a.txt");
        write(overlay, "/new/a.txt", 1, utf8("bc"));
        overlay.remove("/docs/guide.md");
        overlay.rename("/data/nested", "/nested2");
        overlay.makeSymlink("nested2/deep.txt", "/deep-link", CALLER);
        overlay.changeMode("/new/a.txt", 0600);

        Map<String, Node> expect = new java.util.TreeMap<>(baseTree());
        expect.remove("docs/guide.md");
        expect.put("nested2", expect.remove("data/nested"));
        expect.put("nested2/deep.txt", expect.remove("data/nested/deep.txt"));
        expect.put("new", dir(0755));
        expect.put("new/a.txt", file(0600, utf8("abc")));
        expect.put("deep-link", symlink("nested2/deep.txt"));
        assertEquals(expect, tree(overlay));
        replay();
        assertEquals(expect, tree(overlay));
    }
}
