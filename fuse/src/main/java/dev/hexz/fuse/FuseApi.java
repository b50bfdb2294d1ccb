package dev.hexz.fuse;

import java.util.Locale;
import java.util.Optional;

/**
 * Which libfuse a mount goes through. libfuse 3 (low-level API) is the default: it negotiates
 * 1 MiB requests where libfuse 2 stops at 128 KiB. libfuse 2 (jnr-fuse) is the fallback when
 * libfuse 3 is not installed, or chosen with {@code HEXZ_FUSE=2} (or the system property
 * {@code hexz.fuse=2}).
 */
enum FuseApi {
    LIBFUSE3("libfuse 3", "fusermount3"),
    LIBFUSE2("libfuse 2", "fusermount");

    final String label;
    /** The setuid helper this libfuse runs for auto_unmount and for mounts by ordinary users. */
    final String helper;

    FuseApi(String label, String helper) {
        this.label = label;
        this.helper = helper;
    }

    /** The API asked for, or libfuse 3 when it loads, else libfuse 2. */
    static FuseApi selected() {
        String asked = System.getProperty("hexz.fuse", System.getenv("HEXZ_FUSE"));
        if (asked != null && !asked.isBlank()) {
            return asked.trim().toLowerCase(Locale.ROOT).endsWith("2") ? LIBFUSE2 : LIBFUSE3;
        }
        return loadProblem(LIBFUSE3).isEmpty() ? LIBFUSE3 : LIBFUSE2;
    }

    /** Why this API's library cannot be loaded, or empty. */
    static Optional<String> loadProblem(FuseApi api) {
        try {
            if (api == LIBFUSE3) {
                LibFuse3.library();
            } else {
                FuseLoop.library();
            }
            return Optional.empty();
        } catch (Throwable e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** A server for {@code tree} through this API (loads the library and builds its callbacks). */
    FuseServer newServer(MountedTree tree, MountListener listener) {
        return this == LIBFUSE3 ? new LowLevelFuseAdapter(tree, listener) : new JnrFuseAdapter(tree, listener);
    }
}
