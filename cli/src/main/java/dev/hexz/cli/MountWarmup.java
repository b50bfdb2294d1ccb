package dev.hexz.cli;

import com.sun.nio.file.ExtendedOpenOption;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.FuseMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs a new mount's whole read path before it is handed to the user: the server reads its own
 * mount, through the kernel, a few thousand times. A fresh JVM interprets code at first, and
 * the path of a read crosses the kernel, libfuse, jnr-ffi's call into Java, the tree, the
 * archive reader (decoding, decrypting) and the reply back to libfuse: exercising only the
 * reader left the first few hundred reads of a mount slow (see BENCHMARKS.md, "Figures
 * on the Intel Xeon VM after the kernel-path warm-up").
 *
 * <p>Each read is {@code O_DIRECT} (so the kernel's page cache cannot answer it) of one
 * file-system block, and the reader's block cache is emptied before it, so every read decodes
 * its block again: the blocks come from disk once, then from the OS page cache. The reads cycle
 * over the first few stored (not all-zero) blocks of the largest file. They stop when the
 * server has served a read that was not theirs (someone else's reads come first), when their
 * time is up ({@link #budgetMillis}; checked between reads), or at the first error (a mount
 * that cannot be warmed works as well, only its first reads are slower).
 *
 * <p>Before the reads, the server lists its directories the same way, through the kernel, and
 * then makes the kernel forget what that taught it ({@link #listDirectories}).
 *
 * <p>A background server warms up before it tells {@code hexz mount} it is ready, so the warm-up
 * adds about {@link #budgetMillis} to a mount, and no unmount can find the warm-up's file open
 * (which would make it fail as busy). A server in the foreground does not warm up: its mount is
 * in use as soon as it appears.
 */
final class MountWarmup {

    /** Reads that bring the first user reads to the speed of later ones (measured: 3,000). */
    static final int READS = 3000;
    /**
     * The most the warm-up, listings and reads together, may add to a mount's start (it runs
     * before the mount is announced): enough for ~2,000 reads of a plain archive here.
     */
    static final long MAX_MILLIS = 250;
    /**
     * The same for an encrypted archive, whose server compiles with C2 (for the JDK's AES and
     * GHASH intrinsics) and gets through fewer reads in the time: ~500 in 250 ms here left its
     * slowest percent of reads at ~2.5× a plain mount's, 500 ms at 1.14–1.41× (BENCHMARKS.md).
     * With 400 ms an encrypted mount takes 0.82–0.87 s here (0.96 s with the page cache dropped).
     */
    static final long MAX_MILLIS_ENCRYPTED = 400;
    /**
     * Directory listings that bring a first {@code find} to the speed of later ones: C1 compiles
     * a method after ~200 calls, and a listing is a lookup and two readdirs. A tree of 20,000
     * files in 215 directories: a first {@code find} cost the server 30–40 ms of CPU without them,
     * 13–15 ms with them (BENCHMARKS.md).
     */
    static final int MAX_VISITS = 600;
    /**
     * Directories with more entries are not listed: one listing is not interrupted, and a
     * directory of a million names would take seconds to list.
     */
    static final int MAX_ENTRIES = 2000;
    /** At least this many listings, in rounds, of a tree with few directories (a file archive has one). */
    static final int MIN_VISITS = 50;
    /** The most the directories may take of the warm-up's budget; the reads have the rest. */
    static final long DIRECTORY_MILLIS = 100;
    /** Distinct stored blocks read in turn: variety in block sizes, little from disk. */
    static final int SPREAD = 16;
    /** Blocks looked at for stored ones (a few index pages at most). */
    private static final int SCAN = 4096;

    private MountWarmup() {
    }

    /** The warm-up's time budget for {@code reader}'s archive. */
    static long budgetMillis(ArchiveReader reader) {
        return reader.isEncrypted() ? MAX_MILLIS_ENCRYPTED : MAX_MILLIS;
    }

    /**
     * The whole warm-up of a background server's new mount: its directories (twice as many
     * listings as it has directories, but at least {@link #MIN_VISITS} and at most
     * {@link #MAX_VISITS}, for at most {@link #DIRECTORY_MILLIS}), then reads for the rest of
     * {@link #budgetMillis}.
     */
    static void warmUp(FuseMount mount, ArchiveTree tree, ArchiveReader reader) {
        long start = System.nanoTime();
        List<String> dirs = tree.directoriesBreadthFirst(MAX_VISITS, MAX_ENTRIES);
        int visits = Math.max(MIN_VISITS, Math.min(MAX_VISITS, 2 * dirs.size()));
        Optional<ArchiveTree.FileSpan> largest = tree.largestFile(); // a pass over every node: once
        listDirectories(mount, dirs, largest.map(ArchiveTree.FileSpan::path), visits, DIRECTORY_MILLIS);
        long spent = (System.nanoTime() - start) / 1_000_000;
        run(mount.mountPoint(), tree, reader, largest, READS, Math.max(0, budgetMillis(reader) - spent));
    }

    /**
     * Reads the mount at {@code mountPoint} (serving {@code tree} of {@code reader}) up to
     * {@code reads} times; returns how many reads were done.
     */
    static int run(Path mountPoint, ArchiveTree tree, ArchiveReader reader, int reads, long maxMillis) {
        return run(mountPoint, tree, reader, tree.largestFile(), reads, maxMillis);
    }

    /** {@link #run(Path, ArchiveTree, ArchiveReader, int, long)} on {@code file}, the tree's largest file. */
    private static int run(Path mountPoint, ArchiveTree tree, ArchiveReader reader,
            Optional<ArchiveTree.FileSpan> file, int reads, long maxMillis) {
        if (file.isEmpty()) {
            return 0;
        }
        Path path = at(mountPoint, file.get().path());
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        int done = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, ExtendedOpenOption.DIRECT)) {
            int block = (int) Files.getFileStore(path).getBlockSize();
            ByteBuffer buf = ByteBuffer.allocateDirect(2 * block).alignedSlice(block);
            long[] offsets = storedBlockOffsets(reader, file.get(), block);
            long before = tree.readsServed();
            while (done < reads && System.nanoTime() < deadline) {
                if (tree.readsServed() != before + done) {
                    break; // someone else's read reached the server
                }
                reader.forgetCachedBlocks();
                buf.clear().limit(block);
                ch.read(buf, offsets[done % offsets.length]);
                done++;
            }
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            // no O_DIRECT here, an unreadable file, a damaged block, no direct memory: the first
            // user reads are slower, no more
        }
        return done;
    }

    /**
     * Lists {@code dirs} (tree paths, from {@code /}) through the kernel as a {@code find} would
     * (a lookup of each, then its entries), in rounds, until {@code visits} listings are done or
     * {@code maxMillis} has passed. Each round also looks {@code file} up (as {@code stat} and
     * {@code cat} do), then makes the kernel forget the names, attributes and listings it
     * learned: the next round, and the user's first {@code find}, ask the server again. Returns
     * the listings done.
     */
    static int listDirectories(FuseMount mount, List<String> dirs, Optional<String> file, int visits, long maxMillis) {
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        int done = 0;
        try {
            boolean forgotten = true;
            while (done < visits && forgotten && !dirs.isEmpty() && System.nanoTime() < deadline) {
                for (int i = 0; i < dirs.size() && done < visits && System.nanoTime() < deadline; i++, done++) {
                    try (DirectoryStream<Path> listing = Files.newDirectoryStream(at(mount.mountPoint(), dirs.get(i)))) {
                        listing.forEach(entry -> { });
                    }
                }
                if (file.isPresent()) {
                    lookUp(at(mount.mountPoint(), file.get()));
                }
                forgotten = mount.invalidateKernelCaches(); // false: this binding cannot, so one round only
            }
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            // as in run(): only the first listings are slower; what the kernel learned goes if it can
            try {
                mount.invalidateKernelCaches();
            } catch (Exception | LinkageError | OutOfMemoryError again) {
                // the kernel keeps what it listed, as it would after a user's ls: no harm
            }
        }
        return done;
    }

    /** Looks {@code path} up (a lookup of a file, as stat does); a file its parents hide is not an error here. */
    private static void lookUp(Path path) {
        try {
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            // a parent the server's user may not enter: the listings still warm the lookups
        }
    }

    /** Where the tree's {@code treePath} (from {@code /}) is under {@code mountPoint}. */
    private static Path at(Path mountPoint, String treePath) {
        return mountPoint.resolve(treePath.substring(1));
    }

    /**
     * Where (in {@code file}, aligned down to {@code align}) up to {@link #SPREAD} of its first
     * stored blocks start: a block of zeros is answered without decoding anything, and a disk
     * image can start with a megabyte of them. Looks at most {@link #SCAN} blocks; offset 0 when
     * none of them is stored (the read still warms everything but the decoding).
     */
    static long[] storedBlockOffsets(ArchiveReader reader, ArchiveTree.FileSpan file, int align) throws IOException {
        long n = reader.blockCount();
        long lo = 0;
        long hi = n;
        while (lo < hi) { // the first block that ends after the file's start
            long mid = (lo + hi) >>> 1;
            if (reader.entry(mid).logicalEnd() <= file.start()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        long end = file.start() + file.size();
        long[] found = new long[SPREAD];
        int count = 0;
        for (long b = lo; b < n && b < lo + SCAN && count < SPREAD; b++) {
            BlockEntry e = reader.entry(b);
            if (e.logicalOffset() >= end) {
                break;
            }
            if (!e.isZero()) {
                long at = Math.max(e.logicalOffset(), file.start()) - file.start();
                found[count++] = at - at % align;
            }
        }
        return count == 0 ? new long[] {0} : Arrays.copyOf(found, count);
    }
}
