package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hexz.fuse.FuseAvailability;
import dev.hexz.fuse.MountTable;
import dev.hexz.fuse.Unmounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What the CLI's mounting integration tests share: FUSE or fail/skip, and leaving no mount or daemon behind. */
final class MountTests {

    private MountTests() {
    }

    /** Skips the test where FUSE cannot be used; fails it instead when HEXZ_REQUIRE_FUSE=1 (CI). */
    static void requireFuse() {
        Optional<String> problem = FuseAvailability.problem();
        if (problem.isPresent()) {
            if ("1".equals(System.getenv("HEXZ_REQUIRE_FUSE"))) {
                fail("HEXZ_REQUIRE_FUSE=1 but FUSE cannot be used here: " + problem.get());
            }
            Assumptions.abort(problem.get());
        }
    }

    /** Unmounts whatever is still mounted at each of {@code mountPoints} (lazily if busy, a few tries). */
    static void unmountAll(List<Path> mountPoints) {
        for (Path m : mountPoints) {
            try {
                for (int i = 0; i < 5 && MountTable.at(m).isPresent(); i++) {
                    Unmounter.unmount(m, true);
                }
            } catch (IOException e) {
                // the test's own assertions say what went wrong
            }
        }
    }

    /**
     * Waits (bounded) for the workspace daemons this JVM started to exit once their mounts are
     * gone, killing any that do not (children of this JVM: setsid does not fork).
     */
    static void awaitDaemons() {
        for (ProcessHandle h : ProcessHandle.current().children().toList()) {
            if (h.info().commandLine().orElse("").contains("workspace serve")) {
                h.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
                if (h.isAlive()) {
                    h.destroyForcibly();
                    h.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
                }
            }
        }
    }
}
