package dev.hexz.format;

/**
 * A read needed an ancestor of a thin archive that was opened without its ancestors
 * ({@link ArchiveReader#openWithoutAncestors}): a block or index page stored up the chain. The
 * archive's own blocks, index pages, manifest and metadata stay readable.
 */
public final class AncestorNotOpenedException extends ParentChainException {

    private final AncestorRef ancestor;

    public AncestorNotOpenedException(String archive, AncestorRef ancestor) {
        super(archive, "needs " + ancestor + ", which was not opened (the archive was opened without its ancestors)");
        this.ancestor = ancestor;
    }

    public AncestorRef ancestor() {
        return ancestor;
    }
}
