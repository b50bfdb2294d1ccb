package dev.hexz.bench;

import dev.hexz.format.chunk.Chunker;
import dev.hexz.format.chunk.ChunkingParams;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chunker throughput on 64 MiB of incompressible random bytes, single-threaded.
 *
 * <p>One operation chunks the whole buffer, so bytes/second = ops/s * 64 MiB; for example
 * 25 ops/s = 1678 MB/s = 1600 MiB/s. The {@code chunker} parameter names the configuration:
 * {@code fastcdc-64k} is the default 16/64/256 KiB, {@code fastcdc-16k} the directory-tree preset
 * 4/16/64 KiB, {@code fixed-64k} fixed 64 KiB blocks (the baseline: no hashing at all).
 *
 * <p>Run: {@code java -jar bench/target/hexz-benchmarks.jar ChunkerBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class ChunkerBenchmark {

    /** Size of the buffer chunked by one operation. */
    public static final int BUFFER_SIZE = 64 << 20;

    @Param({"fastcdc-64k", "fastcdc-16k", "fixed-64k"})
    public String chunker;

    private byte[] data;
    private Chunker impl;

    @Setup
    public void setUp() {
        data = new byte[BUFFER_SIZE];
        new SplittableRandom(0x5eed).nextBytes(data);
        impl = switch (chunker) {
            case "fastcdc-64k" -> Chunker.of(ChunkingParams.fastCdcAround(64 << 10));
            case "fastcdc-16k" -> Chunker.of(ChunkingParams.fastCdcAround(16 << 10));
            case "fixed-64k" -> Chunker.of(ChunkingParams.fixed(64 << 10));
            default -> throw new IllegalArgumentException("unknown chunker " + chunker);
        };
    }

    /** Chunks the whole buffer; returns the chunk count (consumed by JMH, so nothing is elided). */
    @Benchmark
    public int chunkWholeBuffer() {
        final Chunker c = impl;
        final byte[] d = data;
        final int end = d.length;
        int chunks = 0;
        for (int p = 0; p < end; chunks++) {
            p += c.cut(d, p, end);
        }
        return chunks;
    }
}
