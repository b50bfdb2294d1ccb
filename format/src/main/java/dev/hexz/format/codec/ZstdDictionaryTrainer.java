package dev.hexz.format.codec;

import com.github.luben.zstd.Zstd;
import java.util.Arrays;
import java.util.List;

/**
 * Trains a zstd dictionary from sample blocks (zstd's own trainer, ZDICT_trainFromBuffer).
 * Training is a writer's choice, not part of the format: readers only load the stored result.
 */
public final class ZstdDictionaryTrainer {

    /** Too few samples make a dictionary that costs more than it saves. */
    public static final int MIN_SAMPLES = 16;

    private ZstdDictionaryTrainer() {
    }

    /**
     * Returns a dictionary of at most {@code maxBytes}, or null when the samples are too few or
     * zstd cannot train on them (then the archive simply has no dictionary).
     */
    public static byte[] train(List<byte[]> samples, int maxBytes) {
        if (samples.size() < MIN_SAMPLES || maxBytes < 256) {
            return null;
        }
        long total = samples.stream().mapToLong(s -> s.length).sum();
        if (total < 8L * maxBytes) {
            return null;
        }
        byte[] dict = new byte[maxBytes];
        long n = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), dict, false);
        if (Zstd.isError(n) || n <= 0) {
            return null;
        }
        return Arrays.copyOf(dict, (int) n);
    }
}
