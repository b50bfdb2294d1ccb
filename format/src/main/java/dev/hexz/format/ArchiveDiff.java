package dev.hexz.format;

import dev.hexz.format.hash.BlockHash;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What two archives have in common and what differs, from their indexes and manifests (no block
 * is read while the two share their chunking):
 *
 * <ul>
 *   <li>blocks: the distinct non-zero block hashes of each archive, as shared (in both), only in
 *       A and only in B, each counted once with its raw length;</li>
 *   <li>files (when both archives have a manifest, i.e. are directory or file archives): added,
 *       removed, modified (type, size, content or symlink target differ) and attributes-only
 *       changes (mode or mtime), in path order.</li>
 * </ul>
 *
 * A file's content is compared by the sequence of blocks covering its range (files start on a
 * block boundary, format/SPEC.md "Data region"): equal hashes mean equal bytes. When the two
 * archives were chunked differently the same bytes make different blocks, so contents of equal
 * size are then compared byte by byte.
 */
public final class ArchiveDiff {

    /** Distinct blocks and the raw bytes they hold. */
    public record BlockStats(long blocks, long bytes) {
    }

    /** How an entry changed. */
    public enum Change {
        /** only in B */
        ADDED,
        /** only in A */
        REMOVED,
        /** type, size, content or symlink target differ (mode and mtime may differ too) */
        MODIFIED,
        /** same type and content; only the mode or the mtime differ */
        ATTRIBUTES
    }

    /** What differs between two entries at the same path. */
    public enum Aspect { TYPE, SIZE, CONTENT, TARGET, MODE, MTIME }

    /**
     * One path that differs.
     *
     * @param before the entry in A (null when added)
     * @param after the entry in B (null when removed)
     * @param aspects what differs (empty for added and removed entries)
     */
    public record FileChange(String path, Change change, ManifestEntry before, ManifestEntry after, Set<Aspect> aspects) {
    }

    /**
     * The comparison.
     *
     * @param identical whether the two logical streams hold the same bytes
     * @param comparesFiles whether both archives have a manifest and {@code files} compares them
     * @param files the paths that differ, in manifest order (empty unless {@code comparesFiles})
     * @param blocksComparable whether the two archives name blocks alike (see
     *     {@link ArchiveReader#namesBlocksLike}); when not (encrypted under different keys, or one
     *     encrypted and one plain), the block counts are zero and files were compared byte by byte
     */
    public record Result(BlockStats shared, BlockStats onlyInA, BlockStats onlyInB, boolean identical,
            boolean comparesFiles, List<FileChange> files, boolean blocksComparable) {

        public long count(Change c) {
            return files.stream().filter(f -> f.change() == c).count();
        }
    }

    private static final int COMPARE_BUFFER = 1 << 20;

    private final ArchiveReader a;
    private final ArchiveReader b;
    /** Equal chunking and equal block naming: equal hashes at equal boundaries mean equal bytes. */
    private final boolean sameChunking;
    private final boolean comparableNames;
    private Blocks blocksA;
    private Blocks blocksB;

    private ArchiveDiff(ArchiveReader a, ArchiveReader b) {
        this.a = a;
        this.b = b;
        this.comparableNames = a.namesBlocksLike(b);
        this.sameChunking = comparableNames && a.header().chunking().equals(b.header().chunking());
    }

    /** Compares {@code a} with {@code b} (both opened with their chains). */
    public static Result compare(ArchiveReader a, ArchiveReader b) throws IOException {
        return new ArchiveDiff(a, b).run();
    }

    private Result run() throws IOException {
        blocksA = Blocks.of(a);
        blocksB = Blocks.of(b);
        Map<BlockHash, Integer> inA = comparableNames ? blocksA.distinct() : Map.of();
        Map<BlockHash, Integer> inB = comparableNames ? blocksB.distinct() : Map.of();
        long sharedN = 0;
        long sharedBytes = 0;
        long onlyAN = 0;
        long onlyABytes = 0;
        for (Map.Entry<BlockHash, Integer> e : inA.entrySet()) {
            if (inB.containsKey(e.getKey())) {
                sharedN++;
                sharedBytes += e.getValue();
            } else {
                onlyAN++;
                onlyABytes += e.getValue();
            }
        }
        long onlyBN = 0;
        long onlyBBytes = 0;
        for (Map.Entry<BlockHash, Integer> e : inB.entrySet()) {
            if (!inA.containsKey(e.getKey())) {
                onlyBN++;
                onlyBBytes += e.getValue();
            }
        }
        boolean identical = sameRange(0, a.size(), 0, b.size());
        boolean comparesFiles = hasManifest(a) && hasManifest(b);
        List<FileChange> files = comparesFiles ? compareManifests(a.manifest(), b.manifest()) : List.of();
        return new Result(new BlockStats(sharedN, sharedBytes), new BlockStats(onlyAN, onlyABytes),
                new BlockStats(onlyBN, onlyBBytes), identical, comparesFiles, files, comparableNames);
    }

    private static boolean hasManifest(ArchiveReader r) throws IOException {
        return r.header().isDirectory() || r.manifest().size() > 0;
    }

