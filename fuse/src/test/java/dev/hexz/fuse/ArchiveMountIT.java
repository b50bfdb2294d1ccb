package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.WriterOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archives mounted for real through /dev/fuse, read with ordinary file APIs, through libfuse 3
 * (the default); {@link ArchiveMountLibfuse2IT} runs the same tests through the libfuse 2 fallback.
 */
class ArchiveMountIT {

    /** The libfuse these tests mount through. */
    FuseApi api() {
        return FuseApi.LIBFUSE3;
    }

    @TempDir
    Path tmp;

    @BeforeEach
    void fuse() {
        FuseSupport.requireFuse();
    }

    private interface WithMount {
        void run(Path mnt) throws Exception;
    }

    private void mounted(Path archive, MountListener listener, WithMount body) throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            m = FuseMount.mount(ArchiveTree.of(r, "data", 1_700_000_000L, uid(), gid()), mnt,
                    MountOptions.forArchive(archive.toString()), listener, api());
            assertEquals(api(), m.api());
            Path readAhead = Path.of("/sys/class/bdi", MountTable.at(mnt).orElseThrow().device(), "read_ahead_kb");
            if (Files.isWritable(readAhead)) { // root: the mount reads ahead one request of 1 MiB
                assertEquals(String.valueOf(ReadAhead.KIB), Files.readString(readAhead).trim());
            }
            body.run(mnt);
            m.unmount(false, Duration.ofSeconds(10));
            assertFalse(m.isServing(), "the loop ends when the file system is unmounted");
            assertTrue(MountTable.at(mnt).isEmpty());
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    @Test
    void aDirectoryArchiveShowsItsTreeAsPacked() throws Exception {
        Path src = FuseSupport.sampleTree(tmp);
        Path archive = FuseSupport.packTree(src, tmp.resolve("t.hxz"));
        mounted(archive, MountListener.NONE, mnt -> {
            List<Path> expected;
            try (Stream<Path> s = Files.walk(src)) {
                expected = s.map(src::relativize).sorted().toList();
            }
            List<Path> actual;
            try (Stream<Path> s = Files.walk(mnt)) {
                actual = s.map(mnt::relativize).sorted().toList();
            }
            assertEquals(expected, actual);
            for (Path rel : expected) {
                Path a = src.resolve(rel.toString());
                Path b = mnt.resolve(rel.toString());
                if (Files.isSymbolicLink(a)) {
                    assertTrue(Files.isSymbolicLink(b), rel.toString());
                    assertEquals(Files.readSymbolicLink(a), Files.readSymbolicLink(b));
                } else if (Files.isDirectory(a)) {
                    assertTrue(Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS), rel.toString());
                } else {
                    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), rel.toString());
                    assertEquals(Files.getPosixFilePermissions(a), Files.getPosixFilePermissions(b), rel.toString());
                    assertEquals(Files.getLastModifiedTime(a).toMillis() / 1000,
                            Files.getLastModifiedTime(b).toMillis() / 1000, rel.toString());
                }
            }
            assertEquals(uid(), ((Number) Files.getAttribute(mnt.resolve("a.txt"), "unix:uid")).intValue());
            assertArrayEquals(Files.readAllBytes(src.resolve("sub/b.bin")), Files.readAllBytes(mnt.resolve("link")),
                    "a symlink resolves inside the mount");
        });
    }

    @Test
    void writesFailWithReadOnlyFileSystem() throws Exception {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        mounted(archive, MountListener.NONE, mnt -> {
            assertReadOnly(() -> Files.writeString(mnt.resolve("new.txt"), "x"));
            assertReadOnly(() -> Files.writeString(mnt.resolve("a.txt"), "x", StandardOpenOption.APPEND));
            assertReadOnly(() -> Files.createDirectory(mnt.resolve("d")));
            assertReadOnly(() -> Files.delete(mnt.resolve("a.txt")));
            assertReadOnly(() -> Files.move(mnt.resolve("a.txt"), mnt.resolve("b.txt")));
            assertReadOnly(() -> Files.setPosixFilePermissions(mnt.resolve("a.txt"),
                    PosixFilePermissions.fromString("rwxrwxrwx")));
            assertEquals("hello from hexz\n", Files.readString(mnt.resolve("a.txt")), "nothing changed");
        });
    }

    @Test
    void theMountTableAndStatfsShowTheArchive() throws Exception {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        mounted(archive, MountListener.NONE, mnt -> {
            MountInfo m = MountTable.at(mnt).orElseThrow();
            assertEquals("fuse.hexz", m.fsType());
            assertEquals(archive.toString(), m.source(), "fsname: what mount and df show");
            assertTrue(m.options().startsWith("ro"), m.options());
            assertEquals(MountState.LIVE, MountPoints.state(mnt));
            long total = Files.getFileStore(mnt).getTotalSpace();
            assertTrue(total >= (300 << 10), "statfs counts the files' bytes: " + total);
            assertEquals(0, Files.getFileStore(mnt).getUsableSpace());
        });
    }

    @Test
    void inodeNumbersAreStableAcrossMounts() throws Exception {
        Path archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
        long[] first = new long[2];
        mounted(archive, MountListener.NONE, mnt -> {
            first[0] = inode(mnt.resolve("sub/b.bin"));
            first[1] = inode(mnt.resolve("a.txt"));
        });
        mounted(archive, MountListener.NONE, mnt -> {
            assertEquals(first[0], inode(mnt.resolve("sub/b.bin")));
            assertEquals(first[1], inode(mnt.resolve("a.txt")));
        });
        assertNotEquals(first[0], first[1]);
    }

    @Test
    void aThinArchiveMountsWithItsChain() throws Exception {
        Path src = FuseSupport.sampleTree(tmp);
        Path base = FuseSupport.packTree(src, tmp.resolve("v1.hxz"));
        Files.writeString(src.resolve("a.txt"), "changed in v2\n");
        Files.write(src.resolve("added.bin"), FuseSupport.randomBytes(70_000, 9));
        Path thin = tmp.resolve("v2.hxz");
        try (ArchiveReader parent = ArchiveReader.open(base);
                ArchiveWriter w = ArchiveWriter.createThin(thin, WriterOptions.treeDefaults(), parent)) {
            w.addTree(src);
            w.finish();
        }
        mounted(thin, MountListener.NONE, mnt -> {
            assertEquals("changed in v2\n", Files.readString(mnt.resolve("a.txt")));
            assertArrayEquals(Files.readAllBytes(src.resolve("added.bin")), Files.readAllBytes(mnt.resolve("added.bin")));
            assertArrayEquals(Files.readAllBytes(src.resolve("sub/b.bin")), Files.readAllBytes(mnt.resolve("sub/b.bin")),
                    "unchanged bytes come from the parent");
        });
    }

    @Test
    void aCorruptBlockGivesEioAndIsLoggedNeverWrongBytes() throws Exception {
        Path src = FuseSupport.sampleTree(tmp);
        Path archive = FuseSupport.packTree(src, tmp.resolve("t.hxz"));
        long stored;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            long start = r.file("sub/b.bin").orElseThrow().entry().logicalOffset();
            BlockEntry victim = null;
            for (long n = 0; n < r.blockCount(); n++) {
                BlockEntry e = r.entry(n);
                if (e.logicalOffset() >= start && !e.isZero()) {
                    victim = e;
                    break;
                }
            }
            stored = victim.storedOffset() + victim.storedLength() / 2;
        }
        try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
            f.seek(stored);
            int b = f.read();
            f.seek(stored);
            f.write(b ^ 0x5a);
        }
        List<String> logged = new CopyOnWriteArrayList<>();
        mounted(archive, (op, path, cause) -> logged.add(op + " " + path + ": " + cause.getMessage()), mnt -> {
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(mnt.resolve("sub/b.bin")));
            assertTrue(String.valueOf(e.getMessage()).contains("Input/output error"), e.toString());
            assertEquals("hello from hexz\n", Files.readString(mnt.resolve("a.txt")), "other files still read");
            assertFalse(logged.isEmpty());
            String line = logged.get(0);
            assertTrue(line.contains("/sub/b.bin") && line.contains("block"), line);
        });
    }

    @Test
    void theKernelForgetsWhatItCachedWhenToldTheTreeChanged() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        ChangingTree tree = new ChangingTree();
        tree.put("a", "abc");
        tree.put("b", "bee");
        // names and attributes cached for a minute: only an invalidation makes a change visible sooner
        MountOptions minute = new MountOptions("changing", false, true, 60);
        FuseMount m = FuseMount.mount(tree, mnt, minute, MountListener.NONE, api());
        try {
            assertEquals(3, Files.size(mnt.resolve("a")));
            assertEquals("abc", Files.readString(mnt.resolve("a")));
            assertTrue(Files.exists(mnt.resolve("b")));
            tree.put("a", "abcdef");
            tree.drop("b");
            assertEquals(3, Files.size(mnt.resolve("a")), "the kernel answers from its cache");
            boolean told = m.invalidateKernelCaches();
            assertEquals(api() == FuseApi.LIBFUSE3, told, "only libfuse 3's low-level API can tell the kernel");
            if (told) {
                assertEquals(6, Files.size(mnt.resolve("a")));
                assertEquals("abcdef", Files.readString(mnt.resolve("a")), "cached pages dropped too");
                assertFalse(Files.exists(mnt.resolve("b")), "a dropped name is gone at once");
            }
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    @Test
    void aLargeDirectoryListsWholeForConcurrentReaders() throws Exception {
        // 2,000 names of 65 bytes: ~45 per 4 KiB reply, so every listing takes dozens of replies,
        // and eight listings at once share (or rebuild) the server's listing of the directory
        Path src = Files.createDirectories(tmp.resolve("big"));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String name = String.format("%04d-", i) + "x".repeat(60);
            Files.writeString(src.resolve(name), Integer.toString(i));
            names.add(name);
        }
        Path archive = FuseSupport.packTree(src, tmp.resolve("big.hxz"));
        mounted(archive, MountListener.NONE, mnt -> {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<List<String>>> listings = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    listings.add(pool.submit(() -> {
                        try (Stream<Path> s = Files.list(mnt)) {
                            return s.map(p -> p.getFileName().toString()).sorted().toList();
                        }
                    }));
                }
                for (var listing : listings) {
                    assertEquals(names, listing.get(30, java.util.concurrent.TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals("1999", Files.readString(mnt.resolve(names.get(1999))));
        });
    }

    @Test
    void concurrentReadersAreServedInParallel() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        BarrierTree tree = new BarrierTree(2);
        FuseMount m = FuseMount.mount(tree, mnt, MountOptions.forArchive("barrier"), MountListener.NONE, api());
        try {
            // each read waits (at most 10 s) until the other is in flight too: only parallel service passes
            Thread other = new Thread(() -> tree.readQuietly(mnt.resolve("f1")));
            other.start();
            byte[] mine = Files.readAllBytes(mnt.resolve("f0"));
            other.join(15_000);
            assertEquals(BarrierTree.SIZE, mine.length);
            assertTrue(tree.met(), "two reads were in the tree at the same time");
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    private static void assertReadOnly(Op op) {
        FileSystemException e = assertThrows(FileSystemException.class, op::run);
        assertEquals("Read-only file system", e.getReason(), e.toString());
    }

    private interface Op {
        void run() throws IOException;
    }

    private static long inode(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    static int uid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
    }

    static int gid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).intValue();
    }
}
