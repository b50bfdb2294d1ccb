package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through libfuse 3, a read-only tree answers the kernel's first OPEN and OPENDIR with ENOSYS,
 * after which the kernel opens files and directories itself: no OPEN, RELEASE, OPENDIR or
 * RELEASEDIR round trip per file or directory, reads by node, page cache and listings kept.
 */
class KernelOpensIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void fuse() {
        FuseSupport.requireFuse();
    }

    @Test
    void repeatedOpensOfAnArchiveFileDoNotReachTheTree() throws Exception {
        Path src = FuseSupport.sampleTree(tmp);
        Path archive = FuseSupport.packTree(src, tmp.resolve("t.hxz"));
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            CountingTree tree = new CountingTree(ArchiveTree.of(r, "data", 1_700_000_000L,
                    ArchiveMountIT.uid(), ArchiveMountIT.gid()));
            m = FuseMount.mount(tree, mnt, MountOptions.forArchive(archive.toString()), MountListener.NONE,
                    FuseApi.LIBFUSE3);
            byte[] expected = Files.readAllBytes(src.resolve("a.txt")); // one READ request
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(expected, Files.readAllBytes(mnt.resolve("a.txt")));
            }
            // the first OPEN (checked, then ENOSYS) and the one READ (served by node); an open
            // per pass (20) if the kernel still asked
            assertEquals(2, tree.opens.get(), "tree opens for 20 opens and reads of one small file");
            byte[] big = Files.readAllBytes(src.resolve("sub/b.bin"));
            assertArrayEquals(big, Files.readAllBytes(mnt.resolve("sub/b.bin")));
            int afterFirstRead = tree.opens.get();
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(big, Files.readAllBytes(mnt.resolve("sub/b.bin")));
            }
            assertEquals(afterFirstRead, tree.opens.get(), "opens of a file whose pages are cached reached the tree");

            // fsync of a file the kernel opened itself (handle 0): nothing to write, no error
            try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(mnt.resolve("a.txt"))) {
                c.force(true);
                c.force(false);
            }

            for (int i = 0; i < 5; i++) {
                try (Stream<Path> s = Files.list(mnt.resolve("sub"))) {
                    assertEquals(List.of("b.bin", "deep"), s.map(p -> p.getFileName().toString()).sorted().toList());
                }
            }
            assertEquals(1, tree.listings.get("/sub").get(), "the kernel keeps a listing it has read");
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    /** Counts opens and listings, and otherwise passes everything to the tree it wraps. */
    private static final class CountingTree implements MountedTree {
        final MountedTree tree;
        final AtomicInteger opens = new AtomicInteger();
        final Map<String, AtomicInteger> listings = new ConcurrentHashMap<>();

        CountingTree(MountedTree tree) {
            this.tree = tree;
        }

        @Override
        public NodeAttributes attributes(String path) throws IOException {
            return tree.attributes(path);
        }

        @Override
        public List<DirectoryEntry> list(String path) throws IOException {
            listings.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            return tree.list(path);
        }

        @Override
        public String readSymlink(String path) throws IOException {
            return tree.readSymlink(path);
        }

        @Override
        public OpenFile open(String path, int flags) throws IOException {
            opens.incrementAndGet();
            return tree.open(path, flags);
        }

        @Override
        public FsStatistics statistics() throws IOException {
            return tree.statistics();
        }

        @Override
        public boolean readOnly() {
            return tree.readOnly();
        }
    }
}
