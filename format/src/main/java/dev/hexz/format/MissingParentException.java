package dev.hexz.format;

/** An ancestor of a thin archive is neither at its recorded path nor found by its id. */
public final class MissingParentException extends ParentChainException {

    private final AncestorRef ancestor;

    public MissingParentException(String archive, AncestorRef ancestor, String where) {
        super(archive, "missing " + ancestor + ": " + where);
        this.ancestor = ancestor;
    }

    public AncestorRef ancestor() {
        return ancestor;
    }
}
