package dev.hexz.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The user and group this process runs as (whom mounted files belong to). */
final class Owner {

    private static final Path SELF = Path.of("/proc/self");

    private Owner() {
    }

    static int uid() throws IOException {
        return ((Number) Files.getAttribute(SELF, "unix:uid")).intValue();
    }

    static int gid() throws IOException {
        return ((Number) Files.getAttribute(SELF, "unix:gid")).intValue();
    }
}
