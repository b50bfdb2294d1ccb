package dev.hexz.store;

import java.nio.file.Path;

/**
 * The store's database is damaged (RocksDB reported corruption, or a record does not decode).
 * The store is only an index: {@code hexz store rebuild DIR…} rebuilds it from the archives.
 */
public final class CorruptStoreException extends StoreException {

    private static final long serialVersionUID = 1L;

    public CorruptStoreException(Path directory, String detail, Throwable cause) {
        super(directory, "block store " + directory + " is damaged (" + detail + "); it is only an index:"
                + " rebuild it from your archives with 'hexz store rebuild DIR…'", cause);
    }
}
