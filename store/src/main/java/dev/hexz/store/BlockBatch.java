package dev.hexz.store;

import java.io.IOException;
import java.util.Arrays;

/**
 * Blocks to record, kept compactly in memory: 44 bytes each (hash, entry number, raw length) in
 * one growing array rather than an object per block.
 */
public final class BlockBatch implements BlockSource {

    private static final int RECORD = 44;

    private byte[] data = new byte[RECORD * 16];
    private int count;

    /** Adds a block; the hash is copied. */
    public BlockBatch add(byte[] hash, long entryNumber, int rawLength) {
        checkHash(hash);
        checkEntry(entryNumber, rawLength);
        if ((count + 1) * (long) RECORD > data.length) {
            long grown = Math.max((count + 1L) * RECORD, data.length * 2L);
            if (grown > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a BlockBatch holds at most " + (Integer.MAX_VALUE / RECORD)
                        + " blocks; stream larger archives through a BlockSource");
            }
            data = Arrays.copyOf(data, (int) grown);
        }
        int at = count * RECORD;
        System.arraycopy(hash, 0, data, at, 32);
        Bytes.putLongLE(data, at + 32, entryNumber);
        Bytes.putIntLE(data, at + 40, rawLength);
        count++;
        return this;
    }

    public int size() {
        return count;
    }

    @Override
    public void forEach(BlockSink sink) throws IOException {
        for (int i = 0; i < count; i++) {
            int at = i * RECORD;
            sink.accept(Arrays.copyOfRange(data, at, at + 32), Bytes.getLongLE(data, at + 32), Bytes.getIntLE(data, at + 40));
        }
    }

    static void checkHash(byte[] hash) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException("a block hash is 32 bytes (BLAKE3-256), got "
                    + (hash == null ? "null" : hash.length));
        }
    }

    /** Validates an entry number and raw length the way {@link BlockLocation} does. */
    static void checkEntry(long entryNumber, int rawLength) {
        if (entryNumber < 0 || rawLength <= 0) {
            throw new IllegalArgumentException("entry number must be >= 0 and raw length > 0, got "
                    + entryNumber + " and " + rawLength);
        }
    }
}
