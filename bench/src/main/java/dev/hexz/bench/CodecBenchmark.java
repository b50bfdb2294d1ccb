package dev.hexz.bench;

import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.BlockCodecException;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.hash.Blake3;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-core throughput of the pack and read stages on 64 KiB blocks of {@link DataGenerator} data
 * (the same kind of bytes as the 1 GiB benchmark file, lz4 about 2:1), so that the stages can be
 * compared with each other, with the chunker ({@link ChunkerBenchmark}) and with BLAKE3
 * ({@code Blake3Benchmark}).
 *
 * <p>One operation processes 16 consecutive 64 KiB blocks = <b>1 MiB of raw data, so ops/s =
 * MiB/s of raw (uncompressed) bytes</b>, for decompression too. The blocks cycle through a 64 MiB
 * buffer, so they come from memory, not from L2, as in the pipeline.
 *
 * <ul>
 *   <li>{@code lz4Compress}, {@code lz4Decompress}: the archive's LZ4 codec (fast compressor,
 *       safe decompressor), as {@link dev.hexz.format.codec.Lz4Codec} runs it.
 *   <li>{@code zstd3Compress}, {@code zstdDecompress}: zstd level 3, one frame per block.
 *   <li>{@code crc32cRaw}: CRC-32C over raw bytes (the archive checksums stored bytes, i.e.
 *       about half as many after LZ4).
 *   <li>{@code encodeLz4}, {@code encodeZstd3}: everything a pack worker does to a block, as
 *       {@code BlockEncoder} does it: zero check, BLAKE3, compress, CRC-32C of the stored
 *       bytes. With W MiB/s here, two cores can never pack faster than 2 W MiB/s.
 *   <li>{@code decodeLz4}: what a cold read does to a block after fetching it: CRC-32C of the
 *       stored bytes, then decompress into a fresh array.
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/hexz-benchmarks.jar CodecBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class CodecBenchmark {

    static final int BLOCK = 64 << 10;
    static final int BLOCKS_PER_OP = 16;
    static final int BUFFER_BLOCKS = 1024; // 64 MiB

    private final BlockCodec lz4 = BlockCodec.of(CodecId.LZ4, 0);
    private final BlockCodec zstd3 = BlockCodec.of(CodecId.ZSTD, 3);
    private final CRC32C crc = new CRC32C();

    private byte[] data;
    private byte[] out;
    private byte[] raw;
    private byte[] hashes;
    private byte[][] lz4Blocks;
    private byte[][] zstdBlocks;
    private int next;

    @Setup
    public void setUp() {
        data = new byte[BUFFER_BLOCKS * BLOCK];
        new DataGenerator(42).fill(data, 0, data.length);
        out = new byte[Math.max(lz4.maxCompressedLength(BLOCK), zstd3.maxCompressedLength(BLOCK))];
        raw = new byte[BLOCK];
        hashes = new byte[32 * BLOCKS_PER_OP];
        lz4Blocks = new byte[BUFFER_BLOCKS][];
        zstdBlocks = new byte[BUFFER_BLOCKS][];
        long lz4Total = 0;
        long zstdTotal = 0;
        for (int b = 0; b < BUFFER_BLOCKS; b++) {
            int n = lz4.compress(data, b * BLOCK, BLOCK, out, 0);
            lz4Blocks[b] = Arrays.copyOf(out, n);
            lz4Total += n;
            n = zstd3.compress(data, b * BLOCK, BLOCK, out, 0);
            zstdBlocks[b] = Arrays.copyOf(out, n);
            zstdTotal += n;
        }
        System.out.printf("%n64 MiB of DataGenerator data in 64 KiB blocks: lz4 ratio %.3f, zstd-3 ratio %.3f%n",
                (double) data.length / lz4Total, (double) data.length / zstdTotal);
    }

    /** The first block of the next operation; advances by 16 blocks, wrapping. */
    private int firstBlock() {
        int b = next;
        next = (b + BLOCKS_PER_OP) % BUFFER_BLOCKS;
        return b;
    }

    @Benchmark
    public int lz4Compress() {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0; b < b0 + BLOCKS_PER_OP; b++) {
            sum += lz4.compress(data, b * BLOCK, BLOCK, out, 0);
        }
        return sum;
    }

    @Benchmark
    public int lz4Decompress() throws BlockCodecException {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0; b < b0 + BLOCKS_PER_OP; b++) {
            byte[] c = lz4Blocks[b];
            lz4.decompress(c, 0, c.length, raw, 0, BLOCK);
            sum += raw[b & (BLOCK - 1)];
        }
        return sum;
    }

    @Benchmark
    public int zstd3Compress() {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0; b < b0 + BLOCKS_PER_OP; b++) {
            sum += zstd3.compress(data, b * BLOCK, BLOCK, out, 0);
        }
        return sum;
    }

    @Benchmark
    public int zstdDecompress() throws BlockCodecException {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0; b < b0 + BLOCKS_PER_OP; b++) {
            byte[] c = zstdBlocks[b];
            zstd3.decompress(c, 0, c.length, raw, 0, BLOCK);
            sum += raw[b & (BLOCK - 1)];
        }
        return sum;
    }

    @Benchmark
    public long crc32cRaw() {
        int b0 = firstBlock();
        CRC32C c = crc;
        c.reset();
        c.update(data, b0 * BLOCK, BLOCKS_PER_OP * BLOCK);
        return c.getValue();
    }

    @Benchmark
    public int encodeLz4() {
        return encode(lz4);
    }

    @Benchmark
    public int encodeZstd3() {
        return encode(zstd3);
    }

    /** The body of BlockEncoder.encode for 16 blocks (its zero check, hash, compress, checksum). */
    private int encode(BlockCodec codec) {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0, i = 0; b < b0 + BLOCKS_PER_OP; b++, i++) {
            int from = b * BLOCK;
            if (isZero(data, from, BLOCK)) {
                continue;
            }
            Blake3.hash(data, from, BLOCK, hashes, i * 32);
            int n = codec.compress(data, from, BLOCK, out, 0);
            if (n >= BLOCK) {
                System.arraycopy(data, from, out, 0, BLOCK);
                n = BLOCK;
            }
            crc.reset();
            crc.update(out, 0, n);
            sum += n + (int) crc.getValue();
        }
        return sum + hashes[0];
    }

    @Benchmark
    public int decodeLz4() throws BlockCodecException {
        int b0 = firstBlock();
        int sum = 0;
        for (int b = b0; b < b0 + BLOCKS_PER_OP; b++) {
            byte[] c = lz4Blocks[b];
            crc.reset();
            crc.update(c, 0, c.length);
            byte[] r = new byte[BLOCK];
            lz4.decompress(c, 0, c.length, r, 0, BLOCK);
            sum += r[b & (BLOCK - 1)] + (int) crc.getValue();
        }
        return sum;
    }

    private static final byte[] ZEROS = new byte[4096];

    /** As BlockEncoder.isZero: returns at the first non-zero 4 KiB stretch (at once, on this data). */
    private static boolean isZero(byte[] b, int from, int len) {
        int end = from + len;
        for (int i = from; i < end; i += ZEROS.length) {
            int n = Math.min(ZEROS.length, end - i);
            if (Arrays.mismatch(b, i, i + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }
}
