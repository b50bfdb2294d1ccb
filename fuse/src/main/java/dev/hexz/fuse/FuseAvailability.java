package dev.hexz.fuse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Whether this machine can mount through FUSE, and if not, why (one line the user can act on). */
public final class FuseAvailability {

    static final Path DEVICE = Path.of("/dev/fuse");

    private FuseAvailability() {
    }

    /** What stops mounting here, or empty when FUSE is usable. */
    public static Optional<String> problem() {
        return problem(DEVICE);
    }

    static Optional<String> problem(Path device) {
        if (!Files.exists(device)) {
            return Optional.of(device + " is missing: FUSE is not available here (load the fuse kernel module,"
                    + " or give a container --device /dev/fuse --cap-add SYS_ADMIN)");
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) {
            return Optional.of(device + " is not accessible to this user");
        }
        try {
            JnrFuseAdapter.loadLibrary();
        } catch (Throwable e) {
            return Optional.of("libfuse 2 (libfuse.so.2) cannot be loaded: " + e.getMessage()
                    + " (install it: apt-get install libfuse2, or run scripts/setup.sh)");
        }
        return Optional.empty();
    }
}
