package dev.hexz.store;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ParentResolver;
import java.nio.file.Path;
import java.util.List;

/**
 * Proposes where the store last saw an archive id: how a thin archive whose ancestor moved
 * still finds it. The reader checks the identity of whatever file this proposes.
 */
public final class StoreParentResolver implements ParentResolver {

    private final BlockStore store;

    public StoreParentResolver(BlockStore store) {
        this.store = store;
    }

    @Override
    public List<Path> candidates(AncestorRef ref) {
        try {
            return store.archive(ref.id()).map(r -> List.of(r.path())).orElse(List.of());
        } catch (StoreException e) {
            return List.of(); // the store is an index: without it, the path hint is all there is
        }
    }
}
