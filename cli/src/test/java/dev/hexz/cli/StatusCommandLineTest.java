package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Which {@code hexz status} command lines skip picocli: exactly those {@link StatusCommand#show}
 * answers the same way picocli would; every other one (help, typos, both formats, extra words)
 * must go the ordinary way, so that its messages and exit codes stay picocli's.
 */
class StatusCommandLineTest {

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
}
