package dev.hexz.workspace;

import java.util.List;

/**
 * What changed in a workspace since its base, sorted by path.
 *
 * @param baseArchive the base archive's path
 * @param changedBytes bytes the upper layer holds for changed files (what a commit reads)
 */
public record WorkspaceStatus(String baseArchive, List<FileChange> changes, long changedBytes) {

    public boolean clean() {
        return changes.isEmpty();
    }
}
