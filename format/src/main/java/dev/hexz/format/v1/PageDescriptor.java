package dev.hexz.format.v1;

/**
 * The master index's record of one index page: which logical range it starts, where its bytes
 * are ({@code source} 0: this archive's file; k: ancestor k's, a page shared by reference) and
 * the number of its first block in this archive.
 */
public record PageDescriptor(int pageNumber, long firstLogicalOffset, long pageOffset, int pageLength,
        int entryCount, int crc32c, int source, long firstBlockNumber) {
}
