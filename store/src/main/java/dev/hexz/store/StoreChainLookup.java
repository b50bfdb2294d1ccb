package dev.hexz.store;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.ChainBlockLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds blocks anywhere in a thin archive's chain through the block store: one store lookup per
 * block, then the entry it names is checked against that ancestor's index ({@link LocationCheck})
 * before it is used, so a stale store is ignored, never trusted. Before the first lookup,
 * {@link #ensureRecorded} records any archive of the chain the store does not know (a deleted
 * store rebuilds itself from the chain).
 */
public final class StoreChainLookup implements ChainBlockLookup, AutoCloseable {

    private final BlockStore store;
    private final Map<ArchiveId, Integer> depthOf = new HashMap<>();
    private final Map<Integer, Path> pathOf = new HashMap<>();
    private final Map<Integer, ArchiveReader> readers = new HashMap<>();
    private final dev.hexz.format.ReaderOptions options;

    /**
     * Reader options for the archives of {@code parent}'s chain and its children: an encrypted
     * chain has one master key, the parent's.
     */
    static dev.hexz.format.ReaderOptions chainOptions(ArchiveReader parent) {
        dev.hexz.format.crypt.MasterKey m = parent.masterKey();
        return dev.hexz.format.ReaderOptions.defaults().withKeys(m == null ? null : (name, slot) -> m);
    }

    /** The chain a child of {@code parent} will have: the parent is ancestor 1. */
    public StoreChainLookup(BlockStore store, ArchiveReader parent) {
        this.store = store;
        this.options = chainOptions(parent);
        depthOf.put(parent.header().archiveId(), 1);
        pathOf.put(1, Path.of(parent.name()).toAbsolutePath().normalize());
        for (AncestorRef a : parent.ancestors()) {
            depthOf.put(a.id(), a.depth() + 1);
            pathOf.put(a.depth() + 1, parent.ancestorPath(a.depth()).toAbsolutePath().normalize());
        }
    }

    /** Records every archive of the chain that the store does not know yet; returns how many. */
    public int ensureRecorded() throws IOException {
        int recorded = 0;
        for (Map.Entry<ArchiveId, Integer> e : depthOf.entrySet()) {
            if (store.archive(e.getKey()).isEmpty()) {
                StoreRebuilder.record(store, pathOf.get(e.getValue()), reader(e.getValue()));
                recorded++;
            }
        }
        return recorded;
    }

    @Override
    public Optional<ChainBlock> find(byte[] hash, int rawLength) throws IOException {
        List<BlockLocation> locations = store.find(hash);
        for (BlockLocation loc : locations) {
            Integer k = depthOf.get(loc.archive());
            if (k == null || loc.rawLength() != rawLength) {
                continue;
            }
            Optional<BlockEntry> e = LocationCheck.entry(reader(k), loc, hash);
            if (e.isPresent()) {
                BlockEntry b = e.get();
                return Optional.of(new ChainBlock(k, b.storedOffset(), b.storedLength(), b.crc32c(), b.codec()));
            }
        }
        return Optional.empty();
    }

    private ArchiveReader reader(int k) throws IOException {
        ArchiveReader r = readers.get(k);
        if (r == null) {
            r = ArchiveReader.open(pathOf.get(k), options);
            readers.put(k, r);
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ArchiveReader r : readers.values()) {
            try {
                r.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
