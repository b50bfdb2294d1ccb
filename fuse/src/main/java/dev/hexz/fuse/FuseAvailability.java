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

    /** Whether {@code program} is in /usr/bin, /bin (where libfuse looks first) or on PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        String dirs = "/usr/bin:/bin" + (path == null ? "" : ":" + path);
        for (String d : dirs.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    static Optional<String> problem(Path device) {
        return deviceProblem(device).or(() -> problem(FuseApi.selected()));
    }

    /** What is wrong with the FUSE device, or empty. */
    static Optional<String> deviceProblem(Path device) {
        if (!Files.exists(device)) {
            return Optional.of(device + " is missing: FUSE is not available here (load the fuse kernel module,"
                    + " or give a container --device /dev/fuse --cap-add SYS_ADMIN)");
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) {
            return Optional.of(device + " is not accessible to this user");
        }
        return Optional.empty();
    }

    /** What stops mounting through {@code api} once /dev/fuse is there, or empty. */
    static Optional<String> problem(FuseApi api) {
        if (!onPath(api.helper)) {
            return Optional.of(api == FuseApi.LIBFUSE3
                    ? "'fusermount3' is not installed: libfuse 3 needs it to mount (apt-get install fuse3, or run scripts/setup.sh)"
                    : "'fusermount' is not installed: libfuse 2 needs it to mount (fuse3 installs it as"
                            + " fusermount3; run scripts/setup.sh, or: ln -s /usr/bin/fusermount3 /usr/local/bin/fusermount)");
        }
        Optional<String> unloadable = FuseApi.loadProblem(api);
        if (unloadable.isPresent()) {
            return Optional.of(api == FuseApi.LIBFUSE3
                    ? "libfuse 3 (" + LibFuse3.SONAME + ") cannot be loaded: " + unloadable.get()
                            + " (install it: apt-get install fuse3, or run scripts/setup.sh)"
                    : "neither libfuse 3 nor libfuse 2 (libfuse.so.2) can be loaded: " + unloadable.get()
                            + " (install them: apt-get install fuse3 libfuse2, or run scripts/setup.sh)");
        }
        return Optional.empty();
    }
}
