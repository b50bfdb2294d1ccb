package dev.hexz.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a background server (a mount server, a workspace daemon) tells the hexz that started it,
 * in a file the starter makes for that start and names in {@link #ENV}: {@link #READY} once its
 * mount answers, or the code it is about to exit with.
 *
 * <p>Why a file and an exit code said in it, not a pipe and the process's exit status: a JVM
 * that has a live child takes 0.3 s longer to exit (HotSpot waits up to 300 ms at exit for
 * threads in native code, and the JDK's reaper thread sits in waitpid for the child), which was
 * a third of a mount's time. So a shell starts the server in the background and exits at once
 * (see {@link MountServerLauncher#startServer}); the JDK closes a child's pipes when the child
 * exits, and the server is not our child, so both what it says and how it ends go through the file.
 */
final class ServerHandshake {

    /** Set in a server's environment by the starter: the file to say READY or the exit code in. */
    static final String ENV = "HEXZ_SERVER_HANDSHAKE";
    static final String READY = "hexz-mount-ready";
    static final String EXIT = "hexz-server-exit ";

    /** The starter's reading of a server that ended without saying READY or its exit code. */
    static final int NO_WORD = Integer.MIN_VALUE;
    /** The starter's reading of a server that said nothing within the time it was given. */
    static final int TIMED_OUT = Integer.MIN_VALUE + 1;

    private static final long POLL_MILLIS = 2;

    private ServerHandshake() {
    }

    /** In a server: its mount answers. */
    static void announceReady(PrintStream out) {
        say(READY);
        out.flush();
    }

    /** In a server: the code it exits with, last thing. */
    static void announceExit(int code) {
        say(EXIT + code);
    }

    private static void say(String line) {
        String file = System.getenv(ENV);
        if (file == null || file.isEmpty()) {
            return; // not started in the background
        }
        try {
            // no CREATE: the starter made the file and deletes it once it has its answer
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the starter has its answer already, or sees the server end without a word and says so
        }
    }

    /**
     * The starter's side: watches {@code file} until the server is ready (returns null), says
     * its exit code (returns it), ends without a word ({@link #NO_WORD}) or {@code timeout}
     * passes ({@link #TIMED_OUT}). Polled every 2 ms: a server takes ~0.3 s to start.
     */
    static Integer await(Path file, BooleanSupplier serverAlive, long timeout, TimeUnit unit)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            boolean alive = serverAlive.getAsBoolean(); // before reading: a last word is never missed
            Integer said = read(file);
            if (said == null || said != NO_WORD) {
                return said;
            }
            if (!alive) {
                return NO_WORD;
            }
            if (System.nanoTime() > deadline) {
                return TIMED_OUT;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** null for READY, the exit code said, or {@link #NO_WORD}. */
    private static Integer read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return NO_WORD;
        }
        int complete = text.lastIndexOf('\n') + 1; // a line still being written is read next time
        for (String line : text.substring(0, complete).split("\n")) {
            if (line.equals(READY)) {
                return null;
            } else if (line.startsWith(EXIT)) {
                try {
                    return Integer.parseInt(line.substring(EXIT.length()).trim());
                } catch (NumberFormatException e) {
                    return ExitCodes.MOUNT_FAILED;
                }
            }
        }
        return NO_WORD;
    }
}
