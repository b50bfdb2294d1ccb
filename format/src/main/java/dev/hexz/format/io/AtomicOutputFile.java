package dev.hexz.format.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a temporary sibling name and published by an atomic rename, after the
 * data and then the directory entry are forced to disk. Until {@link #commit()} the final name is
 * untouched; {@link #close()} without a commit deletes the temporary file.
 */
public final class AtomicOutputFile implements AutoCloseable {

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private boolean committed;

    private AtomicOutputFile(Path target, Path temp, FileChannel channel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
    }

    /** Creates the temporary sibling of {@code target}; the parent directory must exist. */
    public static AtomicOutputFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "output directory does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + ": is a directory");
        }
        String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = dir.resolve("." + abs.getFileName() + ".tmp-" + suffix);
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        return new AtomicOutputFile(abs, temp, ch);
    }

    /** The channel to write through (positional writes are fine). */
    public FileChannel channel() {
        return channel;
    }

    /** The temporary file's path (for error messages). */
    public Path tempPath() {
        return temp;
    }

    /** Forces the data, closes, renames over the target and forces the directory entry. */
    public void commit() throws IOException {
        channel.force(true);
        channel.close();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot publish " + target + " atomically: " + e.getMessage(), e);
        }
        committed = true;
        forceDirectory(target.getParent());
    }

    private static void forceDirectory(Path dir) {
        // Linux lets a directory be opened for reading and fsynced; that makes the rename durable.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform/file system: the rename is still atomic, only less durable
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
