package dev.hexz.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of a workspace's upper layer: the journal of changes since the base and the
 * data files that hold written bytes ({@code data/<n>}, sparse, a file's bytes at their own
 * offsets). A commit or a reset starts a new, empty generation.
 *
 * <p>A data file belongs to one file of the tree and is deleted when that file leaves it. A
 * number the journal names is never given again in this generation: new numbers are above every
 * file in {@code data/} and (through {@link #noteDataFile} during replay) every number in the
 * journal, so a record never points at the bytes of a later, different file.
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

    /** A fresh data file number, above every number used before (its file is created on first open). */
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

    /**
     * Deletes data file {@code n}: its file left the tree and that is journalled. Best effort: one
     * that cannot be deleted only takes space until the next open (which deletes unused data
     * files) or the end of the generation, so a removal does not fail for it.
     */
    void deleteDataFile(int n) {
        try {
            Files.deleteIfExists(dataFile(n));
        } catch (IOException e) {
            // left for the next open or the generation's end (see above)
        }
    }

    /**
     * Deletes every data file but {@code used}: after replay, those of files the journal removed
     * (a crash came between the removal's record and the deletion), of files removed while open
     * (their last handle was lost with the process), or of a write whose record was never appended.
     */
    void deleteDataFilesExcept(Set<Integer> used) throws IOException {
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                int n;
                try {
                    n = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                if (name.equals(Integer.toString(n)) && !used.contains(n)) {
                    deleteDataFile(n); // best effort: a leftover must not keep the workspace from opening
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        journal.close();
    }
}
