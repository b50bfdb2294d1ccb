package dev.hexz.format;

import dev.hexz.format.hash.Blake3;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.v1.PageDescriptor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Re-reads every block of an archive: checks each stored block's checksum, decompresses it,
 * and compares the BLAKE3-256 of its raw bytes with the index. Keeps going after damage, so
 * one run lists every bad block with the files it belongs to. Blocks shared by dedup are
 * checked once. Runs on all cores. For a thin archive, {@link Scope#WHOLE_CHAIN} checks the
 * blocks stored up the chain too (each read from the ancestor that stores it), and
 * {@link Scope#THIS_FILE} only what the archive's own file stores.
 */
public final class ArchiveVerifier {

    /** Which blocks of a thin archive to check. */
    public enum Scope {
        /** Every block of the logical stream, wherever in the chain it is stored (the default). */
        WHOLE_CHAIN,
        /**
         * Only the blocks and index pages stored in the archive's own file; blocks and pages
         * stored in ancestors are skipped and counted, so the ancestors need not be present
         * (the reader may be {@linkplain ArchiveReader#openWithoutAncestors opened without them}).
         */
        THIS_FILE
    }

    /**
     * One damaged block (or index page or manifest, when {@code blockNumber} is -1). For a block,
     * {@code message} says what is wrong without repeating the archive, block number or offsets;
     * for an index page or the manifest it is the full message of the exception.
     *
     * @param source where the stored bytes are: 0 this archive's file, k its k-th ancestor's
     */
    public record Problem(long blockNumber, long logicalOffset, long storedOffset, int source, String message,
            List<String> files) {
    }

    /**
     * The outcome: blocks checked and the logical bytes they cover, blocks skipped because they
     * are stored in an ancestor ({@link Scope#THIS_FILE} only), and every problem found.
     */
    public record Report(long blocksChecked, long logicalBytes, long blocksSkipped, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final ArchiveReader reader;
    private final int threads;
    private final Scope scope;

    /** A verifier of the whole chain. */
    public ArchiveVerifier(ArchiveReader reader, int threads) {
        this(reader, threads, Scope.WHOLE_CHAIN);
    }

    /**
     * @throws IllegalArgumentException for {@link Scope#WHOLE_CHAIN} when {@code reader} was
     *     opened without its ancestors
     */
    public ArchiveVerifier(ArchiveReader reader, int threads, Scope scope) {
        if (scope == Scope.WHOLE_CHAIN && !reader.ancestorsOpened()) {
            throw new IllegalArgumentException(reader.name() + " was opened without its ancestors: only"
                    + " Scope.THIS_FILE can verify it");
        }
        this.reader = reader;
        this.threads = Math.max(1, threads);
        this.scope = scope;
    }

    /** Verifies the blocks of the scope; {@code progress} receives logical bytes as they are checked or skipped. */
    public Report verify(LongConsumer progress) throws IOException {
        List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
        Set<Long> seenStored = ConcurrentHashMap.newKeySet();
        List<ManifestEntry> files = filesByOffset(problems);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hexz-verify");
            t.setDaemon(true);
            return t;
        });
        long checked = 0;
        long checkedBytes = 0;
        long skipped = 0;
        try {
            List<Future<long[]>> results = new ArrayList<>();
            List<PageDescriptor> pages = reader.pageDescriptors();
            for (int p = 0; p < pages.size(); p++) {
                int pageNo = p;
                if (scope == Scope.THIS_FILE && pages.get(p).source() > 0) {
                    // a page shared from an ancestor lists only blocks stored up the chain
                    long end = p + 1 < pages.size() ? pages.get(p + 1).firstLogicalOffset() : reader.size();
                    long bytes = end - pages.get(p).firstLogicalOffset();
                    skipped += pages.get(p).entryCount();
                    progress.accept(bytes);
                    continue;
                }
                results.add(pool.submit(() -> verifyPage(pageNo, files, seenStored, problems, progress)));
            }
            for (Future<long[]> f : results) {
                long[] r = f.get();
                checked += r[0];
                checkedBytes += r[1];
                skipped += r[2];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("verify interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("verify failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        addSharers(problems, files);
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort((a, b) -> Long.compare(a.blockNumber(), b.blockNumber()));
        return new Report(checked, checkedBytes, skipped, sorted);
    }

    private List<ManifestEntry> filesByOffset(List<Problem> problems) {
        try {
            List<ManifestEntry> files = new ArrayList<>();
            for (ManifestEntry e : reader.manifest().entries()) {
                if (e.isFile() && e.size() > 0) {
                    files.add(e);
                }
            }
            files.sort((a, b) -> Long.compare(a.logicalOffset(), b.logicalOffset()));
            return files;
        } catch (IOException e) {
            problems.add(new Problem(-1, -1, reader.header().manifestOffset(), 0, e.getMessage(), List.of()));
            return List.of();
        }
    }

    /** Checks one page's blocks; returns {blocks checked, their logical bytes, blocks skipped}. */
    private long[] verifyPage(int pageNo, List<ManifestEntry> files, Set<Long> seenStored, List<Problem> problems,
            LongConsumer progress) {
        BlockEntry[] entries;
        try {
            entries = reader.pageEntries(pageNo);
        } catch (IOException e) {
            problems.add(new Problem(-1, -1, -1, 0, e.getMessage(), List.of()));
            return new long[3];
        }
        long n = 0;
        long bytes = 0;
        long skipped = 0;
        for (BlockEntry e : entries) {
            if (scope == Scope.THIS_FILE && e.source() > 0) {
                skipped++;
                progress.accept(e.rawLength());
                continue;
            }
            n++;
            bytes += e.rawLength();
            if (!e.isZero() && !seenStored.add(storedKey(e.source(), e.storedOffset()))) {
                progress.accept(e.rawLength());
                continue; // same stored bytes already verified through an earlier entry
            }
            try {
                byte[] raw = reader.readBlock(e);
                byte[] hash = reader.blockHash(raw, 0, raw.length);
                if (!Arrays.equals(hash, e.hash())) {
                    problems.add(problem(e, "BLAKE3 hash of the decompressed bytes does not match the index", files));
                }
            } catch (CorruptArchiveException ex) {
                problems.add(problem(e, ex.problem(), files)); // the Problem carries block and offsets itself
            } catch (IOException ex) {
                problems.add(problem(e, ex.getMessage(), files));
            }
            progress.accept(e.rawLength());
        }
        return new long[] {n, bytes, skipped};
    }

    /**
     * Blocks deduplicated against a damaged block are damaged too, but were skipped as already
     * seen: one more pass over the index (no data reads) names them and their files.
     */
    private void addSharers(List<Problem> problems, List<ManifestEntry> files) throws IOException {
        java.util.Map<Long, Long> badStored = new java.util.HashMap<>();
        Set<Long> reported = new HashSet<>();
        for (Problem p : problems) {
            if (p.blockNumber() >= 0) {
                badStored.putIfAbsent(storedKey(p.source(), p.storedOffset()), p.blockNumber());
                reported.add(p.blockNumber());
            }
        }
        if (badStored.isEmpty()) {
            return;
        }
        List<PageDescriptor> pages = reader.pageDescriptors();
        for (int pageNo = 0; pageNo < pages.size(); pageNo++) {
            if (scope == Scope.THIS_FILE && pages.get(pageNo).source() > 0) {
                continue;
            }
            for (BlockEntry e : reader.pageEntries(pageNo)) {
                Long first = e.isZero() ? null : badStored.get(storedKey(e.source(), e.storedOffset()));
                if (first != null && !reported.contains(e.number())) {
                    problems.add(problem(e, "shares the damaged stored bytes of block " + first, files));
                }
            }
        }
    }

    private Problem problem(BlockEntry e, String message, List<ManifestEntry> files) {
        return new Problem(e.number(), e.logicalOffset(), e.storedOffset(), e.source(), message, filesOf(e, files));
    }

    /**
     * Stored bytes are identified by the file that holds them and their offset in it: in a thin
     * archive the same offset means different bytes in this file and in each ancestor's.
     */
    private static long storedKey(int source, long storedOffset) {
        return ((long) source << 52) | storedOffset;
    }

    /** The files whose bytes overlap block {@code e} (binary search on the files' start offsets). */
    static List<String> filesOf(BlockEntry e, List<ManifestEntry> files) {
        List<String> out = new ArrayList<>();
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            ManifestEntry f = files.get(mid);
            if (f.logicalOffset() + f.size() <= e.logicalOffset()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = lo; i < files.size() && files.get(i).logicalOffset() < e.logicalEnd(); i++) {
            if (seen.add(files.get(i).path())) {
                out.add(files.get(i).path());
            }
        }
        return out;
    }
}
