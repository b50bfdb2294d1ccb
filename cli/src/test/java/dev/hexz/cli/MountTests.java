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
     * Waits (bounded) for the workspace daemons of this test to exit once their mounts are gone,
     * killing any that do not: those serving this test's home (named by {@code -Dhexz.home} in
     * their command line) and any child of this JVM. A daemon is started by a shell that exits at
     * once, or by a {@code hexz} process the test ran, so it is usually init's child by now. A
     * daemon still alive while JUnit deletes the home can recreate files there (its store
     * preparation opens the block store in the background), and the deletion fails.
     */
    static void awaitDaemons() {
        String home = System.getProperty(dev.hexz.store.HexzHome.PROPERTY);
        String homeOption = home == null ? null : "-D" + dev.hexz.store.HexzHome.PROPERTY + "=" + home;
        List<ProcessHandle> daemons = ProcessHandle.allProcesses().filter(h -> {
            String cmd = commandLine(h);
            if (!cmd.contains("workspace serve")) {
                return false;
            }
            boolean mine = h.parent().map(p -> p.pid() == ProcessHandle.current().pid()).orElse(false);
            return mine || (homeOption != null && cmd.contains(homeOption + " "));
        }).toList();
        for (ProcessHandle h : daemons) {
            h.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
            if (h.isAlive()) {
                h.destroyForcibly();
                h.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            }
        }
    }

    /**
     * The whole command line of {@code h} (arguments joined by spaces), or "" once it is gone:
     * read from /proc, since {@code ProcessHandle.Info.commandLine()} reads one page of it and a
     * daemon's class path alone is longer.
     */
    private static String commandLine(ProcessHandle h) {
        try {
            return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", String.valueOf(h.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
