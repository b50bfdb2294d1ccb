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

    /**
     * The block cache of the base a workspace serves. Small on purpose: the kernel's page cache
     * keeps what was read through the workspace, and every cached block is live data the
     * daemon's young collections copy; with the reader's default 64 MiB a 1 GiB cat through a
     * workspace spent 320-480 ms in GC pauses (live heap after each 150-200 MB).
     */
    static final long BASE_CACHE_BYTES = 8L << 20;

    /** The default reader options, with this process's key source. */
    static ReaderOptions options() {
        return ReaderOptions.defaults().withKeys(source);
    }

    /** {@link #options()} for the base a workspace serves (see {@link #BASE_CACHE_BYTES}). */
    static ReaderOptions baseOptions() {
        return options().withCacheBytes(BASE_CACHE_BYTES);
    }
}
