package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command lines {@code hexz mount} takes without picocli (its fast path, and the server's):
 * anything they cannot take as given goes to picocli, which says in one line what is wrong.
 */
class MountCommandLineTest {

    @Test
    void aPlainMountWithACacheSizeTakesTheFastPath() {
        assertEquals(List.of("--cache-size=16M"),
                MountServerLauncher.plainMountOptions(new String[] {"mount", "--cache-size", "16M", "a.hxz", "dir"}));
        assertEquals(List.of("--cache-size=1G", "--allow-other"),
                MountServerLauncher.plainMountOptions(new String[] {"mount", "--cache-size=1G", "--allow-other", "a.hxz", "dir"}));
    }

    @Test
    void aCacheSizeThatIsNotASizeLeavesItToPicocli() {
        assertNull(MountServerLauncher.plainMountOptions(new String[] {"mount", "--cache-size", "xyz", "a.hxz", "dir"}));
        assertNull(MountServerLauncher.plainMountOptions(new String[] {"mount", "--cache-size=", "a.hxz", "dir"}));
        assertNull(MountServer.parseServerCommandLine(
                new String[] {"mount", "--foreground", "--server", "--cache-size=xyz", "--", "a.hxz", "dir"}));
    }

    @Test
    void picocliRefusesItInOneLine() {
        Cli.Result r = Cli.run("mount", "--cache-size", "xyz", "a.hxz", "dir").expect(ExitCodes.USAGE);
        assertTrue(r.err().contains("'xyz' is not a size"), r.err());
        assertTrue(r.err().lines().noneMatch(l -> l.contains("\tat ") || l.contains("Exception")), r.err());
    }
}
