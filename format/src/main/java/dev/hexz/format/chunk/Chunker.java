package dev.hexz.format.chunk;

/**
 * Splits a byte stream into chunks. A chunker is stateless between calls: the caller holds a
 * window of the stream and asks where the chunk that starts at {@code from} ends.
 *
 * <p>Contract for {@link #cut}: the caller passes at least {@link #maxChunkSize()} bytes
 * ({@code to - from >= maxChunkSize()}) unless the window reaches the end of the stream; a
 * shorter window means "the stream ends at {@code to}". The answer depends only on the bytes in
 * {@code [from, min(to, from + maxChunkSize()))}, never on what came before {@code from} nor on
 * where {@code from} sits in the array; that is what makes boundaries after an edit line up
 * again.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface Chunker {

    /**
     * Returns the length of the chunk starting at {@code data[from]}: between
     * {@code min(minChunkSize(), to - from)} and {@code min(maxChunkSize(), to - from)}, and
     * {@code 0} only when {@code from == to}.
     *
     * @throws IndexOutOfBoundsException if {@code [from, to)} is not inside {@code data}
     */
    int cut(byte[] data, int from, int to);

    /** The smallest chunk this chunker returns, except for the last chunk of a stream. */
    default int minChunkSize() {
        return params().minSize();
    }

    /** The largest chunk this chunker returns; the caller's window must hold this many bytes. */
    int maxChunkSize();

    /** The parameters that recreate this chunker; they are recorded in the archive header. */
    ChunkingParams params();

    /** Builds the chunker that {@code params} describes. */
    static Chunker of(ChunkingParams params) {
        return switch (params.mode()) {
            case FIXED -> new FixedSizeChunker(params.avgSize());
            case FASTCDC -> new FastCdcChunker(params.minSize(), params.avgSize(), params.maxSize());
        };
    }
}
