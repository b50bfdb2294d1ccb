package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The block store's in-memory twin: the same semantics as {@link RocksBlockStore} (one contract
 * test holds both to them), for tests of code that uses a store and for one-off work that needs
 * no persistence. Plain maps under one monitor: simple beats fast here.
 */
public final class InMemoryBlockStore implements BlockStore {

    /** Archive ids ordered as RocksDB orders the keys that contain them: unsigned bytes. */
    static final Comparator<ArchiveId> ID_ORDER = (a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes());

    private final TreeMap<Hash, TreeMap<ArchiveId, BlockLocation>> blocks = new TreeMap<>();
    private final TreeMap<ArchiveId, ArchiveRecord> archives = new TreeMap<>(ID_ORDER);
    private final Map<ArchiveId, Set<Hash>> byArchive = new HashMap<>();
    private boolean closed;

    /** A hash as a map key. */
    private record Hash(byte[] bytes) implements Comparable<Hash> {
        @Override
        public boolean equals(Object o) {
            return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public int compareTo(Hash o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }

        @Override
        public String toString() {
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }

    private static Hash key(byte[] hash) {
        BlockBatch.checkHash(hash);
        return new Hash(hash.clone());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the block store is closed");
        }
    }

    @Override
    public synchronized List<BlockLocation> find(byte[] hash) {
        Hash k = key(hash);
        checkOpen();
        TreeMap<ArchiveId, BlockLocation> locations = blocks.get(k);
        return locations == null ? List.of() : List.copyOf(locations.values());
    }

    @Override
    public synchronized Optional<BlockLocation> findIn(byte[] hash, Set<ArchiveId> in) {
        Hash k = key(hash);
        checkOpen();
        TreeMap<ArchiveId, BlockLocation> locations = blocks.get(k);
        if (locations == null) {
            return Optional.empty();
        }
        return locations.values().stream().filter(l -> in.contains(l.archive())).findFirst();
    }

    @Override
    public void record(ArchiveRecord archive, BlockSource source) throws IOException {
        // collected first, applied at once: a failing source leaves the store as it was
        List<Object[]> collected = new ArrayList<>();
        source.forEach((hash, entryNumber, rawLength) -> {
            Hash k = key(hash);
            collected.add(new Object[] {k, new BlockLocation(archive.id(), entryNumber, rawLength)});
        });
        synchronized (this) {
            checkOpen();
            Set<Hash> mine = byArchive.computeIfAbsent(archive.id(), a -> new TreeSet<>());
            for (Object[] c : collected) {
                Hash k = (Hash) c[0];
                blocks.computeIfAbsent(k, h -> new TreeMap<>(ID_ORDER)).put(archive.id(), (BlockLocation) c[1]);
                mine.add(k);
            }
            archives.put(archive.id(), archive);
        }
    }

    @Override
    public synchronized Optional<ArchiveRecord> archive(ArchiveId id) {
        checkOpen();
        return Optional.ofNullable(archives.get(id));
    }

    @Override
    public synchronized List<ArchiveRecord> archives() {
        checkOpen();
        return List.copyOf(archives.values());
    }

    @Override
    public synchronized void forget(ArchiveId id) {
        checkOpen();
        Set<Hash> mine = byArchive.remove(id);
        if (mine != null) {
            for (Hash k : mine) {
                TreeMap<ArchiveId, BlockLocation> locations = blocks.get(k);
                if (locations != null) {
                    locations.remove(id);
                    if (locations.isEmpty()) {
                        blocks.remove(k);
                    }
                }
            }
        }
        archives.remove(id);
    }

    @Override
    public synchronized void clear() {
        checkOpen();
        blocks.clear();
        archives.clear();
        byArchive.clear();
    }

    @Override
    public synchronized StoreStats stats() {
        checkOpen();
        long entries = 0;
        for (TreeMap<ArchiveId, BlockLocation> l : blocks.values()) {
            entries += l.size();
        }
        long logical = 0;
        long stored = 0;
        long files = 0;
        for (ArchiveRecord r : archives.values()) {
            logical += r.logicalSize();
            stored += r.storedBytes();
            files += r.archiveFileSize();
        }
        return new StoreStats(archives.size(), blocks.size(), entries, logical, stored, files, 0);
    }

    @Override
    public Optional<Path> directory() {
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
