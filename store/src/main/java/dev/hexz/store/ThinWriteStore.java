package dev.hexz.store;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ChainBlockLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The block store as a thin write (a pack with {@code --base}, a workspace commit) uses it:
 * blocks anywhere in the parent's chain are found in O(1) through it (the chain is recorded
 * first if the store does not know it), and the new archive is recorded after it is written.
 * The store is an index: when it cannot be used (busy past the wait, damaged), the write goes on
 * with the parent's index alone, and {@code warnings} hears why.
 */
public final class ThinWriteStore implements AutoCloseable {

    private final BlockStore store;
    private final StoreChainLookup lookup;
    private final Consumer<String> warnings;
    /** How the archive just written is opened to record it: with the chain's key when encrypted. */
    private final dev.hexz.format.ReaderOptions options;

    private ThinWriteStore(BlockStore store, StoreChainLookup lookup, Consumer<String> warnings,
            dev.hexz.format.ReaderOptions options) {
        this.options = options;
        this.store = store;
        this.lookup = lookup;
        this.warnings = warnings;
    }

    /** Opens the default store for a child of {@code parent}; never fails (see the class comment). */
    public static ThinWriteStore open(ArchiveReader parent, Consumer<String> warnings) {
        BlockStore store = null;
        try {
            store = BlockStores.openDefault();
            StoreChainLookup lookup = new StoreChainLookup(store, parent);
            lookup.ensureRecorded();
            return new ThinWriteStore(store, lookup, warnings, StoreChainLookup.chainOptions(parent));
        } catch (IOException | RuntimeException e) {
            warnings.accept("block store not used (" + e.getMessage() + "); blocks only older archives of the chain"
                    + " hold are stored again");
            closeQuietly(store);
            return new ThinWriteStore(null, null, warnings, null);
        }
    }

    public ChainBlockLookup lookup() {
        return lookup == null ? ChainBlockLookup.none() : lookup;
    }

    /** Records the archive just written, so that its children find its blocks through the store. */
    public void record(Path archive) {
        if (store == null) {
            return;
        }
        try (ArchiveReader r = ArchiveReader.open(archive, options)) {
            StoreRebuilder.record(store, archive.toAbsolutePath().normalize(), r);
        } catch (IOException | RuntimeException e) {
            warnings.accept("could not record " + archive + " in the block store (" + e.getMessage()
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
