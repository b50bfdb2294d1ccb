package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hexz.fuse.FuseMountException;
import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import dev.hexz.fuse.Unmounter;
import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.WorkspaceStatus;
import dev.hexz.workspace.Workspaces;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz workspace list|mount|remove}: the workspaces themselves. */
@Command(name = "workspace",
        mixinStandardHelpOptions = true,
        description = "List, mount again, or remove workspaces.",
        subcommands = {WorkspaceCommand.ListCommand.class, WorkspaceCommand.MountAgainCommand.class,
            WorkspaceCommand.RemoveCommand.class, WorkspaceServeCommand.class})
final class WorkspaceCommand implements Callable<Integer> {

    @ParentCommand
    HexzMain main;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(main.terminal().err());
        return ExitCodes.USAGE;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every workspace: name, mount point, whether it is mounted, and its base archive.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Terminal term = parent.main.terminal();
            Workspaces registry = WorkspaceCli.registry();
            List<WorkspaceState> all = registry.list();
            if (json) {
                ArrayNode a = new ObjectMapper().createArrayNode();
                for (WorkspaceState s : all) {
                    a.addObject().put("name", s.name()).put("id", s.id()).put("mountPoint", s.mountPoint().toString())
                            .put("mounted", registry.daemonRunning(s)).put("base", s.base().toString());
                }
                term.out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(a));
                return ExitCodes.OK;
            }
            if (all.isEmpty()) {
                term.out().println("no workspaces (hexz checkout ARCHIVE DIR makes one)");
            }
            for (WorkspaceState s : all) {
                term.out().printf("%-20s %-9s %s  (base %s)%n", s.name(), registry.daemonRunning(s) ? "mounted" : "unmounted",
                        s.mountPoint(), s.base());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "mount", mixinStandardHelpOptions = true,
            description = "Mount a workspace again (after an unmount, a reboot or a crash), with all its uncommitted"
                + " changes. A dead mount left at DIR is detached first.")
    static final class MountAgainCommand implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The workspace's mount point.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Terminal term = parent.main.terminal();
            Workspaces registry = WorkspaceCli.registry();
            WorkspaceState s = WorkspaceCli.atMountPoint(registry, dir);
            if (registry.daemonRunning(s)) {
                term.out().println("workspace " + s.name() + " is already mounted at " + s.mountPoint());
                return ExitCodes.OK;
            }
            if (MountPoints.state(s.mountPoint()) == MountState.NOT_MOUNTED) {
                // a dead mount left by a killed daemon cannot be stat'ed (createDirectories would fail with
                // "already exists"); the daemon detaches it before mounting (MountPoints.prepare)
                java.nio.file.Files.createDirectories(s.mountPoint());
            }
            WorkspaceCli.startDaemon(s);
            if (!term.quiet()) {
                term.out().println("mounted workspace " + s.name() + " at " + s.mountPoint());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Unmount a workspace and delete its state. Refuses while it has uncommitted changes, unless"
                + " --force (they are lost). DIR is left as an empty directory; the archives are not touched.")
    static final class RemoveCommand implements Callable<Integer> {
        @ParentCommand
        WorkspaceCommand parent;

        @Parameters(index = "0", paramLabel = "DIR", description = "The workspace's mount point.")
        Path dir;

        @Option(names = {"-f", "--force"}, description = "Remove even with uncommitted changes.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            Terminal term = parent.main.terminal();
            Workspaces registry = WorkspaceCli.registry();
            WorkspaceState s = WorkspaceCli.atMountPoint(registry, dir);
            if (!force) {
                WorkspaceStatus st;
                try (WorkspaceOperations ops = WorkspaceCli.operate(s, "workspace remove")) {
                    st = ops.status();
                } catch (java.nio.file.NoSuchFileException e) {
                    // its changes cannot be told without its base: say how to remove it anyway
                    throw new CliException(ExitCodes.WORKSPACE, e.getFile() + ": the base of workspace " + s.name()
                            + " is gone, so its changes cannot be checked; --force removes it (its changes are lost)");
                }
                if (!st.clean()) {
                    throw new CliException(ExitCodes.FAILURE, "workspace " + s.name() + " has " + st.changes().size()
                            + " uncommitted change(s); commit them, or remove it with --force to drop them");
                }
            }
            if (MountPoints.state(s.mountPoint()) != MountState.NOT_MOUNTED) {
                try {
                    Unmounter.unmount(s.mountPoint(), force);
                } catch (FuseMountException e) {
                    if (e.reason() != FuseMountException.Reason.NOT_MOUNTED) {
                        throw e;
                    }
                }
            }
            awaitDaemonGone(registry, s);
            registry.delete(s);
            if (!term.quiet()) {
                term.out().println("removed workspace " + s.name() + " (" + s.mountPoint() + " left empty)");
            }
            return ExitCodes.OK;
        }

        private static void awaitDaemonGone(Workspaces registry, WorkspaceState s) throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (dev.hexz.workspace.WorkspaceLock.isHeld(registry.layout().lock(s.id()))) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.BUSY, "workspace " + s.name() + ": its daemon did not stop within"
                            + " 10 s after the unmount");
                }
                Thread.sleep(20);
            }
        }
    }
}
