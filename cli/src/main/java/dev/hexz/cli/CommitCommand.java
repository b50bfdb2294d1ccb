package dev.hexz.cli;

import dev.hexz.workspace.CommitResult;
import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.Workspaces;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz commit [DIR] [-m MESSAGE] [-o OUTPUT.hxz]}. */
@Command(name = "commit",
        mixinStandardHelpOptions = true,
        description = {
            "Write a workspace's changes as a thin archive whose parent is its base, record it in the block store,"
                + " and move the workspace onto it (still mounted, no changes left). Writes wait while it runs.",
            "By default the archive goes beside the base, numbered: data.hxz, then data-1.hxz, data-2.hxz …"
                + " The message, time and user go in its metadata (hexz log shows them). With nothing changed it"
                + " says so and writes nothing. A commit interrupted by a crash is finished (or undone) the next"
                + " time the workspace is opened.",
        },
        sortOptions = false)
final class CommitCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The workspace (default: the current directory).")
    private Path dir;

    @Option(names = {"-m", "--message"}, paramLabel = "MESSAGE", description = "What the commit is.")
    private String message;

    @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT.hxz", description = "Where to write the archive.")
    private Path output;

    @Override
    public Integer call() throws Exception {
        return commit(main.terminal(), dir, message, output);
    }

    private static final List<PlainCommandLine.Spec> PLAIN = List.of(
            new PlainCommandLine.Spec(List.of("-m", "--message"), true),
            new PlainCommandLine.Spec(List.of("-o", "--output"), true),
            new PlainCommandLine.Spec(List.of("-q", "--quiet"), false));

    /** {@code hexz commit [DIR] [-m MESSAGE] [-o OUTPUT.hxz] [-q]} as parsed without picocli, or null. */
    static PlainCommandLine plainCommandLine(String[] args) {
        return PlainCommandLine.parse(args, "commit", PLAIN);
    }

    static int commit(Terminal term, Path dir, String message, Path output) throws java.io.IOException {
        return commit(term, WorkspaceCli.registry(), dir, message, output);
    }

    static int commit(Terminal term, Workspaces registry, Path dir, String message, Path output)
            throws java.io.IOException {
        WorkspaceState s = registry.containing(dir == null ? Path.of("") : dir);
        CommitResult r;
        try (WorkspaceOperations ops = registry.operate(s, "commit", Owner.uid(), Owner.gid())) {
            r = ops.commit(message, output, System.getProperty("user.name"), WorkspaceCli.who("commit"));
        }
        for (String w : r.warnings()) {
            term.warn(w);
        }
        if (r.finishedInterrupted() != null && !term.quiet()) {
            term.out().println("finished an interrupted commit: " + r.finishedInterrupted());
        }
        if (r.nothingToCommit()) {
            if (r.finishedInterrupted() == null) {
                term.out().println("nothing to commit: workspace " + s.name() + " has no changes since " + s.base());
            }
            return ExitCodes.OK;
        }
        if (!term.quiet()) {
            term.out().println("committed " + r.changes().size() + " change" + (r.changes().size() == 1 ? "" : "s")
                    + " to " + r.archive() + " (" + Units.bytes(r.archiveBytes()) + ", " + Units.bytes(r.storedBytes())
                    + " of new data)");
        }
        return ExitCodes.OK;
    }
}
