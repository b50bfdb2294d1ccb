package dev.hexz.store;

import java.nio.file.Path;

/** The store was written by a newer hexz (a schema version this build does not know); it is left as it is. */
public final class UnsupportedStoreVersionException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long found;

    public UnsupportedStoreVersionException(Path directory, long found, long supported) {
        super(directory, "block store " + directory + " has schema version " + found + ", this hexz knows "
                + supported + " and older; use a newer hexz, or rebuild a store for this one elsewhere"
                + " (HEXZ_HOME) with 'hexz store rebuild DIR…'");
        this.found = found;
    }

    public long foundVersion() {
        return found;
    }
}
