package dev.hexz.format;

import java.io.IOException;

/** An archive written by a newer hexz (a format version or required feature this build lacks). */
public final class UnsupportedFormatVersionException extends IOException {
    public UnsupportedFormatVersionException(String archive, String problem) {
        super(archive + ": " + problem);
    }
}
