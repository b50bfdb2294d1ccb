package dev.hexz.format;

import java.io.IOException;

/**
 * A thin archive's chain cannot be followed: an ancestor is missing, was replaced by another
 * archive, the chain loops back on itself, or it is deeper than {@link ArchiveHeader#MAX_CHAIN_DEPTH}.
 * Never answered with zeros or another archive's bytes.
 */
public class ParentChainException extends IOException {

    public ParentChainException(String archive, String problem) {
        super(archive + ": " + problem);
    }
}
