package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs {@code hexz} in-process and captures what it printed. */
final class Cli {

    /** One run: exit code, stdout (bytes and text) and stderr. */
    record Result(int exit, byte[] stdoutBytes, String err) {
        String out() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        Result expect(int code) {
            assertEquals(code, exit, () -> "exit code; stdout:\n" + out() + "\nstderr:\n" + err);
            return this;
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        return runWithStdin(InputStream.nullInputStream(), args);
    }

    static Result runWithStdin(byte[] stdin, String... args) {
        return runWithStdin(new ByteArrayInputStream(stdin), args);
    }

    static Result runWithStdin(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = HexzMain.run(Arrays.copyOf(args, args.length), stdin, o, e);
        }
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
