package dev.hexz.bench;

import dev.hexz.format.ArchiveId;
import dev.hexz.store.ArchiveRecord;
import dev.hexz.store.RocksBlockStore;
import dev.hexz.store.StoreStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Fills a new block store with synthetic blocks for {@link StoreBenchmark} and prints how long
 * that took and how large the store is:
 *
 * <pre>java -cp bench/target/hexz-benchmarks.jar dev.hexz.bench.StoreFill DIR [BLOCKS] [ARCHIVES] [SEED]</pre>
 *
 * BLOCKS (default 10,000,000) distinct hashes ({@link StoreKeys}) spread over ARCHIVES (default
 * 100) archives, each recorded with one {@code record} call (WriteBatches of 50,000 inside). Then
 * the store is closed and reopened (RocksDB flushes what its log held into a table file, so the
 * size is that of the tables), and {@code stats()} is timed.
 */
public final class StoreFill {

    private StoreFill() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        Path dir = Path.of(args[0]);
        long blocks = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 10_000_000L;
        int archives = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        if (Files.exists(dir)) {
            throw new IOException(dir + " exists; StoreFill fills a new store (delete it first)");
        }
        long perArchive = blocks / archives;
        long t0 = System.nanoTime();
        try (RocksBlockStore store = RocksBlockStore.open(dir, Duration.ZERO)) {
            for (int a = 0; a < archives; a++) {
                ArchiveId id = StoreKeys.archive(seed, a);
                long first = a * perArchive;
                long count = a == archives - 1 ? blocks - first : perArchive;
                ArchiveRecord r = new ArchiveRecord(id, dir.resolveSibling("archive-" + a + ".hxz"), null, null,
                        count * 65536, count * 40000, count * 40000 + 4096, System.currentTimeMillis(),
                        System.currentTimeMillis(), 0);
                store.record(r, sink -> {
                    for (long i = 0; i < count; i++) {
                        sink.accept(StoreKeys.hash(seed, first + i), i, 65536);
                    }
                });
            }
        }
        double recordS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        StoreStats s;
        double openS;
        double statsS;
        try (RocksBlockStore store = RocksBlockStore.open(dir, Duration.ZERO)) {
            openS = (System.nanoTime() - t1) / 1e9;
            long t2 = System.nanoTime();
            s = store.stats();
            statsS = (System.nanoTime() - t2) / 1e9;
        }
        out.printf(Locale.ROOT, "recorded %,d blocks in %d archives in %.1f s (%,.0f blocks/s, close included)%n",
                blocks, archives, recordS, blocks / recordS);
        out.printf(Locale.ROOT, "reopened in %.2f s; stats() in %.1f s: %,d archives, %,d entries, %,d distinct%n",
                openS, statsS, s.archives(), s.blockEntries(), s.distinctHashes());
        out.printf(Locale.ROOT, "size on disk: %,d bytes (%.1f MiB, %.1f bytes per block)%n", s.sizeOnDisk(),
                s.sizeOnDisk() / 1048576.0, (double) s.sizeOnDisk() / blocks);
    }
}
