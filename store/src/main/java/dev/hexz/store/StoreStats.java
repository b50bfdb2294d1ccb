package dev.hexz.store;

/**
 * What a store holds.
 *
 * @param archives archives recorded
 * @param distinctHashes distinct block hashes (a block stored in two archives counts once)
 * @param blockEntries block locations (hash, archive) recorded: at least {@code distinctHashes}
 * @param logicalBytes sum of the archives' logical sizes
 * @param storedBytes sum of the archives' stored (compressed, deduplicated) bytes
 * @param archiveFileBytes sum of the archive files' sizes
 * @param sizeOnDisk bytes the store's own files take (0 for the in-memory store)
 */
public record StoreStats(long archives, long distinctHashes, long blockEntries, long logicalBytes, long storedBytes,
        long archiveFileBytes, long sizeOnDisk) {

    /** An empty store (also what a store that does not exist yet reports). */
    public static StoreStats empty() {
        return new StoreStats(0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * Logical bytes per stored byte over all archives: what deduplication (within and across
     * archives) and compression save together; 1.0 for an empty store.
     */
    public double dedupRatio() {
        return storedBytes == 0 ? 1.0 : (double) logicalBytes / storedBytes;
    }
}
