package dev.hexz.cli;

import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.Workspaces;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz checkout ARCHIVE DIR [--name NAME]}: a writable workspace of an archive. */
@Command(name = "checkout",
        mixinStandardHelpOptions = true,
        description = {
            "Check an archive out into DIR (missing or empty) as a writable workspace: DIR shows the archive's tree"
                + " at once (nothing is copied) and takes any change; 'hexz status' shows what changed, 'hexz commit'"
                + " writes it as a thin archive of the base. Returns once the workspace answers; a daemon serves it"
                + " in the background (log: $HEXZ_HOME/workspaces/<id>/daemon.log).",
        },
        sortOptions = false)
final class CheckoutCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to check out (any chain).")
    private Path archive;

    @Parameters(index = "1", paramLabel = "DIR", description = "Where the workspace appears (created if missing).")
    private Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "The workspace's name (default: DIR's name).")
    private String name;

    @Override
    public Integer call() throws Exception {
        Terminal term = main.terminal();
        Workspaces registry = WorkspaceCli.registry();
        Archives.open(archive).close(); // a missing, corrupt or broken-chain archive: its own message and code
        WorkspaceState s = registry.create(archive, dir, name);
        try {
            WorkspaceCli.startDaemon(s);
        } catch (Exception e) {
            registry.delete(s);
            throw e;
        }
        if (!term.quiet()) {
            term.out().println("checked out " + archive + " at " + s.mountPoint() + " (workspace " + s.name() + ")");
        }
        return ExitCodes.OK;
    }
}
