package dev.hexz.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The one-holder lock of a workspace: an fcntl lock on {@code lock} (the kernel drops it when
 * the holder dies, so a dead process never blocks anyone), with the holder's pid, command and
 * start time written in {@code lock.holder} so that a refusal can name it.
 */
public final class WorkspaceLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path holderFile;

    private WorkspaceLock(FileChannel channel, FileLock lock, Path holderFile) {
        this.channel = channel;
        this.lock = lock;
        this.holderFile = holderFile;
    }

    /** Takes the lock or fails at once naming the holder. */
    public static WorkspaceLock acquire(Path lockFile, String workspace, String command) throws IOException {
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null;
        }
        Path holder = lockFile.resolveSibling(lockFile.getFileName() + ".holder");
        if (l == null) {
            ch.close();
            throw new WorkspaceLockedException("workspace " + workspace + " is in use by " + holder(holder));
        }
        String me = "pid " + ProcessHandle.current().pid() + " (" + command + ") since " + Instant.now();
        Files.writeString(holder, me, StandardCharsets.UTF_8);
        return new WorkspaceLock(ch, l, holder);
    }

    /** Who holds the lock, as its holder file says. */
    static String holder(Path holderFile) {
        try {
            return Files.readString(holderFile, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "another process";
        }
    }

    /** Whether some live process holds the lock at {@code lockFile} (without taking it for long). */
    public static boolean isHeld(Path lockFile) throws IOException {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(holderFile);
            lock.release();
        } finally {
            channel.close();
        }
    }

}
