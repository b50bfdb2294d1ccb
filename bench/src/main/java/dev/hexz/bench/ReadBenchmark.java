package dev.hexz.bench;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ReaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading an existing archive through {@link ArchiveReader}, single reader thread.
 *
 * <ul>
 *   <li>{@code sequential1MiB} (throughput): one operation reads the next 1 MiB of the logical
 *       stream, continuing where the previous one stopped and wrapping before the end, with the
 *       default reader (64 MiB cache, 16 blocks of read-ahead on the shared pool). One operation
 *       is exactly 1 MiB, so <b>ops/s = MiB/s</b> (× 1.048576 = MB/s). Over a 1 GiB archive the
 *       cache never holds the next block from the previous pass: every block is decompressed.
 *   <li>{@code randomRead4KiBCold} (sample time): a 4 KiB read at a random 4 KiB-aligned offset,
 *       with the block cache and read-ahead off, so every read fetches and decompresses its
 *       block(s) (index pages stay cached; the OS page cache is warm).
 *   <li>{@code randomRead4KiBWarm} (sample time): a 4 KiB read at a random 4 KiB-aligned offset
 *       inside a 32 MiB range whose blocks were all decompressed into a 256 MiB cache in setup.
 * </ul>
 *
 * <p>The archive is {@code -p archive=PATH}, else system property {@code hexz.bench.archive},
 * else environment variable {@code HEXZ_BENCH_ARCHIVE}. {@code scripts/bench-format.sh} makes one.
 *
 * <p>Run: {@code java -jar bench/target/hexz-benchmarks.jar ReadBenchmark -p archive=bench-data/lz4-cdc.hxz
 * -f 1 -wi 2 -i 3 -w 2s -r 3s}
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Threads(1)
public class ReadBenchmark {

    static final int SEQ_READ = 1 << 20;
    static final int PAGE = 4096;
    static final long WARM_RANGE = 32L << 20;
    static final long WARM_CACHE = 256L << 20;
    /** Offsets are precomputed so the measured operation is the read alone. */
    static final int OFFSETS = 1 << 16;

    /** Where the archive is: the parameter, the system property or the environment variable. */
    @State(Scope.Benchmark)
    public static class ArchivePath {
        @Param({""})
        public String archive;

        Path resolve() {
            String p = archive;
            if (p == null || p.isEmpty()) {
                p = System.getProperty("hexz.bench.archive");
            }
            if (p == null || p.isEmpty()) {
                p = System.getenv("HEXZ_BENCH_ARCHIVE");
            }
            if (p == null || p.isEmpty()) {
                throw new IllegalStateException("no archive: pass -p archive=PATH, -Dhexz.bench.archive=PATH "
                        + "(in the fork: -jvmArgsAppend) or set HEXZ_BENCH_ARCHIVE");
            }
            Path path = Path.of(p);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(path + ": no such archive");
            }
            return path;
        }

        /**
         * Reader options with the key of an encrypted archive: its password from HEXZ_PASSWORD or
         * its key file's 32 bytes (the text of hexz keygen --encryption) from HEXZ_BENCH_KEY_FILE.
         */
        static ReaderOptions options() {
            String pw = System.getenv("HEXZ_PASSWORD");
            String keyFile = System.getenv("HEXZ_BENCH_KEY_FILE");
            if (keyFile != null && !keyFile.isEmpty()) {
                return ReaderOptions.defaults().withKeys((n, slot) -> dev.hexz.format.crypt.MasterKey.of(
                        dev.hexz.format.sign.KeyText.parseEncryptionKey(readString(keyFile), keyFile)));
            }
            if (pw != null && !pw.isEmpty()) {
                return ReaderOptions.defaults().withKeys((n, slot) -> dev.hexz.format.crypt.PasswordKdf.derive(
                        pw.toCharArray(), slot.kdfSalt(), slot.kdf()));
            }
            return ReaderOptions.defaults();
        }

        private static String readString(String file) {
            try {
                return Files.readString(Path.of(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @State(Scope.Thread)
    public static class Sequential {
        ArchiveReader reader;
        byte[] buf = new byte[SEQ_READ];
        long position;
        long size;

        @Setup(Level.Trial)
        public void open(ArchivePath a) throws IOException {
            reader = ArchiveReader.open(a.resolve(), ArchivePath.options());
            size = reader.size();
            if (size < 16L * SEQ_READ) {
                throw new IllegalStateException("archive too small for a sequential benchmark: " + size + " bytes");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            reader.close();
        }
    }

    @State(Scope.Thread)
    public static class Cold {
        ArchiveReader reader;
        long[] offsets;
        int next;
        byte[] buf = new byte[PAGE];

        @Setup(Level.Trial)
        public void open(ArchivePath a) throws IOException {
            reader = ArchiveReader.open(a.resolve(), ArchivePath.options().withCacheBytes(0).withReadAheadBlocks(0));
            offsets = randomOffsets(0, reader.size(), 1);
            // load every index page once, so "cold" means block not cached, not index not read
            for (long o = 0; o < reader.size(); o += 16L << 20) {
                reader.readFully(o, buf, 0, 1);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            reader.close();
        }
    }

    @State(Scope.Thread)
    public static class Warm {
        ArchiveReader reader;
        long[] offsets;
        int next;
        byte[] buf = new byte[PAGE];

        @Setup(Level.Trial)
        public void open(ArchivePath a) throws IOException {
            reader = ArchiveReader.open(a.resolve(), ArchivePath.options().withCacheBytes(WARM_CACHE).withReadAheadBlocks(0));
            long size = reader.size();
            long range = Math.min(WARM_RANGE, size);
            long start = (size - range) / 2 / PAGE * PAGE; // the middle of the stream
            byte[] big = new byte[SEQ_READ];
            for (long o = start; o < start + range; o += big.length) {
                reader.read(o, big, 0, (int) Math.min(big.length, start + range - o));
            }
            offsets = randomOffsets(start, start + range, 2);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            reader.close();
        }
    }

    static long[] randomOffsets(long from, long to, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long pages = (to - from - PAGE) / PAGE + 1;
        long[] o = new long[OFFSETS];
        for (int i = 0; i < o.length; i++) {
            o[i] = from + r.nextLong(pages) * PAGE;
        }
        return o;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int sequential1MiB(Sequential s) throws IOException {
        long p = s.position;
        if (p + SEQ_READ > s.size) {
            p = 0; // wrap before a short read: every operation is exactly 1 MiB
        }
        s.reader.readFully(p, s.buf, 0, SEQ_READ);
        s.position = p + SEQ_READ;
        return s.buf[SEQ_READ - 1];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int randomRead4KiBCold(Cold s) throws IOException {
        long o = s.offsets[s.next++ & (OFFSETS - 1)];
        s.reader.readFully(o, s.buf, 0, PAGE);
        return s.buf[PAGE - 1];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int randomRead4KiBWarm(Warm s) throws IOException {
        long o = s.offsets[s.next++ & (OFFSETS - 1)];
        s.reader.readFully(o, s.buf, 0, PAGE);
        return s.buf[PAGE - 1];
    }
}
