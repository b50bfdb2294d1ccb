package dev.hexz.bench;

import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.crypt.ArchiveCipher;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What opening one stored block of an encrypted archive costs, against the rest of a cold read
 * (BENCHMARKS.md, "Encryption"): the time per operation, in µs, on one block of {@code size}
 * stored bytes (39,000 by default: the average LZ4-compressed CDC block of the benchmark file).
 *
 * <ul>
 *   <li>{@code gcmOpen}: {@link ArchiveCipher#open}, AES-256-GCM decryption and tag check, as a
 *       read does it.
 *   <li>{@code ctrOnly}: the JDK's AES-256-CTR over the same bytes: the decryption without the
 *       authentication (GHASH), to split the cost.
 *   <li>{@code lz4Decode}: LZ4 decompression of a 64 KiB block of {@link DataGenerator} data
 *       (its stored size is close to {@code size}), the rest of a cold read's work.
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/hexz-benchmarks.jar CipherBenchmark -f 1 -wi 3 -i 5 -w 1s -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class CipherBenchmark {

    @Param("39000")
    int size;

    private ArchiveCipher cipher;
    private byte[] sealed;
    private byte[] nonce;
    private byte[] aad;
    private Cipher ctr;
    private SecretKeySpec ctrKey;
    private byte[] ctrIv;
    private byte[] ctrOut;
    private final BlockCodec lz4 = BlockCodec.of(CodecId.LZ4, 0);
    private byte[] compressed;
    private int compressedLength;
    private byte[] raw;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(42);
        byte[] key = new byte[32];
        random.nextBytes(key);
        cipher = new ArchiveCipher(key);
        byte[] plain = new byte[size];
        random.nextBytes(plain);
        nonce = new byte[ArchiveCipher.NONCE];
        random.nextBytes(nonce);
        aad = new byte[16];
        sealed = cipher.seal(plain, 0, plain.length, nonce, aad);
        ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctrKey = new SecretKeySpec(key, "AES");
        ctrIv = new byte[16];
        ctrOut = new byte[size];
        raw = new byte[64 << 10];
        new DataGenerator(42).fill(raw, 0, raw.length);
        compressed = new byte[lz4.maxCompressedLength(raw.length)];
        compressedLength = lz4.compress(raw, 0, raw.length, compressed, 0);
    }

    @Benchmark
    public byte[] gcmOpen() throws AEADBadTagException {
        return cipher.open(sealed, 0, sealed.length, nonce, aad);
    }

    @Benchmark
    public int ctrOnly() throws Exception {
        ctrIv[15]++;
        ctr.init(Cipher.DECRYPT_MODE, ctrKey, new IvParameterSpec(ctrIv));
        return ctr.doFinal(sealed, 0, size, ctrOut, 0);
    }

    @Benchmark
    public byte[] lz4Decode() throws Exception {
        byte[] out = new byte[raw.length];
        lz4.decompress(compressed, 0, compressedLength, out, 0, raw.length);
        return out;
    }
}
