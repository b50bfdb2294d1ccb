package dev.hexz.bench;

import dev.hexz.store.BlockLocation;
import dev.hexz.store.RocksBlockStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lookups in a block store filled by {@link StoreFill} ({@code -p store=DIR -p blocks=N -p seed=S},
 * the same N and seed). Throughput in lookups per second:
 * <ul>
 *   <li>{@code findHit}: {@code find} of a recorded hash (uniformly random among all N);
 *   <li>{@code findMiss}: {@code find} of a hash never recorded (what most lookups of a pack are);
 *   <li>{@code findAllHit} / {@code findAllMiss}: the same through {@code findAll}, 100 hashes a
 *       call (one iterator per call); reported per hash.
 * </ul>
 * Every thread has its own 65,536 precomputed hashes, so the measured operation is the lookup
 * alone. Run with {@code -t 1} and {@code -t 2} for one and two threads.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {

    static final int KEYS = 1 << 16;
    static final int BATCH = 100;

    @State(Scope.Benchmark)
    public static class Store {
        @Param("")
        public String store;

        @Param("10000000")
        public long blocks;

        @Param("1")
        public long seed;

        RocksBlockStore db;

        @Setup(Level.Trial)
        public void open() throws IOException {
            Path dir = Path.of(store.isEmpty() ? System.getProperty("hexz.bench.store", "bench-data/store-10M") : store);
            if (!Files.isDirectory(dir)) {
                throw new IOException("no store at " + dir + "; fill one with dev.hexz.bench.StoreFill");
            }
            db = RocksBlockStore.open(dir, Duration.ofSeconds(10));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            db.close();
        }
    }

    @State(Scope.Thread)
    public static class Keys {
        byte[][] hits = new byte[KEYS][];
        byte[][] misses = new byte[KEYS][];
        int next;

        @Setup(Level.Trial)
        public void make(Store s) {
            SplittableRandom r = new SplittableRandom(Thread.currentThread().getId() * 31 + System.nanoTime());
            for (int i = 0; i < KEYS; i++) {
                hits[i] = StoreKeys.hash(s.seed, r.nextLong(s.blocks));
                misses[i] = StoreKeys.hash(s.seed + 1_000_003, r.nextLong(Long.MAX_VALUE));
            }
        }

        byte[] hit() {
            return hits[next++ & (KEYS - 1)];
        }

        byte[] miss() {
            return misses[next++ & (KEYS - 1)];
        }
    }

    @Benchmark
    public List<BlockLocation> findHit(Store s, Keys k) throws IOException {
        List<BlockLocation> l = s.db.find(k.hit());
        if (l.isEmpty()) {
            throw new IllegalStateException("a recorded hash was not found: wrong -p blocks or -p seed?");
        }
        return l;
    }

    @Benchmark
    public List<BlockLocation> findMiss(Store s, Keys k) throws IOException {
        return s.db.find(k.miss());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<List<BlockLocation>> findAllHit(Store s, Keys k) throws IOException {
        List<byte[]> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(k.hit());
        }
        return s.db.findAll(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<List<BlockLocation>> findAllMiss(Store s, Keys k) throws IOException {
        List<byte[]> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(k.miss());
        }
        return s.db.findAll(batch);
    }
}
