package dev.hexz.store;

import java.nio.file.Path;

/**
 * The directory given as a store holds something else: files but no RocksDB database, or a
 * RocksDB database that hexz did not create. Nothing in it was changed.
 */
public final class NotAStoreException extends StoreException {

    private static final long serialVersionUID = 1L;

    public NotAStoreException(Path directory, String why) {
        super(directory, directory + " is not a hexz store (" + why + "); nothing was changed");
    }
}
