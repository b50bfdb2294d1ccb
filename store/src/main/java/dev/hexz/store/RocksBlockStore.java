package dev.hexz.store;

import static dev.hexz.store.StoreSchema.BLOCK_KEY;
import static dev.hexz.store.StoreSchema.HASH;
import static dev.hexz.store.StoreSchema.ID;

import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Filter;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The block store in a RocksDB database (layout: store/SCHEMA.md). Opening takes RocksDB's
 * exclusive {@code LOCK} on the directory, so one process at a time uses a store; within a
 * process, share one instance through {@link BlockStores#open} rather than opening twice.
 *
 * <p>Never trusted blindly: a directory that holds something else is refused
 * ({@link NotAStoreException}), RocksDB's corruption reports become {@link CorruptStoreException}
 * (naming the directory and the way out: {@code hexz store rebuild}), a newer schema is refused
 * ({@link UnsupportedStoreVersionException}), and nothing is ever deleted to "repair" a store.
 */
public final class RocksBlockStore implements BlockStore {

    /** How often a blocked open tries again. */
    static final Duration LOCK_POLL = Duration.ofMillis(100);
    /** Entries per WriteBatch when recording or forgetting: bounded memory, few writes. */
    private static final int BATCH_ENTRIES = 50_000;
    private static final byte[] EMPTY = new byte[0];

    private static final List<String> OUR_FAMILIES = List.of(StoreSchema.CF_META, StoreSchema.CF_BLOCKS,
            StoreSchema.CF_BY_ARCHIVE, StoreSchema.CF_ARCHIVES);

    private final Path dir;
    private final RocksDB db;
    private final List<RocksObject> resources; // closed in reverse order after the database
    private final List<ColumnFamilyHandle> handles;
    private final ColumnFamilyHandle blocks;
    private final ColumnFamilyHandle byArchive;
    private final ColumnFamilyHandle archives;
    private final ReadOptions prefixRead;
    private final WriteOptions bulkWrite;
    private final WriteOptions syncWrite;
    private final StoreOwner owner;
    /** The archives column family, in memory: lookups check that a location's archive is recorded. */
    private final Map<ArchiveId, ArchiveRecord> known = new ConcurrentHashMap<>();
    /** Readers and writers share it; close takes it exclusively, so nothing runs on a closed database. */
    private final ReentrantReadWriteLock life = new ReentrantReadWriteLock();
    /** Serializes record, forget and clear (each is several writes). */
    private final Object writes = new Object();
    private boolean closed;
    /** Something was written since opening: flush on close, so that the next open need not replay the log. */
    private volatile boolean dirty;
    /** Incremented after every write, so that cached iterators know to refresh. */
    private final AtomicLong generation = new AtomicLong();
    /** Each thread's iterator over {@code blocks}, kept between lookups (see {@link #cursor}). */
    private final ThreadLocal<Cursor> cursors = new ThreadLocal<>();
    private final Set<Cursor> allCursors = ConcurrentHashMap.newKeySet();

    /** A thread's iterator and the write generation it has seen. */
    private static final class Cursor {
        final RocksIterator iterator;
        long generation;

        Cursor(RocksIterator iterator, long generation) {
            this.iterator = iterator;
            this.generation = generation;
        }
    }

    private RocksBlockStore(Path dir, RocksDB db, List<RocksObject> resources, List<ColumnFamilyHandle> handles,
            Map<String, ColumnFamilyHandle> byName) {
        this.dir = dir;
        this.db = db;
        this.resources = resources;
        this.handles = handles;
        this.blocks = byName.get(StoreSchema.CF_BLOCKS);
        this.byArchive = byName.get(StoreSchema.CF_BY_ARCHIVE);
        this.archives = byName.get(StoreSchema.CF_ARCHIVES);
        this.prefixRead = new ReadOptions().setPrefixSameAsStart(true);
        this.bulkWrite = new WriteOptions();
        this.syncWrite = new WriteOptions().setSync(true);
        this.owner = StoreOwner.thisProcess();
    }

    /**
     * Opens the store in {@code dir}, creating it when {@code dir} does not exist or is empty.
     * When another process has it open, tries again every 100 ms until {@code waitForLock} has
     * passed, then throws {@link StoreLockedException} naming the holder.
     *
     * @throws NotAStoreException when {@code dir} holds something other than a hexz store
     * @throws CorruptStoreException when RocksDB finds the database damaged
     * @throws UnsupportedStoreVersionException when a newer hexz wrote the store
     */
    public static RocksBlockStore open(Path dir, Duration waitForLock) throws StoreException {
        Path d = dir.toAbsolutePath().normalize();
        try {
            RocksDB.loadLibrary();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new StoreException(d, "cannot load RocksDB's native library for this platform ("
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e.getMessage(), e);
        }
        boolean fresh = isFresh(d);
        List<String> families = fresh ? new ArrayList<>(OUR_FAMILIES) : existingFamilies(d);
        if (!fresh && !families.contains(StoreSchema.CF_META)) {
            throw new NotAStoreException(d, "a RocksDB database that hexz did not create: no '" + StoreSchema.CF_META
                    + "' column family");
        }
        if (fresh) {
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new StoreException(d, "cannot create block store directory " + d + ": " + e, e);
            }
        }
        List<RocksObject> resources = new ArrayList<>();
        Cache cache = new LRUCache(64L << 20);
        Filter bloom = new BloomFilter(10);
        resources.add(cache);
        resources.add(bloom);
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(fresh)
                .setCreateMissingColumnFamilies(fresh)
                .setKeepLogFileNum(3)
                .setMaxBackgroundJobs(2)
                .setParanoidChecks(true);
        resources.add(dbOptions);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        if (!families.contains("default")) {
            families.add(0, "default");
        }
        for (String name : families) {
            ColumnFamilyOptions o = familyOptions(name, cache, bloom);
            resources.add(o);
            descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), o));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db = openWaiting(d, dbOptions, descriptors, handles, waitForLock, resources);
        Map<String, ColumnFamilyHandle> byName = new HashMap<>();
        for (int i = 0; i < handles.size(); i++) {
            byName.put(families.get(i), handles.get(i));
        }
        RocksBlockStore store = new RocksBlockStore(d, db, resources, handles, byName);
        try {
            store.checkSchema(byName);
            store.loadArchives();
            store.writeOwner();
        } catch (StoreException | RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    /** No directory, or an empty one: a store is created there. */
    private static boolean isFresh(Path d) throws StoreException {
        if (!Files.exists(d)) {
            return true;
        }
        if (!Files.isDirectory(d)) {
            throw new NotAStoreException(d, "it is a file, not a directory");
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            boolean empty = true;
            for (Path p : s) {
                empty = false;
                break;
            }
            if (empty) {
                return true;
            }
        } catch (IOException e) {
            throw new StoreException(d, "cannot read block store directory " + d + ": " + e, e);
        }
        if (!Files.isRegularFile(d.resolve("CURRENT"))) {
            throw new NotAStoreException(d, "no CURRENT file: the directory holds files but no RocksDB database");
        }
        return false;
    }

    private static List<String> existingFamilies(Path d) throws StoreException {
        try (Options o = new Options()) {
            List<String> names = new ArrayList<>();
            for (byte[] n : RocksDB.listColumnFamilies(o, d.toString())) {
                names.add(new String(n, StandardCharsets.UTF_8));
            }
            if (names.isEmpty()) {
                // RocksJava answers an unreadable CURRENT or MANIFEST with an empty list rather than
                // an error; a read-only open says what is wrong
                try (RocksDB ro = RocksDB.openReadOnly(o, d.toString())) {
                    throw new CorruptStoreException(d, "it lists no column families", null);
                }
            }
            return names;
        } catch (RocksDBException e) {
            throw wrapOpening(d, "reading its list of column families", e);
        }
    }

    /**
     * The options of each column family. {@code blocks} is the one that matters: a fixed 32-byte
     * prefix extractor and a prefix bloom filter (10 bits per prefix, about 1% false positives) so
     * that looking up an absent hash, the common case in a pack, usually reads no data block at
     * all; no whole-key filter (lookups are always by prefix), filters kept in memory rather than
     * in the cache (so they are never evicted), LZ4 (the archive ids and values compress, the
     * hashes do not: 20% smaller tables, measured).
     */
    private static ColumnFamilyOptions familyOptions(String name, Cache cache, Filter bloom) {
        ColumnFamilyOptions o = new ColumnFamilyOptions();
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
        switch (name) {
            case StoreSchema.CF_BLOCKS -> {
                o.useFixedLengthPrefixExtractor(HASH);
                o.setMemtablePrefixBloomSizeRatio(0.1);
                table.setFilterPolicy(bloom).setWholeKeyFiltering(false).setCacheIndexAndFilterBlocks(false);
                o.setCompressionType(CompressionType.LZ4_COMPRESSION);
            }
            // its keys are archive id (shared with the previous key: delta-encoded away) and hash
            // (random): LZ4 saved under 1% here, against 20% in blocks
            case StoreSchema.CF_BY_ARCHIVE -> o.setCompressionType(CompressionType.NO_COMPRESSION);
            default -> o.optimizeForSmallDb();
        }
        o.setTableFormatConfig(table);
        return o;
    }

    private static RocksDB openWaiting(Path d, DBOptions dbOptions, List<ColumnFamilyDescriptor> descriptors,
            List<ColumnFamilyHandle> handles, Duration wait, List<RocksObject> resources) throws StoreException {
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        while (true) {
            try {
                return RocksDB.open(dbOptions, d.toString(), descriptors, handles);
            } catch (RocksDBException e) {
                handles.clear();
                if (!isLockHeld(e)) {
                    closeAll(resources);
                    throw wrapOpening(d, "opening it", e);
                }
                if (System.nanoTime() >= deadline) {
                    closeAll(resources);
                    StoreOwner holder = StoreOwner.read(d).filter(StoreOwner::alive).orElse(null);
                    throw new StoreLockedException(d, holder, wait, e);
                }
                try {
                    Thread.sleep(LOCK_POLL.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    closeAll(resources);
                    throw new StoreException(d, "interrupted while waiting for block store " + d, ie);
                }
            }
        }
    }

    /**
     * RocksDB says "While lock file: …/LOCK: Resource temporarily unavailable" when another process
     * holds the lock, and "lock hold by current process …/LOCK" when this process does.
     */
    private static boolean isLockHeld(RocksDBException e) {
        Status s = e.getStatus();
        String m = e.getMessage() == null ? "" : e.getMessage();
        return (s == null || s.getCode() == Status.Code.IOError) && m.contains("LOCK");
    }

    /**
     * Wraps a failure to open an existing store: besides corruption, a file that its manifest or
     * CURRENT names and that is missing means a damaged store.
     */
    static StoreException wrapOpening(Path d, String doing, RocksDBException e) {
        Status s = e.getStatus();
        String m = e.getMessage() == null ? "" : e.getMessage();
        boolean missingFile = s != null && (s.getCode() == Status.Code.IOError || s.getCode() == Status.Code.NotFound)
                && m.contains("No such file");
        if (missingFile) {
            return new CorruptStoreException(d, "a file it needs is missing: " + m, e);
        }
        return wrap(d, doing, e);
    }

    /** Wraps a RocksDB failure: corruption becomes {@link CorruptStoreException}. */
    static StoreException wrap(Path d, String doing, RocksDBException e) {
        Status s = e.getStatus();
        String m = e.getMessage() == null ? String.valueOf(s) : e.getMessage();
        if (s != null && s.getCode() == Status.Code.Corruption) {
            return new CorruptStoreException(d, "RocksDB, " + doing + ": " + m, e);
        }
        return new StoreException(d, "block store " + d + ": " + doing + " failed: " + m, e);
    }

    private void checkSchema(Map<String, ColumnFamilyHandle> byName) throws StoreException {
        ColumnFamilyHandle meta = byName.get(StoreSchema.CF_META);
        try {
            byte[] v = db.get(meta, StoreSchema.META_SCHEMA_VERSION);
            if (v != null) {
                long version;
                try {
                    version = StoreSchema.u64(v, "the schema version");
                } catch (IOException e) {
                    throw new CorruptStoreException(dir, e.getMessage(), e);
                }
                if (version > StoreSchema.VERSION) {
                    throw new UnsupportedStoreVersionException(dir, version, StoreSchema.VERSION);
                }
                if (version < 1) {
                    throw new CorruptStoreException(dir, "schema version " + version, null);
                }
            }
            for (String f : OUR_FAMILIES) {
                if (byName.get(f) == null) {
                    throw new CorruptStoreException(dir, "column family '" + f + "' is missing", null);
                }
            }
            if (v == null) {
                // A store whose creation was interrupted before its version was written is empty:
                // finish creating it. Anything else without a version is not ours to guess about.
                if (!isEmpty(blocks) || !isEmpty(archives) || !isEmpty(byArchive)) {
                    throw new CorruptStoreException(dir, "it holds data but no schema version", null);
                }
                try (WriteBatch wb = new WriteBatch()) {
                    wb.put(meta, StoreSchema.META_SCHEMA_VERSION, StoreSchema.u64(StoreSchema.VERSION));
                    wb.put(meta, StoreSchema.META_CREATED_MILLIS, StoreSchema.u64(System.currentTimeMillis()));
                    db.write(syncWrite, wb);
                }
            }
        } catch (RocksDBException e) {
            throw wrap(dir, "reading its schema version", e);
        }
    }

    private boolean isEmpty(ColumnFamilyHandle cf) throws RocksDBException {
        if (cf == null) {
            return true;
        }
        try (ReadOptions ro = new ReadOptions().setTotalOrderSeek(true); RocksIterator it = db.newIterator(cf, ro)) {
            it.seekToFirst();
            boolean empty = !it.isValid();
            it.status();
            return empty;
        }
    }

    private void loadArchives() throws StoreException {
        try (RocksIterator it = db.newIterator(archives)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                ArchiveRecord r = StoreSchema.archiveRecord(it.key(), it.value());
                known.put(r.id(), r);
            }
            it.status();
        } catch (RocksDBException e) {
            throw wrap(dir, "reading its archive records", e);
        } catch (IOException e) {
            throw new CorruptStoreException(dir, e.getMessage(), e);
        }
    }

    private void writeOwner() {
        try {
            owner.write(dir);
        } catch (IOException e) {
            // a courtesy for the "in use by" message only; the lock itself is RocksDB's
        }
    }

    /** Takes the shared lifecycle lock for one operation; throws if the store is closed. */
    private void enter() {
        life.readLock().lock();
        if (closed) {
            life.readLock().unlock();
            throw new IllegalStateException("the block store " + dir + " is closed");
        }
    }

    private void exit() {
        life.readLock().unlock();
    }

    /**
     * This thread's iterator over {@code blocks}, refreshed if anything was written since it last
     * looked. Creating an iterator costs about 2 µs on the benchmark machine, as much as the seek
     * of a miss itself (1 to 3 µs, BENCHMARKS.md), and most lookups of a pack are misses, so each
     * thread keeps one. The price: an iterator pins the tables it reads until it is refreshed or
     * the store closes.
     */
    private RocksIterator cursor() throws RocksDBException {
        long g = generation.get(); // before the refresh: what the iterator sees is at least this
        Cursor c = cursors.get();
        if (c == null) {
            c = new Cursor(db.newIterator(blocks, prefixRead), g);
            cursors.set(c);
            allCursors.add(c);
        } else if (c.generation != g) {
            c.iterator.refresh();
            c.generation = g;
        }
        return c.iterator;
    }

    private void written() {
        dirty = true;
        generation.incrementAndGet();
    }

    @Override
    public List<BlockLocation> find(byte[] hash) throws StoreException {
        BlockBatch.checkHash(hash);
        enter();
        try {
            return locations(cursor(), hash);
        } catch (RocksDBException e) {
            throw wrap(dir, "looking up a block", e);
        } finally {
            exit();
        }
    }

    @Override
    public List<List<BlockLocation>> findAll(List<byte[]> hashes) throws StoreException {
        hashes.forEach(BlockBatch::checkHash);
        enter();
        try {
            RocksIterator it = cursor();
            List<List<BlockLocation>> out = new ArrayList<>(hashes.size());
            for (byte[] h : hashes) {
                out.add(locations(it, h));
            }
            return out;
        } catch (RocksDBException e) {
            throw wrap(dir, "looking up blocks", e);
        } finally {
            exit();
        }
    }

    private List<BlockLocation> locations(RocksIterator it, byte[] hash) throws RocksDBException, StoreException {
        it.seek(hash);
        List<BlockLocation> found = null;
        while (it.isValid()) {
            byte[] key = it.key();
            if (key.length < HASH || !Arrays.equals(key, 0, HASH, hash, 0, HASH)) {
                break;
            }
            BlockLocation l;
            try {
                l = StoreSchema.location(key, it.value());
            } catch (IOException e) {
                throw new CorruptStoreException(dir, e.getMessage(), e);
            }
            if (known.containsKey(l.archive())) { // entries of an unfinished recording stay invisible
                if (found == null) {
                    found = new ArrayList<>(1);
                }
                found.add(l);
            }
            it.next();
        }
        it.status();
        return found == null ? List.of() : List.copyOf(found);
    }

    @Override
    public Optional<BlockLocation> findIn(byte[] hash, Set<ArchiveId> in) throws StoreException {
        for (BlockLocation l : find(hash)) {
            if (in.contains(l.archive())) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @Override
    public void record(ArchiveRecord archive, BlockSource source) throws IOException {
        byte[] id = archive.id().bytes();
        enter();
        try {
            synchronized (writes) {
                try (WriteBatch wb = new WriteBatch()) {
                    int[] pending = {0};
                    source.forEach((hash, entryNumber, rawLength) -> {
                        BlockBatch.checkHash(hash);
                        BlockBatch.checkEntry(entryNumber, rawLength);
                        try {
                            wb.put(blocks, StoreSchema.blockKey(hash, id), StoreSchema.blockValue(entryNumber, rawLength));
                            wb.put(byArchive, StoreSchema.byArchiveKey(id, hash), EMPTY);
                            if (++pending[0] >= BATCH_ENTRIES) {
                                db.write(bulkWrite, wb);
                                wb.clear();
                                pending[0] = 0;
                            }
                        } catch (RocksDBException e) {
                            throw wrap(dir, "recording blocks of archive " + archive.id(), e);
                        }
                    });
                    // the record last, and synced (which syncs the log of the batches before it):
                    // once it is there, so are all its blocks
                    wb.put(archives, id, StoreSchema.archiveValue(archive));
                    db.write(syncWrite, wb);
                } catch (RocksDBException e) {
                    throw wrap(dir, "recording archive " + archive.id(), e);
                }
                known.put(archive.id(), archive);
                written();
            }
        } finally {
            exit();
        }
    }

    @Override
    public Optional<ArchiveRecord> archive(ArchiveId id) {
        enter();
        try {
            return Optional.ofNullable(known.get(id));
        } finally {
            exit();
        }
    }

    @Override
    public List<ArchiveRecord> archives() {
        enter();
        try {
            List<ArchiveRecord> all = new ArrayList<>(known.values());
            all.sort((a, b) -> InMemoryBlockStore.ID_ORDER.compare(a.id(), b.id()));
            return List.copyOf(all);
        } finally {
            exit();
        }
    }

    @Override
    public void forget(ArchiveId archive) throws StoreException {
        byte[] id = archive.bytes();
        enter();
        try {
            synchronized (writes) {
                // the record first: from then on the archive's blocks are invisible, whatever happens next
                db.delete(archives, syncWrite, id);
                known.remove(archive);
                byte[] upper = successor(id);
                try (ReadOptions ro = new ReadOptions();
                        Slice bound = upper == null ? null : new Slice(upper);
                        WriteBatch wb = new WriteBatch()) {
                    if (bound != null) {
                        ro.setIterateUpperBound(bound);
                    }
                    try (RocksIterator it = db.newIterator(byArchive, ro)) {
                        int pending = 0;
                        for (it.seek(id); it.isValid(); it.next()) {
                            byte[] key = it.key();
                            if (key.length != BLOCK_KEY || !Arrays.equals(key, 0, ID, id, 0, ID)) {
                                break;
                            }
                            wb.delete(blocks, StoreSchema.blockKey(Arrays.copyOfRange(key, ID, BLOCK_KEY), id));
                            wb.delete(byArchive, key);
                            if (++pending >= BATCH_ENTRIES) {
                                db.write(bulkWrite, wb);
                                wb.clear();
                                pending = 0;
                            }
                        }
                        it.status();
                    }
                    db.write(syncWrite, wb);
                }
                written();
            }
        } catch (RocksDBException e) {
            throw wrap(dir, "forgetting archive " + archive, e);
        } finally {
            exit();
        }
    }

    /** The smallest key above every key starting with {@code prefix}, or null when there is none. */
    private static byte[] successor(byte[] prefix) {
        byte[] s = prefix.clone();
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] != (byte) 0xFF) {
                s[i]++;
                return Arrays.copyOf(s, i + 1);
            }
        }
        return null;
    }

    @Override
    public void clear() throws StoreException {
        enter();
        try {
            synchronized (writes) {
                // records first, as in forget; range deletions are cheap however much they cover
                deleteAll(archives, ID);
                known.clear();
                deleteAll(blocks, BLOCK_KEY);
                deleteAll(byArchive, BLOCK_KEY);
                written();
                for (ColumnFamilyHandle cf : List.of(archives, blocks, byArchive)) {
                    db.compactRange(cf); // reclaims the space now rather than at some later compaction
                }
            }
        } catch (RocksDBException e) {
            throw wrap(dir, "clearing it", e);
        } finally {
            exit();
        }
    }

    private void deleteAll(ColumnFamilyHandle cf, int keyLength) throws RocksDBException {
        byte[] end = new byte[keyLength + 1];
        Arrays.fill(end, (byte) 0xFF);
        db.deleteRange(cf, syncWrite, EMPTY, end);
    }

    @Override
    public StoreStats stats() throws StoreException {
        enter();
        try {
            Set<ByteBuffer> ids = new HashSet<>();
            long logical = 0;
            long stored = 0;
            long files = 0;
            for (ArchiveRecord r : known.values()) {
                ids.add(ByteBuffer.wrap(r.id().bytes()));
                logical += r.logicalSize();
                stored += r.storedBytes();
                files += r.archiveFileSize();
            }
            long entries = 0;
            long distinct = 0;
            byte[] key = new byte[BLOCK_KEY];
            byte[] previous = new byte[HASH];
            boolean any = false;
            ByteBuffer idView = ByteBuffer.wrap(key, HASH, ID).slice();
            try (ReadOptions ro = new ReadOptions().setTotalOrderSeek(true).setFillCache(false);
                    RocksIterator it = db.newIterator(blocks, ro)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    int n = it.key(key); // into the same array every time: no garbage per entry
                    if (n != BLOCK_KEY) {
                        throw new CorruptStoreException(dir, "a block entry has a " + n + "-byte key", null);
                    }
                    idView.rewind();
                    if (!ids.contains(idView)) {
                        continue; // an unfinished recording's entry: invisible, as in find
                    }
                    entries++;
                    if (!any || !Arrays.equals(key, 0, HASH, previous, 0, HASH)) {
                        distinct++;
                        System.arraycopy(key, 0, previous, 0, HASH);
                        any = true;
                    }
                }
                it.status();
            }
            return new StoreStats(known.size(), distinct, entries, logical, stored, files, sizeOnDisk());
        } catch (RocksDBException e) {
            throw wrap(dir, "counting its blocks", e);
        } finally {
            exit();
        }
    }

    private long sizeOnDisk() throws StoreException {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.isRegularFile() ? attrs.size() : 0;
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted by a compaction while we walked
                }
            });
        } catch (IOException e) {
            throw new StoreException(dir, "cannot measure block store " + dir + ": " + e.getMessage(), e);
        }
        return total[0];
    }

    /** Writes the memtables to SST files (tests use it to put data where corruption can reach it). */
    void flush() throws StoreException {
        enter();
        try (FlushOptions o = new FlushOptions().setWaitForFlush(true)) {
            db.flush(o, handles);
        } catch (RocksDBException e) {
            throw wrap(dir, "flushing it", e);
        } finally {
            exit();
        }
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(dir);
    }

    @Override
    public void close() throws StoreException {
        life.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // before the lock goes: afterwards the file may already be the next owner's
            owner.remove(dir);
            for (Cursor c : allCursors) {
                c.iterator.close();
            }
            allCursors.clear();
            RocksDBException failure = null;
            if (dirty) {
                // RocksDB keeps what is in its memtables in the log only, and the next open would
                // replay it (about 1.5 s for a million blocks); write it out once, now
                try (FlushOptions o = new FlushOptions().setWaitForFlush(true)) {
                    db.flush(o, handles);
                } catch (RocksDBException e) {
                    failure = e; // nothing lost: the log still has it
                }
            }
            for (ColumnFamilyHandle h : handles) {
                h.close();
            }
            try {
                db.closeE();
            } catch (RocksDBException e) {
                failure = failure == null ? e : failure;
            } finally {
                prefixRead.close();
                bulkWrite.close();
                syncWrite.close();
                closeAll(resources);
            }
            if (failure != null) {
                throw wrap(dir, "closing it", failure);
            }
        } finally {
            life.writeLock().unlock();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (StoreException | RuntimeException e) {
            // already failing with a better message
        }
    }

    private static void closeAll(List<RocksObject> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        resources.clear();
    }

    @Override
    public String toString() {
        return "RocksBlockStore[" + dir + "]";
    }
}
