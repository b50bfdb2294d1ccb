package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link StoreRebuilder} did.
 *
 * @param recorded archives recorded, in the order they were found
 * @param failed files named {@code *.hxz} that could not be recorded (not archives, damaged,
 *     unreadable, written by a newer hexz) and directories that could not be searched
 * @param duplicates files holding an archive already recorded in this run from another path
 *     (copies: same archive id); the first path found is the one recorded
 * @param elapsedMillis wall-clock time of the whole rebuild
 */
public record RebuildReport(List<Recorded> recorded, List<Failed> failed, List<Duplicate> duplicates,
        long elapsedMillis) {

    public RebuildReport {
        recorded = List.copyOf(recorded);
        failed = List.copyOf(failed);
        duplicates = List.copyOf(duplicates);
    }

    /** One archive recorded, with the number of block entries recorded for it. */
    public record Recorded(Path path, ArchiveId archiveId, long blocks) {
    }

    /** A path that could not be recorded, and why. */
    public record Failed(Path path, String reason) {
    }

    /** A copy of an archive recorded from {@code recordedFrom}. */
    public record Duplicate(Path path, ArchiveId archiveId, Path recordedFrom) {
    }

    /** Block entries recorded over all archives. */
    public long blocks() {
        return recorded.stream().mapToLong(Recorded::blocks).sum();
    }
}
