package dev.hexz.store;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.ReaderOptions;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds a store from the archives themselves, which is what makes the store an index rather
 * than a copy: finds {@code *.hxz} files, opens each, and records it with every block stored in
 * it (one entry per stored block: zero blocks have no bytes, duplicate entries share their first
 * entry's bytes, and blocks of an ancestor are recorded with the ancestor).
 *
 * <p>By default the store is cleared first (a rebuild from scratch: afterwards it knows exactly
 * the archives found); {@link #keepExisting()} adds to what it knows instead. A file that fails to
 * open is reported, not fatal. Only reads the archives' headers and index pages.
 */
public final class StoreRebuilder {

    private final BlockStore store;
    private boolean fromScratch = true;
    private boolean recursive = true;

    public StoreRebuilder(BlockStore store) {
        this.store = store;
    }

    /** Keep the archives already recorded; (re-)record the ones found. */
    /** Opens encrypted archives with keys from {@code source} (without it they are reported as not readable). */
    public StoreRebuilder keys(dev.hexz.format.KeySource source) {
        this.keys = source;
        return this;
    }

    private dev.hexz.format.KeySource keys;

    public StoreRebuilder keepExisting() {
        this.fromScratch = false;
        return this;
    }

    /** Look only at the files directly in each directory, not in its subdirectories. */
    public StoreRebuilder shallow() {
        this.recursive = false;
        return this;
    }

    /** The directories that hold the archives the store knows, for a rebuild that names none. */
    public static List<Path> knownDirectories(BlockStore store) throws StoreException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (ArchiveRecord r : store.archives()) {
            Path parent = r.path().getParent();
            if (parent != null && Files.isDirectory(parent)) {
                dirs.add(parent);
            }
        }
        return List.copyOf(dirs);
    }

    /**
     * Rebuilds from the archives in {@code roots}: directories (searched for {@code *.hxz}) or
     * archive files. Every root must exist; this is checked before anything is cleared.
     */
    public RebuildReport rebuild(List<Path> roots) throws IOException {
        long start = System.nanoTime();
        for (Path r : roots) {
            if (!Files.exists(r)) {
                throw new NoSuchFileException(r.toString());
            }
        }
        List<RebuildReport.Failed> failed = new ArrayList<>();
        List<Path> files = findArchives(roots, failed);
        if (fromScratch) {
            store.clear();
        }
        List<RebuildReport.Recorded> recorded = new ArrayList<>();
        List<RebuildReport.Duplicate> duplicates = new ArrayList<>();
        Map<ArchiveId, Path> seen = new HashMap<>();
        for (Path f : files) {
            try (ArchiveReader reader = ArchiveReader.open(f, ReaderOptions.defaults().withKeys(keys))) {
                ArchiveId id = reader.header().archiveId();
                Path first = seen.putIfAbsent(id, f);
                if (first != null) {
                    duplicates.add(new RebuildReport.Duplicate(f, id, first));
                    continue;
                }
                boolean knownBefore = store.archive(id).isPresent();
                try {
                    recorded.add(new RebuildReport.Recorded(f, id, record(store, f, reader)));
                } catch (IOException | RuntimeException e) {
                    if (!knownBefore) {
                        store.forget(id); // drops the entries written before the failure
                    }
                    throw e;
                }
            } catch (StoreException e) {
                throw e; // the store failing is fatal; an archive failing is not
            } catch (IOException | RuntimeException e) {
                failed.add(new RebuildReport.Failed(f, message(e, f)));
            }
        }
        return new RebuildReport(recorded, failed, duplicates, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Records one open archive: its record from the header, and each block stored in it, streamed
     * page by page. Returns the number of block entries recorded.
     */
    public static long record(BlockStore store, Path path, ArchiveReader reader) throws IOException {
        ArchiveHeader h = reader.header();
        ArchiveRecord record = new ArchiveRecord(h.archiveId(), path, h.parent() == null ? null : h.parent().id(),
                h.indexDigest(), h.logicalSize(), h.storedBytes(), reader.archiveFileSize(), h.createdMillis(),
                System.currentTimeMillis(), h.chainDepth());
        long[] count = {0};
        store.record(record, sink -> {
            for (int p = 0; p < reader.pageCount(); p++) {
                for (BlockEntry e : reader.pageEntries(p)) {
                    if (e.source() == 0 && !e.isZero() && !e.isDuplicate()) {
                        sink.accept(e.hash(), e.number(), e.rawLength());
                        count[0]++;
                    }
                }
            }
        });
        return count[0];
    }

    private List<Path> findArchives(List<Path> roots, List<RebuildReport.Failed> failed) throws IOException {
        Set<Path> found = new LinkedHashSet<>();
        for (Path root : roots) {
            Path r = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(r)) {
                found.add(r); // a file named explicitly is tried whatever its name
                continue;
            }
            List<Path> here = new ArrayList<>();
            Files.walkFileTree(r, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".hxz")) {
                                here.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            failed.add(new RebuildReport.Failed(file, "cannot be searched: " + message(e, file)));
                            return FileVisitResult.CONTINUE;
                        }
                    });
            here.sort(null); // the same order on every run: the first of two copies wins, always the same
            found.addAll(here);
        }
        return List.copyOf(found);
    }

    /** The reason alone: the format's messages start with the file's name, which the report already has. */
    private static String message(Throwable e, Path file) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
