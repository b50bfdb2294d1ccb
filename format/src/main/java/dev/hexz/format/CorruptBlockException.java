package dev.hexz.format;

/**
 * A data block that fails its checksum, does not decompress, or hashes to something other than
 * the index says. Names the block number, its logical offset and where it is stored.
 */
public final class CorruptBlockException extends CorruptArchiveException {

    private final long blockNumber;
    private final long logicalOffset;
    private final String blockProblem;

    public CorruptBlockException(String archive, long blockNumber, long logicalOffset, long storedOffset,
            String problem) {
        super(archive, storedOffset, "block " + blockNumber + " (logical offset " + logicalOffset + "): " + problem);
        this.blockNumber = blockNumber;
        this.logicalOffset = logicalOffset;
        this.blockProblem = problem;
    }

    /** What is wrong with the block, without the archive, the block number or the offsets. */
    @Override
    public String problem() {
        return blockProblem;
    }

    public long blockNumber() {
        return blockNumber;
    }

    public long logicalOffset() {
        return logicalOffset;
    }
}
