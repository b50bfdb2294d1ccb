package dev.hexz.workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * What a commit did.
 *
 * @param archive the new archive, or null when there was nothing to commit
 * @param storedBytes bytes of new blocks stored in it
 * @param archiveBytes the new archive's file size
 * @param changes what it committed
 * @param finishedInterrupted an earlier commit that had been interrupted and was finished
 *     instead (its archive), else null
 * @param warnings what went wrong on the side (the block store could not record the archive …)
 */
public record CommitResult(Path archive, long storedBytes, long archiveBytes, List<FileChange> changes,
        Path finishedInterrupted, List<String> warnings) {

    public boolean nothingToCommit() {
        return archive == null;
    }
}
