package dev.hexz.cli;

import com.sun.nio.file.ExtendedOpenOption;
import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.ArchiveTree;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Runs a new mount's whole read path before it is handed to the user: the server reads its own
 * mount, through the kernel, a few thousand times. A fresh JVM interprets code at first, and
 * the path of a read crosses the kernel, libfuse, jnr-ffi's call into Java, the tree, the
 * archive reader (decoding, decrypting) and the reply back to libfuse: exercising only the
 * reader left the first few hundred reads of a mount slow (see BENCHMARKS.md, "Warming the
 * read path through the kernel").
 *
 * <p>Each read is {@code O_DIRECT} (so the kernel's page cache cannot answer it) of one
 * file-system block, and the reader's block cache is emptied before it, so every read decodes
 * its block again: the blocks come from disk once, then from the OS page cache. The reads cycle
 * over a few blocks at the start of the largest file. They stop early when anyone else reads
 * the mount (its reads come first), when its time is up ({@link #budgetMillis}), or at the first error (a mount
 * that cannot be warmed works as well, only its first reads are slower).
 *
 * <p>A background server warms up before it tells {@code hexz mount} it is ready, so the warm-up
 * adds at most {@link #budgetMillis} to a mount, and no unmount can find the warm-up's file open
 * (which would make it fail as busy). A server in the foreground does not warm up: its mount is
 * in use as soon as it appears.
 */
final class MountWarmup {

    /** Reads that bring the first user reads to the speed of later ones (measured: 3,000). */
    static final int READS = 3000;
    /**
     * The most the warm-up may add to a mount's start (it runs before the mount is announced):
     * enough for ~2,000 reads of a plain archive here.
     */
    static final long MAX_MILLIS = 250;
    /**
     * The same for an encrypted archive, whose server compiles with C2 (for the JDK's AES and
     * GHASH intrinsics) and gets through fewer reads in the time: ~500 in 250 ms here left its
     * slowest percent of reads at ~2.5× a plain mount's, 500 ms at 1.14–1.41× (BENCHMARKS.md).
     * 400 ms keeps an encrypted mount (~0.45 s before its warm-up) well under a second.
     */
    static final long MAX_MILLIS_ENCRYPTED = 400;
    /** Distinct blocks read in turn, 64 KiB apart: variety in block sizes, little from disk. */
    private static final int SPREAD = 16;
    private static final long STRIDE = 64 * 1024;

    private MountWarmup() {
    }

    /** The warm-up's time budget for {@code reader}'s archive. */
    static long budgetMillis(ArchiveReader reader) {
        return reader.isEncrypted() ? MAX_MILLIS_ENCRYPTED : MAX_MILLIS;
    }

    /**
     * Reads the mount at {@code mountPoint} (serving {@code tree} of {@code reader}) up to
     * {@code reads} times; returns how many reads were done.
     */
    static int run(Path mountPoint, ArchiveTree tree, ArchiveReader reader, int reads, long maxMillis) {
        Optional<String> file = tree.largestFile();
        if (file.isEmpty()) {
            return 0;
        }
        Path path = mountPoint.resolve(file.get().substring(1));
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        int done = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            int block = (int) Files.getFileStore(path).getBlockSize();
            ByteBuffer buf = ByteBuffer.allocateDirect(2 * block).alignedSlice(block);
            int spread = (int) Math.max(1, Math.min(SPREAD, ch.size() / STRIDE));
            long before = tree.readsServed();
            while (done < reads && System.nanoTime() < deadline) {
                if (tree.readsServed() != before + done) {
                    break; // someone else reads the mount
                }
                reader.forgetCachedBlocks();
                buf.clear().limit(block);
                // 7 is prime to any spread up to 16: every block in turn, never two adjacent ones
                // in a row (which the reader would take for a sequential read and read ahead)
                ch.read(buf, (done * 7L % spread) * STRIDE);
                done++;
            }
        } catch (IOException | RuntimeException e) {
            // no O_DIRECT here, an unreadable file, a damaged block: the first user reads are slower, no more
        }
        return done;
    }
}
