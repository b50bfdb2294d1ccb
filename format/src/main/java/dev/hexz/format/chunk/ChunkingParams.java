package dev.hexz.format.chunk;

/**
 * How a stream is cut into blocks, as recorded in the archive header. For {@link Mode#FIXED}
 * every block but the last is {@code avgSize} bytes and {@code minSize == avgSize == maxSize}.
 */
public record ChunkingParams(Mode mode, int minSize, int avgSize, int maxSize) {

    /** The smallest chunk size accepted anywhere (a header with less is corrupt). */
    public static final int MIN_ALLOWED = 64;
    /** The largest block size accepted anywhere: bounds what a reader allocates per block. */
    public static final int MAX_ALLOWED = 16 << 20;

    /** The chunking modes; the numbers are the header's on-disk codes. */
    public enum Mode {
        FIXED(0), FASTCDC(1);

        private final int code;

        Mode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Mode ofCode(int code) {
            for (Mode m : values()) {
                if (m.code == code) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown chunking mode " + code);
        }
    }

    public ChunkingParams {
        if (mode == null) {
            throw new IllegalArgumentException("chunking mode is required");
        }
        if (minSize < MIN_ALLOWED || maxSize > MAX_ALLOWED || minSize > avgSize || avgSize > maxSize) {
            throw new IllegalArgumentException("chunk sizes must satisfy " + MIN_ALLOWED
                    + " <= min <= avg <= max <= " + MAX_ALLOWED + ", got min=" + minSize
                    + " avg=" + avgSize + " max=" + maxSize);
        }
        if (mode == Mode.FIXED && (minSize != avgSize || avgSize != maxSize)) {
            throw new IllegalArgumentException("fixed-size chunking needs min == avg == max");
        }
        if (mode == Mode.FASTCDC && Integer.bitCount(avgSize) != 1) {
            throw new IllegalArgumentException("FastCDC average chunk size must be a power of two, got " + avgSize);
        }
    }

    /** Fixed-size blocks of {@code blockSize} bytes. */
    public static ChunkingParams fixed(int blockSize) {
        return new ChunkingParams(Mode.FIXED, blockSize, blockSize, blockSize);
    }

    /** FastCDC with the given bounds. */
    public static ChunkingParams fastCdc(int min, int avg, int max) {
        return new ChunkingParams(Mode.FASTCDC, min, avg, max);
    }

    /** FastCDC around {@code avg} with min = avg/4 and max = avg*4 (16/64/256 KiB for 64 KiB). */
    public static ChunkingParams fastCdcAround(int avg) {
        return fastCdc(Math.max(MIN_ALLOWED, avg / 4), avg, Math.min(MAX_ALLOWED, avg * 4));
    }
}
