package dev.hexz.cli;

/**
 * A failure the command has already put into words: {@link HexzMain} prints
 * {@code hexz: <message>} (nothing when the message is null) and exits with {@link #exitCode()}.
 */
final class CliException extends RuntimeException {

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
