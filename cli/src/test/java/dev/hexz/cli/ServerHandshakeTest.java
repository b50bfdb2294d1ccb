package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The starter's reading of what a background server says (the server's side runs in MountCommandIT). */
class ServerHandshakeTest {

    @TempDir
    Path tmp;

    @Test
    void readyOnceTheServerSaysSo() throws Exception {
        Path said = tmp.resolve("said");
        AtomicInteger polls = new AtomicInteger();
        // the line appears only after a few polls, as when the server takes its time
        Integer r = ServerHandshake.await(said, () -> {
            if (polls.incrementAndGet() == 5) {
                write(said, ServerHandshake.READY + "\n");
            }
            return true;
        }, 10, TimeUnit.SECONDS);
        assertNull(r);
        assertTrue(polls.get() >= 5);
    }

    @Test
    void theExitCodeTheServerSays() throws Exception {
        Path said = Files.writeString(tmp.resolve("said"), ServerHandshake.EXIT + "4\n");
        assertEquals(4, ServerHandshake.await(said, () -> false, 10, TimeUnit.SECONDS));
    }

    @Test
    void aLastWordIsReadEvenWhenTheServerIsAlreadyGone() throws Exception {
        Path said = tmp.resolve("said");
        AtomicInteger polls = new AtomicInteger();
        // says its code and dies between two polls: liveness is asked before the file is read
        Integer r = ServerHandshake.await(said, () -> {
            if (polls.incrementAndGet() < 3) {
                return true;
            }
            write(said, ServerHandshake.EXIT + "7\n");
            return false;
        }, 10, TimeUnit.SECONDS);
        assertEquals(7, r);
    }

    @Test
    void aServerThatDiesWithoutAWord() throws Exception {
        assertEquals(ServerHandshake.NO_WORD, ServerHandshake.await(tmp.resolve("said"), () -> false, 10, TimeUnit.SECONDS));
        Path other = Files.writeString(tmp.resolve("other"), "some other line\n");
        assertEquals(ServerHandshake.NO_WORD, ServerHandshake.await(other, () -> false, 10, TimeUnit.SECONDS));
    }

    @Test
    void aServerThatSaysNothingInTime() throws Exception {
        assertEquals(ServerHandshake.TIMED_OUT, ServerHandshake.await(tmp.resolve("said"), () -> true, 50,
                TimeUnit.MILLISECONDS));
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
