package dev.hexz.format;

/** The file at an ancestor's path is another archive (a different id or index digest). */
public final class ReplacedParentException extends ParentChainException {

    public ReplacedParentException(String archive, AncestorRef ancestor, String found) {
        super(archive, ancestor + " was replaced: " + found);
    }
}
