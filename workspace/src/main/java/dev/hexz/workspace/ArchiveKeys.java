package dev.hexz.workspace;

import dev.hexz.format.KeySource;
import dev.hexz.format.ReaderOptions;

/**
 * Where this process gets the keys of encrypted bases and commits: set by the command line
 * (a password, a key file, or the master key a daemon was started with). Without it an
 * encrypted base is refused with the format's "is encrypted" error.
 */
public final class ArchiveKeys {

    private static volatile KeySource source;

    private ArchiveKeys() {
    }

    public static void use(KeySource s) {
        source = s;
    }

    /** The default reader options, with this process's key source. */
    static ReaderOptions options() {
        return ReaderOptions.defaults().withKeys(source);
    }
}
