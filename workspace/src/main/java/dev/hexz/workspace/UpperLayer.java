package dev.hexz.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of a workspace's upper layer: the journal of changes since the base and the
 * data files that hold written bytes ({@code data/<n>}, sparse, a file's bytes at their own
 * offsets). A commit or a reset starts a new, empty generation.
 */
final class UpperLayer implements AutoCloseable {

    private final Path dir;
    private final Journal journal;
    private final AtomicInteger nextDataFile;

    private UpperLayer(Path dir, Journal journal, int nextDataFile) {
        this.dir = dir;
        this.journal = journal;
        this.nextDataFile = new AtomicInteger(nextDataFile);
    }

    /** Opens (creating it if needed) the generation in {@code dir}. */
    static UpperLayer open(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        int next = 0;
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try {
                    next = Math.max(next, Integer.parseInt(p.getFileName().toString()) + 1);
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return new UpperLayer(dir, Journal.openForAppend(dir.resolve("journal")), next);
    }

    Path dir() {
        return dir;
    }

    Journal journal() {
        return journal;
    }

    /** A fresh data file number (its file is created on first open). */
    int newDataFile() {
        return nextDataFile.getAndIncrement();
    }

    /** Notes that data file {@code n} exists (journal replay), so new numbers stay unique. */
    void noteDataFile(int n) {
        nextDataFile.accumulateAndGet(n + 1, Math::max);
    }

    Path dataFile(int n) {
        return dir.resolve("data").resolve(Integer.toString(n));
    }

    FileChannel openDataFile(int n) throws IOException {
        return FileChannel.open(dataFile(n), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
