package dev.hexz.cli;

import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.WorkspaceStatus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz reset [DIR] [--yes]}: drop every change. */
@Command(name = "reset",
        mixinStandardHelpOptions = true,
        description = {
            "Drop every uncommitted change of a workspace: it shows its base again. Asks first on a terminal;"
                + " --yes does not ask (and is needed without a terminal).",
        },
        sortOptions = false)
final class ResetCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The workspace (default: the current directory).")
    private Path dir;

    @Option(names = {"-y", "--yes"}, description = "Do not ask.")
    private boolean yes;

    @Override
    public Integer call() throws Exception {
        Terminal term = main.terminal();
        WorkspaceState s = WorkspaceCli.find(dir);
        try (WorkspaceOperations ops = WorkspaceCli.operate(s, "reset")) {
            WorkspaceStatus st = ops.status();
            if (st.clean()) {
                term.out().println("nothing to reset: workspace " + s.name() + " has no changes");
                return ExitCodes.OK;
            }
            if (!yes) {
                if (!term.interactive()) {
                    throw new CliException(ExitCodes.USAGE, "reset drops " + st.changes().size()
                            + " uncommitted change(s) of workspace " + s.name() + "; run it with --yes to confirm");
                }
                term.err().print("drop " + st.changes().size() + " uncommitted change(s) of workspace " + s.name()
                        + "? [y/N] ");
                term.err().flush();
                String answer = term.readLine();
                if (answer == null || !answer.trim().toLowerCase().startsWith("y")) {
                    term.out().println("nothing dropped");
                    return ExitCodes.OK;
                }
            }
            ops.reset(WorkspaceCli.who("reset"));
            if (!term.quiet()) {
                term.out().println("dropped " + st.changes().size() + " change(s): workspace " + s.name()
                        + " shows " + s.base() + " again");
            }
        }
        return ExitCodes.OK;
    }
}
