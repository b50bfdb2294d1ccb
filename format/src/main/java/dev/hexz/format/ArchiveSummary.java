package dev.hexz.format;

import java.nio.file.Path;
import java.util.List;

/**
 * What a finished writer produced.
 *
 * @param bytesIn logical bytes written (all files' bytes together)
 * @param bytesStored bytes of the data region (compressed, deduplicated blocks)
 * @param archiveBytes size of the whole archive file
 * @param uniqueBlocks blocks stored (each once)
 * @param dedupBlocks blocks that reuse an earlier block's stored bytes
 * @param zeroBlocks all-zero blocks (nothing stored)
 * @param skipped paths of a tree that could not be archived (sockets, devices, FIFOs), with why
 * @param referencedBlocks blocks of a thin archive found in its parent's chain (not stored here)
 * @param referencedBytes raw bytes of those blocks
 */
public record ArchiveSummary(Path path, ArchiveId archiveId, long bytesIn, long bytesStored, long archiveBytes,
        long blocks, long uniqueBlocks, long dedupBlocks, long zeroBlocks, long files, List<String> skipped,
        long referencedBlocks, long referencedBytes) {

    /** Logical bytes per archive byte (higher is better); 1.0 for an empty archive. */
    public double ratio() {
        return archiveBytes == 0 || bytesIn == 0 ? 1.0 : (double) bytesIn / archiveBytes;
    }
}
