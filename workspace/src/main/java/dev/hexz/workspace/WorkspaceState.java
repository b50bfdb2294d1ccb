package dev.hexz.workspace;

import java.nio.file.Path;

/**
 * What {@code state.json} records of a workspace: who it is, where it is mounted, which archive
 * it is based on (path and identity), and which generation of the upper layer is current.
 *
 * @param baseId the base archive's id (hex), so a replaced file at the base path is noticed
 * @param generation the current {@code upper-<generation>} directory
 */
public record WorkspaceState(int version, String id, String name, Path mountPoint, Path base, String baseId,
        long generation, long createdMillis) {

    public static final int VERSION = 1;

    public WorkspaceState withBase(Path newBase, String newBaseId, long newGeneration) {
        return new WorkspaceState(version, id, name, mountPoint, newBase, newBaseId, newGeneration, createdMillis);
    }

    public WorkspaceState withGeneration(long newGeneration) {
        return new WorkspaceState(version, id, name, mountPoint, base, baseId, newGeneration, createdMillis);
    }

    public WorkspaceState withMountPoint(Path dir) {
        return new WorkspaceState(version, id, name, dir, base, baseId, generation, createdMillis);
    }
}
