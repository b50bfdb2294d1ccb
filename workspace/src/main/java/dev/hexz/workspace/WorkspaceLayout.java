package dev.hexz.workspace;

import java.nio.file.Path;

/**
 * The one class that knows where a workspace's state lives (workspace/STATE.md):
 * {@code $HEXZ_HOME/workspaces/<id>/} with {@code state.json}, {@code lock},
 * {@code control.sock}, {@code daemon.log}, {@code commit.pending} and one {@code upper-<n>/}
 * directory per generation of the upper layer.
 */
public record WorkspaceLayout(Path home) {

    /** The layout under {@code $HEXZ_HOME}, else {@code ~/.hexz}. */
    public static WorkspaceLayout fromEnvironment() {
        return new WorkspaceLayout(dev.hexz.store.HexzHome.home().toAbsolutePath().normalize());
    }

    public Path workspaces() {
        return home.resolve("workspaces");
    }

    public Path dir(String id) {
        return workspaces().resolve(id);
    }

    public Path state(String id) {
        return dir(id).resolve("state.json");
    }

    public Path lock(String id) {
        return dir(id).resolve("lock");
    }

    public Path socket(String id) {
        return dir(id).resolve("control.sock");
    }

    public Path log(String id) {
        return dir(id).resolve("daemon.log");
    }

    public Path pendingCommit(String id) {
        return dir(id).resolve("commit.pending");
    }

    public Path upper(String id, long generation) {
        return dir(id).resolve("upper-" + generation);
    }
}
