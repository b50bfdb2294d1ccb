package dev.hexz.format.sign;

import java.io.IOException;

/** A key file that is not a usable key of the kind wanted: says which file and what is wrong. */
public final class KeyFileException extends IOException {

    public KeyFileException(String file, String problem) {
        super(file + ": " + problem);
    }
}
