package dev.hexz.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Where a run of {@code hexz} reads and writes: stdin, stdout, stderr, and the global flags that
 * decide how much goes to stderr. The only door to the outside world the commands use, so that
 * tests can run them in-process.
 */
final class Terminal {

    private final InputStream in;
    private final PrintStream out;
    private final OutputStream binaryOut;
    private final PrintStream err;
    private final boolean interactive;
    private boolean quiet;
    private boolean verbose;

    /**
     * @param binaryOut stdout for raw bytes ({@code cat}); unlike a PrintStream it reports write errors
     * @param interactive whether {@code err} is this process's stderr and a terminal (progress
     *     bars are drawn only then)
     */
    Terminal(InputStream in, PrintStream out, OutputStream binaryOut, PrintStream err, boolean interactive) {
        this.in = in;
        this.out = out;
        this.binaryOut = binaryOut;
        this.err = err;
        this.interactive = interactive;
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    /** Stdout for raw bytes; text goes to {@link #out()}. */
    OutputStream binaryOut() {
        return binaryOut;
    }

    PrintStream err() {
        return err;
    }

    /** Whether a person is at a terminal (stdin is a console), who can answer a question. */
    boolean interactive() {
        return interactive;
    }

    /** One line typed by the user, or null at the end of input. */
    String readLine() throws java.io.IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int c = in().read(); c >= 0 && c != '\n'; c = in().read()) {
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    boolean quiet() {
        return quiet;
    }

    boolean verbose() {
        return verbose;
    }

    void setQuiet(boolean q) {
        this.quiet = q;
    }

    void setVerbose(boolean v) {
        this.verbose = v;
    }

    boolean progressAllowed() {
        return interactive && !quiet;
    }

    /** Prints {@code hexz: warning: <message>} on stderr (even when quiet: warnings matter). */
    void warn(String message) {
        err.println("hexz: warning: " + message);
    }
}
