package dev.hexz.format;

import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.util.Optional;

/**
 * Finds a block anywhere in a thin archive's chain that its parent's index does not list (a
 * block the parent dropped but a grandparent still stores), in O(1): the block store implements
 * it. A thin writer asks only after its parent's index had no answer.
 */
@FunctionalInterface
public interface ChainBlockLookup {

    /**
     * Where a block with BLAKE3-256 {@code hash} and {@code rawLength} raw bytes is stored in the
     * chain, as the child's entry must record it, or empty.
     */
    Optional<ChainBlock> find(byte[] hash, int rawLength) throws IOException;

    /** No lookup beyond the parent's index. */
    static ChainBlockLookup none() {
        return (hash, rawLength) -> Optional.empty();
    }

    /**
     * A stored block of the chain.
     *
     * @param source the ancestor that stores it, numbered from the child being written (1 = parent)
     */
    record ChainBlock(int source, long storedOffset, int storedLength, int crc32c, CodecId codec) {
    }
}
