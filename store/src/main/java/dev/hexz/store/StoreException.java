package dev.hexz.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A failure of the block store, naming the store's directory. The base of the store's
 * exceptions; RocksDB's own exceptions never leave this module (they are wrapped in one of these).
 */
public class StoreException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path directory;

    public StoreException(Path directory, String message) {
        super(message);
        this.directory = directory;
    }

    public StoreException(Path directory, String message, Throwable cause) {
        super(message, cause);
        this.directory = directory;
    }

    /** The store's directory (null for the in-memory store). */
    public Path directory() {
        return directory;
    }
}
