package dev.hexz.format;

/**
 * How a reader caches and prefetches, and where it gets the key of an encrypted archive.
 *
 * @param cacheBytes budget of the decompressed-block cache, in bytes (0 disables it)
 * @param readAheadBlocks how many blocks to decompress ahead once reads are sequential (0 disables it)
 * @param keys the master key of an encrypted archive (and its chain) comes from here; null: an
 *     encrypted archive is refused with {@link KeyRequiredException}
 */
public record ReaderOptions(long cacheBytes, int readAheadBlocks, KeySource keys) {

    public static final long DEFAULT_CACHE_BYTES = 64L << 20;
    public static final int DEFAULT_READ_AHEAD_BLOCKS = 16;

    public ReaderOptions {
        if (cacheBytes < 0 || readAheadBlocks < 0) {
            throw new IllegalArgumentException("cache size and read-ahead must not be negative");
        }
    }

    public ReaderOptions(long cacheBytes, int readAheadBlocks) {
        this(cacheBytes, readAheadBlocks, null);
    }

    public static ReaderOptions defaults() {
        return new ReaderOptions(DEFAULT_CACHE_BYTES, DEFAULT_READ_AHEAD_BLOCKS, null);
    }

    public ReaderOptions withCacheBytes(long bytes) {
        return new ReaderOptions(bytes, readAheadBlocks, keys);
    }

    public ReaderOptions withReadAheadBlocks(int blocks) {
        return new ReaderOptions(cacheBytes, blocks, keys);
    }

    public ReaderOptions withKeys(KeySource source) {
        return new ReaderOptions(cacheBytes, readAheadBlocks, source);
    }
}
