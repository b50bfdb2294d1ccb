package dev.hexz.format;

import java.io.IOException;

/**
 * A signature check that failed: the archive is not signed, is signed by another key than the
 * one trusted, or its signature does not match its bytes. Says which archive and what.
 */
public final class SignatureException extends IOException {

    /** Why the check failed. */
    public enum Kind {
        NOT_SIGNED,
        OTHER_KEY,
        MISMATCH
    }

    private final Kind kind;

    public SignatureException(Kind kind, String archive, String problem) {
        super(archive + ": " + problem);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
