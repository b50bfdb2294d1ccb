package dev.hexz.format;

/**
 * A data block that fails its checksum, does not decompress, or hashes to something other than
 * the index says. Names the block number, its logical offset and where it is stored.
 */
public final class CorruptBlockException extends CorruptArchiveException {

    private final long blockNumber;
    private final long logicalOffset;

    public CorruptBlockException(String archive, long blockNumber, long logicalOffset, long storedOffset,
            String problem) {
        super(archive, storedOffset, "block " + blockNumber + " (logical offset " + logicalOffset + "): " + problem);
        this.blockNumber = blockNumber;
        this.logicalOffset = logicalOffset;
    }

    public long blockNumber() {
        return blockNumber;
    }

    public long logicalOffset() {
        return logicalOffset;
    }
}
