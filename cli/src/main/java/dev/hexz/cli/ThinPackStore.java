package dev.hexz.cli;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ChainBlockLookup;
import dev.hexz.store.BlockStore;
import dev.hexz.store.BlockStores;
import dev.hexz.store.StoreChainLookup;
import dev.hexz.store.StoreRebuilder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The block store as a thin pack uses it: blocks anywhere in the base's chain are found in O(1)
 * through it (the chain is recorded first if the store does not know it), and the new archive is
 * recorded after it is written. The store is an index: when it cannot be used (busy past the
 * wait, damaged), the pack goes on with the parent's index alone and says so.
 */
final class ThinPackStore implements AutoCloseable {

    private final Terminal term;
    private final BlockStore store;
    private final StoreChainLookup lookup;

    private ThinPackStore(Terminal term, BlockStore store, StoreChainLookup lookup) {
        this.term = term;
        this.store = store;
        this.lookup = lookup;
    }

    static ThinPackStore open(Terminal term, ArchiveReader parent) {
        BlockStore store = null;
        try {
            store = BlockStores.openDefault();
            StoreChainLookup lookup = new StoreChainLookup(store, parent);
            lookup.ensureRecorded();
            return new ThinPackStore(term, store, lookup);
        } catch (IOException | RuntimeException e) {
            term.warn("block store not used (" + e.getMessage() + "); blocks only older archives of the chain"
                    + " hold are stored again");
            closeQuietly(store);
            return new ThinPackStore(term, null, null);
        }
    }

    ChainBlockLookup lookup() {
        return lookup == null ? ChainBlockLookup.none() : lookup;
    }

    /** Records the archive just written, so that its children find its blocks through the store. */
    void record(Path archive) {
        if (store == null) {
            return;
        }
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            StoreRebuilder.record(store, archive.toAbsolutePath().normalize(), r);
        } catch (IOException | RuntimeException e) {
            term.warn("could not record " + archive + " in the block store (" + e.getMessage()
                    + "); hexz store rebuild will");
        }
    }

    private static void closeQuietly(BlockStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (Exception ignored) {
                // nothing more to do: the store is only an index
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lookup != null) {
                lookup.close();
            }
        } finally {
            closeQuietly(store);
        }
    }
}
