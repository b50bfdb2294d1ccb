package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.DirectoryEntry;
import dev.hexz.fuse.FsStatistics;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import dev.hexz.fuse.MountedTree;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mount server's warm-up lists and reads its own mount, through the kernel, leaves the kernel's
 * caches as they were, and yields to real readers.
 */
class MountWarmupIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void fuse() {
        MountTests.requireFuse();
    }

    private interface WithMount {
        void run(Path mnt, ArchiveTree tree, ArchiveReader reader) throws Exception;
    }

    private void mounted(byte[] data, WithMount body) throws Exception {
        Path archive = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults())) {
            w.addBytes(data);
            w.finish();
        }
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree tree = ArchiveTree.of(r, "data", 1_700_000_000L, Owner.uid(), Owner.gid());
            m = FuseMount.mount(tree, mnt, MountOptions.forArchive(archive.toString()), MountListener.NONE);
            body.run(mnt, tree, r);
            m.unmount(false, Duration.ofSeconds(10)); // not busy: the warm-up closed its file
        } finally {
            if (m != null && m.isServing()) {
                m.unmount(true, Duration.ofSeconds(5));
            }
            MountTests.unmountAll(List.of(mnt));
        }
    }

    private static byte[] data(int n) {
        byte[] b = new byte[n];
        new Random(5).nextBytes(b);
        for (int i = 0; i < n; i += 3) {
            b[i] = 0; // compressible in part, as real data is
        }
        return b;
    }

    @Test
    void everyWarmUpReadReachesTheServerAndTheMountStillReadsRight() throws Exception {
        byte[] data = data(3 << 20);
        mounted(data, (mnt, tree, reader) -> {
            int done = MountWarmup.run(mnt, tree, reader, 300, 30_000);
            assertEquals(300, done, "nobody else read: all the reads asked for");
            assertEquals(300, tree.readsServed(), "each read went through the kernel to the server (O_DIRECT)");
            assertArrayEquals(data, Files.readAllBytes(mnt.resolve("data")));
        });
    }

    @Test
    void theWarmUpStopsWhenSomeoneElseReads() throws Exception {
        byte[] data = data(1 << 20);
        mounted(data, (mnt, tree, reader) -> {
            CompletableFuture<Integer> warm = CompletableFuture.supplyAsync(
                    () -> MountWarmup.run(mnt, tree, reader, Integer.MAX_VALUE, 60_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (tree.readsServed() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(tree.readsServed() >= 20, "the warm-up is reading");
            byte[] got = Files.readAllBytes(mnt.resolve("data")); // through the page cache: the server reads it
            int done = warm.get(10, TimeUnit.SECONDS);
            assertTrue(done >= 20, "stopped after " + done + " reads, once someone else read");
            assertArrayEquals(data, got);
        });
    }

    @Test
    void directoryListingsReachTheServerEveryRoundAndTheKernelForgetsThem() throws Exception {
        Path archive = tmp.resolve("t.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.treeDefaults())) {
            for (String d : List.of("a", "a/x", "b", "c")) {
                w.addDirectory(d, 0755, 0, 0);
            }
            w.addFile("a/x/f", new java.io.ByteArrayInputStream(new byte[100]), 0644, 0, 0);
            w.finish();
        }
        withCountingMount(archive, (m, mnt, tree, r, counting) -> {
            List<String> dirs = tree.directoriesBreadthFirst(100, 100);
            assertEquals(5, dirs.size());

            // libfuse 3 can tell the kernel to forget; with libfuse 2 (HEXZ_FUSE=2) one round is all
            boolean canForget = m.invalidateKernelCaches();
            int expected = canForget ? 20 : 5;

            int done = MountWarmup.listDirectories(m, dirs, Optional.of("/a/x/f"), 20, 30_000);

            assertEquals(expected, done, "four rounds of five directories");
            assertEquals(expected, counting.listings.get(),
                    "every listing reached the server: the kernel forgot the last round's before the next");
            try (var listing = Files.list(mnt.resolve("a"))) {
                assertEquals(List.of(mnt.resolve("a/x")), listing.toList());
            }
            if (canForget) {
                assertEquals(21, counting.listings.get(), "the kernel forgot the last round too: a user's listing asks");
            }
        });
    }

    @Test
    void theWholeWarmUpListsThenReadsAndLeavesTheKernelAsking() throws Exception {
        Path archive = tmp.resolve("w.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.treeDefaults())) {
            w.addDirectory("d", 0755, 0, 0);
            w.addFile("d/f", new java.io.ByteArrayInputStream(data(1 << 20)), 0644, 0, 0);
            w.finish();
        }
        withCountingMount(archive, (m, mnt, tree, r, counting) -> {
            boolean canForget = m.invalidateKernelCaches();

            MountWarmup.warmUp(m, tree, r);

            int listed = counting.listings.get();
            assertTrue(listed > 0, "the directories were listed");
            assertTrue(tree.readsServed() > 0, "then the file was read");
            try (var listing = Files.list(mnt.resolve("d"))) {
                assertEquals(1, listing.count());
            }
            if (canForget) {
                assertEquals(listed + 1, counting.listings.get(), "the user's first listing reaches the server");
            }
        });
    }

    private interface WithCountingMount {
        void run(FuseMount m, Path mnt, ArchiveTree tree, ArchiveReader reader, ListingCounter counting) throws Exception;
    }

    /** Mounts {@code archive}'s tree behind a {@link ListingCounter}, runs {@code body}, unmounts (not busy). */
    private void withCountingMount(Path archive, WithCountingMount body) throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveTree tree = ArchiveTree.of(r, "data", 1_700_000_000L, Owner.uid(), Owner.gid());
            ListingCounter counting = new ListingCounter(tree);
            m = FuseMount.mount(counting, mnt, MountOptions.forArchive(archive.toString()), MountListener.NONE);
            body.run(m, mnt, tree, r, counting);
            m.unmount(false, Duration.ofSeconds(10)); // not busy: nothing the warm-up opened stays open
        } finally {
            if (m != null && m.isServing()) {
                m.unmount(true, Duration.ofSeconds(5));
            }
            MountTests.unmountAll(List.of(mnt));
        }
    }

    /** A tree that counts the listings it serves. */
    private static final class ListingCounter implements MountedTree {
        final MountedTree tree;
        final AtomicInteger listings = new AtomicInteger();

        ListingCounter(MountedTree tree) {
            this.tree = tree;
        }

        @Override
        public List<DirectoryEntry> list(String path) throws IOException {
            listings.incrementAndGet();
            return tree.list(path);
        }

        @Override
        public NodeAttributes attributes(String path) throws IOException {
            return tree.attributes(path);
        }

        @Override
        public String readSymlink(String path) throws IOException {
            return tree.readSymlink(path);
        }

        @Override
        public OpenFile open(String path, int flags) throws IOException {
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

    @Test
    void aMountWithNothingToReadIsNotWarmed() throws Exception {
        mounted(new byte[0], (mnt, tree, reader) -> {
            assertEquals(0, MountWarmup.run(mnt, tree, reader, 100, 30_000));
            assertEquals(0, tree.readsServed());
        });
    }
}
