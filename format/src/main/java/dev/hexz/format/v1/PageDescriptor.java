package dev.hexz.format.v1;

/** The master index's record of one index page: where it is and which logical range it starts. */
public record PageDescriptor(int pageNumber, long firstLogicalOffset, long pageOffset, int pageLength,
        int entryCount, int crc32c, long firstBlockNumber) {
}
