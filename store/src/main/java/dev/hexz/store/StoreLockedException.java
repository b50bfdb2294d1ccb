package dev.hexz.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Another process has the store open, and it did not close it within the wait. Names the holder
 * when it said who it is (see {@link StoreOwner}).
 */
public final class StoreLockedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient StoreOwner holder;

    public StoreLockedException(Path directory, StoreOwner holder, Duration waited, Throwable cause) {
        super(directory, message(directory, holder, waited), cause);
        this.holder = holder;
    }

    private static String message(Path directory, StoreOwner holder, Duration waited) {
        String who = holder == null ? "another process (it has not said which yet)" : holder.describe();
        return "block store " + directory + " is in use by " + who + "; gave up after waiting "
                + seconds(waited) + ", try again when it has finished";
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The process holding the store, when known. */
    public Optional<StoreOwner> holder() {
        return Optional.ofNullable(holder);
    }
}
