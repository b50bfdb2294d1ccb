package dev.hexz.workspace;

import java.nio.file.Path;

/**
 * A journal record is damaged and valid records follow it: not the torn last record a crash
 * leaves (that one is cut off silently), but corruption. Cutting there would silently drop every
 * change after it, so the workspace is not opened and the journal is left exactly as it is.
 */
public final class CorruptJournalException extends WorkspaceStateException {

    private final Path journal;
    private final long offset;
    private final String damage;
    private final long validAt;

    /**
     * {@code damage} says what is wrong with the record at {@code offset}; {@code validAt} is
     * where a valid record was found after it; {@code mountPoint} (or null) names the workspace
     * in the advice.
     */
    CorruptJournalException(Path journal, long offset, String damage, long validAt, Path mountPoint) {
        super(journal + ": journal record at byte " + offset + " is damaged (" + damage + "), yet a valid record"
                + " follows at byte " + validAt + ": this is corruption, not the torn tail a crash leaves, so the"
                + " workspace is not opened and nothing was cut. Keep a copy of the journal to inspect; then restore "
                + journal.getParent() + " from a backup, or drop the workspace's uncommitted changes with `hexz"
                + " workspace remove --force " + (mountPoint == null ? "DIR" : mountPoint.toString())
                + "` and check its base out again");
        this.journal = journal;
        this.offset = offset;
        this.damage = damage;
        this.validAt = validAt;
    }

    /** The same error, its advice naming the workspace's mount point. */
    CorruptJournalException inWorkspace(Path mountPoint) {
        return new CorruptJournalException(journal, offset, damage, validAt, mountPoint);
    }

    /** The journal file. */
    public Path journal() {
        return journal;
    }

    /** Where the damaged record starts. */
    public long offset() {
        return offset;
    }
}
