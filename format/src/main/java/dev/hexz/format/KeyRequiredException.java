package dev.hexz.format;

import java.io.IOException;

/** An encrypted archive opened without a password or key file to derive its key from. */
public final class KeyRequiredException extends IOException {

    public KeyRequiredException(String archive) {
        super(archive + ": is encrypted: give its password (HEXZ_PASSWORD, --password-file, or at the prompt)"
                + " or its key file (--key-file)");
    }

    public KeyRequiredException(String archive, String problem) {
        super(archive + ": " + problem);
    }
}
