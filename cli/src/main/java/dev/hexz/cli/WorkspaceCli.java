package dev.hexz.cli;

import dev.hexz.workspace.FileChange;
import dev.hexz.workspace.WorkspaceLayout;
import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.Workspaces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** What the workspace commands share: finding the workspace of a directory and reaching it. */
final class WorkspaceCli {

    private WorkspaceCli() {
    }

    static Workspaces registry() {
        return new Workspaces(WorkspaceLayout.fromEnvironment());
    }

    /** The workspace at or around {@code dir} (default: the current directory). */
    static WorkspaceState find(Path dir) throws IOException {
        return registry().containing(dir == null ? Path.of("") : dir);
    }

    /** The workspace mounted at {@code dir} exactly, or a one-line error (exit 3). */
    static WorkspaceState atMountPoint(Workspaces registry, Path dir) throws IOException {
        return registry.atMountPoint(dir).orElseThrow(() -> new CliException(ExitCodes.NOT_FOUND,
                dir + ": no workspace is checked out there (hexz workspace list shows them)"));
    }

    /** The workspace's daemon, or the workspace opened in this process when it is not mounted. */
    static WorkspaceOperations operate(WorkspaceState s, String command) throws IOException {
        return registry().operate(s, command, Owner.uid(), Owner.gid());
    }

    /** How this process names itself to a refused concurrent operation. */
    static String who(String command) {
        return "pid " + ProcessHandle.current().pid() + " (hexz " + command + ")";
    }

    /** Starts the workspace's daemon in the background and waits until its mount answers. */
    static long startDaemon(WorkspaceState s) throws IOException, InterruptedException {
        WorkspaceLayout layout = registry().layout();
        return MountServerLauncher.startServer(List.of("workspace", "serve", s.id()), layout.log(s.id()), s.mountPoint(),
                "workspace daemon", Secrets.current().forServer(s.base()));
    }

    /** {@code README.md}, {@code dir/} for a directory. */
    static String shown(String path, boolean directory) {
        return directory ? path + "/" : path;
    }

    /** One change as {@code hexz status} prints it. */
    static void printChange(PrintStream out, FileChange c) {
        String what = switch (c.kind()) {
            case RENAMED -> shown(c.oldPath(), c.directory()) + " -> " + shown(c.path(), c.directory())
                    + (c.contentChanged() ? " (modified)" : "");
            case MODE_CHANGED -> shown(c.path(), c.directory()) + " (" + Integer.toOctalString(c.oldMode()) + " -> "
                    + Integer.toOctalString(c.newMode()) + ")";
            default -> shown(c.path(), c.directory());
        };
        // padded by hand: java.util.Formatter costs a short command ~10 ms of regex and locale set-up
        StringBuilder line = new StringBuilder("  ").append(c.kind().word()).append(':');
        while (line.length() < 15) {
            line.append(' ');
        }
        out.println(line.append(' ').append(what));
    }

    /** One change as {@code --porcelain} prints it: a letter, a space, the path. */
    static String porcelain(FileChange c) {
        return c.kind().letter() + " " + (c.kind() == FileChange.Kind.RENAMED
                ? shown(c.oldPath(), c.directory()) + " -> " + shown(c.path(), c.directory())
                : shown(c.path(), c.directory()));
    }
}
