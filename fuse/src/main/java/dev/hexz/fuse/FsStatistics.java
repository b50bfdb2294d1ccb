package dev.hexz.fuse;

/** What {@code statfs} shows of a mounted tree. Block counts are in units of {@code blockSize}. */
public record FsStatistics(int blockSize, long totalBlocks, long freeBlocks, long availableBlocks, long files,
        long freeFiles, int maxNameLength) {
}
