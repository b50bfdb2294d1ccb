package dev.hexz.workspace;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
     * Deletes data file {@code n} once the record of its file's removal is durable: its file left
     * the tree and that is journalled, but until the journal is fsynced a power cut could lose the
     * record and bring the file back — and it must come back with its bytes, not with zeros. So
     * deletions wait for the next journal sync: one fsync for all the removals of about a second
     * (an {@code rm -rf} of a build tree pays one, not one a file), or sooner on
     * {@link #flushDeletions} (fsync of a file, commit, close). Best effort: a data file that
     * cannot be deleted only takes space until the next open (which deletes unused data files)
     * or the end of the generation, so a removal does not fail for it.
     */
    void deleteDataFile(int n) {
        synchronized (pendingDeletions) {
            pendingDeletions.add(n);
            if (pendingDeletions.size() > 1) {
                return; // a flush is scheduled already
            }
        }
        FLUSHER.schedule(this::flushDeletions, 1, TimeUnit.SECONDS);
    }

    /** Data files waiting for the journal to be synced before they are deleted (see deleteDataFile). */
    private final List<Integer> pendingDeletions = new ArrayList<>();

    /** One daemon thread for every workspace of the process: flushes are rare and short. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hexz-upper-flush");
        t.setDaemon(true);
        return t;
    });

    /** Syncs the journal, then deletes the data files whose removal it now holds durably. */
    void flushDeletions() {
        List<Integer> now;
        synchronized (pendingDeletions) {
            if (pendingDeletions.isEmpty()) {
                return;
            }
            now = new ArrayList<>(pendingDeletions);
        }
        try {
            journal.sync();
        } catch (IOException | RuntimeException e) {
            return; // not durable: keep the bytes; the next open deletes what the journal removed
        }
        for (int n : now) {
            try {
                Files.deleteIfExists(dataFile(n));
            } catch (IOException e) {
                // left for the next open or the generation's end (see deleteDataFile)
            }
        }
        synchronized (pendingDeletions) {
            pendingDeletions.removeAll(now);
            if (!pendingDeletions.isEmpty()) {
                FLUSHER.schedule(this::flushDeletions, 1, TimeUnit.SECONDS);
            }
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
                    try {
                        Files.deleteIfExists(p); // the journal that removed it is on disk: it was just read
                    } catch (IOException e) {
                        // best effort: a leftover must not keep the workspace from opening
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        flushDeletions();
        journal.close();
    }
}
