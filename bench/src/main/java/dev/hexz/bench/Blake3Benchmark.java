package dev.hexz.bench;

import dev.hexz.format.hash.Blake3;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-threaded BLAKE3 throughput on one 64 KiB block (the archive's default average block
 * size), ours against BouncyCastle's. One "operation" is one byte hashed and the unit is
 * operations per microsecond, so the score reads directly as MB/s (10^6 bytes per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(Blake3Benchmark.SIZE)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Blake3Benchmark {

    static final int SIZE = 64 * 1024;

    private final byte[] data = new byte[SIZE];
    private final byte[] out = new byte[32];
    private final Blake3Digest bouncyCastle = new Blake3Digest(256);

    @Setup
    public void setup() {
        new Random(42).nextBytes(data);
    }

    @Benchmark
    public byte[] hexz() {
        Blake3.hash(data, 0, SIZE, out, 0);
        return out;
    }

    @Benchmark
    public byte[] bouncyCastle() {
        bouncyCastle.update(data, 0, SIZE);
        bouncyCastle.doFinal(out, 0);
        return out;
    }
}
