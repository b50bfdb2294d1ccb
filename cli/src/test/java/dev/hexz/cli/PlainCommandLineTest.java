package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Which {@code hexz status} and {@code hexz commit} command lines skip picocli: exactly those the
 * plain path answers the same way picocli would; every other one (help, typos, both formats, extra words)
 * must go the ordinary way, so that its messages and exit codes stay picocli's.
 */
class PlainCommandLineTest {

    @Test
    void plainCommandLinesAreRecognized() {
        assertArrayEquals(new String[] {null, null}, StatusCommand.plainCommandLine(new String[] {"status"}));
        assertArrayEquals(new String[] {"ws", null}, StatusCommand.plainCommandLine(new String[] {"status", "ws"}));
        assertArrayEquals(new String[] {"ws", "--json"},
                StatusCommand.plainCommandLine(new String[] {"status", "--json", "ws"}));
        assertArrayEquals(new String[] {null, "--porcelain"},
                StatusCommand.plainCommandLine(new String[] {"status", "--porcelain"}));
    }

    @Test
    void everythingElseGoesThroughPicocli() {
        assertNull(StatusCommand.plainCommandLine(new String[] {}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"commit"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "--help"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "--json", "--porcelain"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "--json", "--json"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "a", "b"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "--jsn"}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", ""}));
        assertNull(StatusCommand.plainCommandLine(new String[] {"status", "-v", "ws"}));
    }

    @Test
    void bothPathsPrintTheSameError() {
        // a directory that is no workspace: the fast path's message and code are the ordinary one's
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = HexzMain.run(new String[] {"status", System.getProperty("java.io.tmpdir")},
                new java.io.PrintStream(out), new java.io.PrintStream(err));
        org.junit.jupiter.api.Assertions.assertEquals(ExitCodes.WORKSPACE, code);
        org.junit.jupiter.api.Assertions.assertTrue(err.toString().contains("not a workspace"), err.toString());
    }

    @Test
    void commitCommandLines() {
        PlainCommandLine c = CommitCommand.plainCommandLine(new String[] {"commit", "ws", "-m", "a message", "-o", "out.hxz"});
        assertEquals("ws", c.positional());
        assertEquals("a message", c.option("-m"));
        assertEquals("out.hxz", c.option("-o"));
        c = CommitCommand.plainCommandLine(new String[] {"commit", "--message=x=y", "--output", "o.hxz", "-q"});
        assertNull(c.positional());
        assertEquals("x=y", c.option("-m"), "only the first '=' separates name and value");
        assertEquals("o.hxz", c.option("-o"));
        assertTrue(c.has("-q"));
        assertEquals("", CommitCommand.plainCommandLine(new String[] {"commit", "-m", ""}).option("-m"));
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit"}).option("-m"));
    }

    @Test
    void commitCommandLinesPicocliMustJudge() {
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "-m"}), "a missing value");
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "-m", "-x"}), "a value like an option");
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "-m", "a", "--message", "b"}), "repeated");
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "-ma"}), "clustered short option");
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "--help"}));
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "a", "b"}));
        assertNull(CommitCommand.plainCommandLine(new String[] {"commit", "-q=1"}));
        assertNull(CommitCommand.plainCommandLine(new String[] {"status", "-m", "x"}));
    }
}
