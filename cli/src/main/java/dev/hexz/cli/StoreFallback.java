package dev.hexz.cli;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ParentResolver;
import dev.hexz.store.BlockStore;
import dev.hexz.store.BlockStores;
import dev.hexz.store.HexzHome;
import dev.hexz.store.StoreException;
import dev.hexz.store.StoreParentResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds an ancestor that is not at its path hint through the block store (where the store last
 * saw its id). The store is opened only then: most thin archives find their parent by path, and
 * opening RocksDB costs a JNI load. Without a store (or with it busy) there is simply no fallback.
 */
final class StoreFallback implements ParentResolver {

    static final StoreFallback INSTANCE = new StoreFallback();

    @Override
    public List<Path> candidates(AncestorRef ref) {
        return List.of();
    }

    @Override
    public List<Path> fallbackCandidates(AncestorRef ref) {
        if (!Files.isDirectory(HexzHome.store())) {
            return List.of();
        }
        try (BlockStore store = BlockStores.openDefault()) {
            return new StoreParentResolver(store).candidates(ref);
        } catch (StoreException e) {
            return List.of();
        }
    }
}
