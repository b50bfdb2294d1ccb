package dev.hexz.format;

import java.io.IOException;

/**
 * The password or key file given does not open an encrypted archive: the key it derives does not
 * match the archive's key check. Not damage: the archive is as it was.
 */
public final class WrongKeyException extends IOException {

    public WrongKeyException(String archive, String problem) {
        super(archive + ": " + problem);
    }
}