    private List<FileChange> compareManifests(Manifest ma, Manifest mb) throws IOException {
        List<ManifestEntry> ea = ma.entries();
        List<ManifestEntry> eb = mb.entries();
        List<FileChange> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < ea.size() || j < eb.size()) {
            int c = i == ea.size() ? 1 : j == eb.size() ? -1 : ManifestPaths.compare(ea.get(i).path(), eb.get(j).path());
            if (c < 0) {
                out.add(new FileChange(ea.get(i).path(), Change.REMOVED, ea.get(i), null, Set.of()));
                i++;
            } else if (c > 0) {
                out.add(new FileChange(eb.get(j).path(), Change.ADDED, null, eb.get(j), Set.of()));
                j++;
            } else {
                FileChange fc = compareEntries(ea.get(i), eb.get(j));
                if (fc != null) {
                    out.add(fc);
                }
                i++;
                j++;
            }
        }
        return out;
    }

    /** The change between two entries at the same path, or null when they are the same. */
    private FileChange compareEntries(ManifestEntry x, ManifestEntry y) throws IOException {
        EnumSet<Aspect> aspects = EnumSet.noneOf(Aspect.class);
        if (x.type() != y.type()) {
            aspects.add(Aspect.TYPE);
        } else if (x.isFile()) {
            if (x.size() != y.size()) {
                aspects.add(Aspect.SIZE);
                aspects.add(Aspect.CONTENT);
            } else if (!sameRange(x.logicalOffset(), x.size(), y.logicalOffset(), y.size())) {
                aspects.add(Aspect.CONTENT);
            }
        } else if (x.isSymlink() && !Objects.equals(x.symlinkTarget(), y.symlinkTarget())) {
            aspects.add(Aspect.TARGET);
        }
        if (x.mode() != y.mode()) {
            aspects.add(Aspect.MODE);
        }
        if (x.mtimeSeconds() != y.mtimeSeconds() || x.mtimeNanos() != y.mtimeNanos()) {
            aspects.add(Aspect.MTIME);
        }
        if (aspects.isEmpty()) {
            return null;
        }
        boolean content = aspects.contains(Aspect.TYPE) || aspects.contains(Aspect.CONTENT)
                || aspects.contains(Aspect.TARGET);
        return new FileChange(x.path(), content ? Change.MODIFIED : Change.ATTRIBUTES, x, y,
                Collections.unmodifiableSet(aspects));
    }

    /** Whether A's bytes {@code [offA, +lenA)} equal B's {@code [offB, +lenB)}. */
    private boolean sameRange(long offA, long lenA, long offB, long lenB) throws IOException {
        if (lenA != lenB) {
            return false;
        }
        if (lenA == 0) {
            return true;
        }
        if (sameChunking) {
            Boolean byBlocks = blocksA.sameBlocks(offA, lenA, blocksB, offB);
            if (byBlocks != null) {
                return byBlocks;
            }
        }
        return sameBytes(offA, offB, lenA);
    }

    private boolean sameBytes(long offA, long offB, long len) throws IOException {
        byte[] x = new byte[(int) Math.min(COMPARE_BUFFER, len)];
        byte[] y = new byte[x.length];
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(x.length, len - done);
            a.readFully(offA + done, x, 0, n);
            b.readFully(offB + done, y, 0, n);
            if (!Arrays.equals(x, 0, n, y, 0, n)) {
                return false;
            }
            done += n;
        }
        return true;
    }

    /** One archive's blocks in logical order: offsets, lengths, zero flags and hashes. */
    private static final class Blocks {
        final long[] offset;
        final int[] length;
        final boolean[] zero;
        final byte[] hashes;

        private Blocks(int n) {
            offset = new long[n];
            length = new int[n];
            zero = new boolean[n];
            hashes = new byte[n * 32];
        }

        static Blocks of(ArchiveReader r) throws IOException {
            if (r.blockCount() > Integer.MAX_VALUE / 32) {
                throw new IOException(r.name() + ": too many blocks to compare (" + r.blockCount() + ")");
            }
            Blocks bl = new Blocks((int) r.blockCount());
            int i = 0;
            for (int p = 0; p < r.pageCount(); p++) {
                for (BlockEntry e : r.pageEntries(p)) {
                    bl.offset[i] = e.logicalOffset();
                    bl.length[i] = e.rawLength();
                    bl.zero[i] = e.isZero();
                    System.arraycopy(e.hash(), 0, bl.hashes, i * 32, 32);
                    i++;
                }
            }
            return bl;
        }

        /** Each distinct non-zero block once, with its raw length. */
        Map<BlockHash, Integer> distinct() {
            Map<BlockHash, Integer> m = new HashMap<>(offset.length * 2 + 16);
            for (int i = 0; i < offset.length; i++) {
                if (!zero[i]) {
                    m.putIfAbsent(BlockHash.of(hashes, i * 32), length[i]);
                }
            }
            return m;
        }

        /**
         * Whether the blocks covering {@code [off, +len)} here are those covering
         * {@code [otherOff, +len)} in {@code other}; null when a range does not start on a block
         * boundary (then only the bytes can tell).
         */
        Boolean sameBlocks(long off, long len, Blocks other, long otherOff) {
            int i = Arrays.binarySearch(offset, off);
            int j = Arrays.binarySearch(other.offset, otherOff);
            if (i < 0 || j < 0) {
                return null;
            }
            long done = 0;
            while (done < len) {
                if (i >= offset.length || j >= other.offset.length) {
                    return null;
                }
                if (length[i] != other.length[j] || zero[i] != other.zero[j]
                        || (!zero[i] && !Arrays.equals(hashes, i * 32, i * 32 + 32, other.hashes, j * 32, j * 32 + 32))) {
                    return false;
                }
                done += length[i];
                i++;
                j++;
            }
            return done == len ? Boolean.TRUE : null;
        }
    }
}
