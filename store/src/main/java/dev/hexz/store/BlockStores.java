package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens the on-disk store once per process and shares it. RocksDB allows one open per directory
 * and process (a second would wait for a lock this process holds), and opening costs a few
 * milliseconds of reading its manifest and log; so every user in a process gets a lease on the
 * same {@link RocksBlockStore}, and the database closes when the last lease is closed (or at JVM
 * exit, so that a forgotten lease still leaves no owner file behind).
 *
 * <p>Hold a lease only while working with the store: while one is open, other processes wait.
 */
public final class BlockStores {

    /** How long a command waits for another process to finish with the store. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private static final Map<Path, Shared> OPEN = new HashMap<>();
    private static boolean hookInstalled;

    private BlockStores() {
    }

    /** A lease on the store in {@code $HEXZ_HOME/store}, waiting up to {@link #DEFAULT_WAIT} for another process. */
    public static BlockStore openDefault() throws StoreException {
        return open(HexzHome.store(), DEFAULT_WAIT);
    }

    /** A lease on the store in {@code dir}, opening it if this process has not already. See {@link RocksBlockStore#open}. */
    public static synchronized BlockStore open(Path dir, Duration waitForLock) throws StoreException {
        Path d = dir.toAbsolutePath().normalize();
        Shared s = OPEN.get(d);
        if (s == null) {
            s = new Shared(d, RocksBlockStore.open(d, waitForLock));
            OPEN.put(d, s);
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(BlockStores::closeAll, "hexz-store-close"));
                hookInstalled = true;
            }
        }
        s.leases++;
        return new Lease(s);
    }

    /** Whether this process has the store in {@code dir} open (for tests). */
    static synchronized boolean isOpen(Path dir) {
        return OPEN.containsKey(dir.toAbsolutePath().normalize());
    }

    private static synchronized void release(Shared s) throws StoreException {
        if (--s.leases == 0) {
            OPEN.remove(s.dir);
            s.store.close();
        }
    }

    private static synchronized void closeAll() {
        for (Shared s : new ArrayList<>(OPEN.values())) {
            try {
                s.store.close();
            } catch (StoreException | RuntimeException e) {
                // exiting anyway; RocksDB's log makes a reopen consistent
            }
        }
        OPEN.clear();
    }

    /**
     * Moves a damaged store out of the way, to {@code <dir>.damaged-<yyyyMMdd-HHmmss>} next to
     * it, so that a new one can be built in its place: nothing is deleted. Returns where it went.
     */
    public static Path moveAside(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        synchronized (BlockStores.class) {
            if (OPEN.containsKey(d)) {
                throw new IllegalStateException("block store " + d + " is open in this process");
            }
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path target = d.resolveSibling(d.getFileName() + ".damaged-" + stamp);
        for (int i = 2; Files.exists(target); i++) {
            target = d.resolveSibling(d.getFileName() + ".damaged-" + stamp + "-" + i);
        }
        Files.move(d, target);
        return target;
    }

    private static final class Shared {
        final Path dir;
        final RocksBlockStore store;
        int leases;

        Shared(Path dir, RocksBlockStore store) {
            this.dir = dir;
            this.store = store;
        }
    }

    /** One user's handle on the shared store: closing it closes the store only if it was the last. */
    private static final class Lease implements BlockStore {
        private final Shared shared;
        private final AtomicBoolean closed = new AtomicBoolean();

        Lease(Shared shared) {
            this.shared = shared;
        }

        private RocksBlockStore store() {
            if (closed.get()) {
                throw new IllegalStateException("this lease on block store " + shared.dir + " is closed");
            }
            return shared.store;
        }

        @Override
        public List<BlockLocation> find(byte[] hash) throws StoreException {
            return store().find(hash);
        }

        @Override
        public List<List<BlockLocation>> findAll(List<byte[]> hashes) throws StoreException {
            return store().findAll(hashes);
        }

        @Override
        public Optional<BlockLocation> findIn(byte[] hash, Set<ArchiveId> archives) throws StoreException {
            return store().findIn(hash, archives);
        }

        @Override
        public void record(ArchiveRecord archive, BlockSource blocks) throws IOException {
            store().record(archive, blocks);
        }

        @Override
        public Optional<ArchiveRecord> archive(ArchiveId id) throws StoreException {
            return store().archive(id);
        }

        @Override
        public List<ArchiveRecord> archives() throws StoreException {
            return store().archives();
        }

        @Override
        public void forget(ArchiveId id) throws StoreException {
            store().forget(id);
        }

        @Override
        public void clear() throws StoreException {
            store().clear();
        }

        @Override
        public StoreStats stats() throws StoreException {
            return store().stats();
        }

        @Override
        public Optional<Path> directory() {
            return Optional.of(shared.dir);
        }

        @Override
        public void close() throws StoreException {
            if (closed.compareAndSet(false, true)) {
                release(shared);
            }
        }

        @Override
        public String toString() {
            return "lease on " + shared.store;
        }
    }
}
