package dev.hexz.format.chunk;

import java.util.Objects;

/**
 * Cuts the stream every {@code blockSize} bytes, whatever the content. Cheap and perfectly
 * predictable, but an insertion or deletion shifts every later boundary, so nothing after an
 * edit deduplicates against the old version (see {@link FastCdcChunker} for the alternative).
 */
public final class FixedSizeChunker implements Chunker {

    private final ChunkingParams params;
    private final int blockSize;

    /** Blocks of {@code blockSize} bytes; the limits are those of {@link ChunkingParams}. */
    public FixedSizeChunker(int blockSize) {
        this.params = ChunkingParams.fixed(blockSize);
        this.blockSize = blockSize;
    }

    @Override
    public int cut(byte[] data, int from, int to) {
        Objects.checkFromToIndex(from, to, data.length);
        return Math.min(blockSize, to - from);
    }

    @Override
    public int maxChunkSize() {
        return blockSize;
    }

    @Override
    public ChunkingParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "FixedSizeChunker[" + blockSize + "]";
    }
}
