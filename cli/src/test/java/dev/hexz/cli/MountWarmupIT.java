package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mount server's warm-up reads its own mount, through the kernel, and yields to real readers. */
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
    void aMountWithNothingToReadIsNotWarmed() throws Exception {
        mounted(new byte[0], (mnt, tree, reader) -> {
            assertEquals(0, MountWarmup.run(mnt, tree, reader, 100, 30_000));
            assertEquals(0, tree.readsServed());
        });
    }
}
