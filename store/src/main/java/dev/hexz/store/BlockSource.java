package dev.hexz.store;

import java.io.IOException;

/**
 * The blocks of one archive to record, handed over one at a time so that an archive of millions
 * of blocks need not sit in memory (the rebuilder streams them from the archive's index pages).
 * {@link BlockBatch} is the in-memory one.
 */
@FunctionalInterface
public interface BlockSource {

    /** Calls {@code sink} once for every block, in any order. */
    void forEach(BlockSink sink) throws IOException;

    /** Receives one block: its BLAKE3-256 hash (32 bytes), its entry number and raw length. */
    @FunctionalInterface
    interface BlockSink {
        void accept(byte[] hash, long entryNumber, int rawLength) throws IOException;
    }
}
