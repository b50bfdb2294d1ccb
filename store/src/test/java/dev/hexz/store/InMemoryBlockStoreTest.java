package dev.hexz.store;

import java.nio.file.Path;

/** The contract, held by the in-memory twin. */
class InMemoryBlockStoreTest extends BlockStoreContractTest {

    @Override
    BlockStore newStore(Path tmp) {
        return new InMemoryBlockStore();
    }
}
