package dev.hexz.cli;

import dev.hexz.workspace.ControlProtocol;
import dev.hexz.workspace.FileChange;
import dev.hexz.workspace.JsonTrees;
import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.WorkspaceStatus;
import dev.hexz.workspace.Workspaces;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz status [DIR] [--json | --porcelain]}. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show what changed in a workspace since its base: added, modified, deleted and renamed files and"
                + " directories, type changes and mode changes. A file rewritten with the same bytes is not modified;"
                + " a changed mtime alone is not a change.",
            "--porcelain prints one line a change: a letter (A added, M modified, D deleted, R renamed, T type"
                + " changed, P permissions changed), a space, the path (OLD -> NEW for a rename); directories end"
                + " in '/'.",
        },
        sortOptions = false)
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The workspace (default: the current directory).")
    private Path dir;

    @ArgGroup(exclusive = true)
    private Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Option(names = "--porcelain", description = "Print one stable line per change, for scripts.")
        boolean porcelain;
    }

    @Override
    public Integer call() throws Exception {
        return show(main.terminal(), WorkspaceCli.registry(), dir, format.json, format.porcelain);
    }

    private static final List<PlainCommandLine.Spec> PLAIN = List.of(
            new PlainCommandLine.Spec(List.of("--json"), false), new PlainCommandLine.Spec(List.of("--porcelain"), false));

    /**
     * {@code hexz status [DIR] [--json | --porcelain]} without picocli (see {@link PlainCommandLine}):
     * status must answer in under 200 ms, a third of which picocli's start-up would take. Returns
     * {DIR or null, "--json" / "--porcelain" or null}, or null for anything else (both formats too).
     */
    static String[] plainCommandLine(String[] args) {
        PlainCommandLine c = PlainCommandLine.parse(args, "status", PLAIN);
        if (c == null || c.has("--json") && c.has("--porcelain")) {
            return null;
        }
        return new String[] {c.positional(), c.has("--json") ? "--json" : c.has("--porcelain") ? "--porcelain" : null};
    }

    /** Prints the status of the workspace at or around {@code dir} (default: the current directory). */
    static int show(Terminal term, Workspaces registry, Path dir, boolean json, boolean porcelain)
            throws java.io.IOException {
        WorkspaceState s = registry.containing(dir == null ? Path.of("") : dir);
        WorkspaceStatus st;
        try (WorkspaceOperations ops = registry.operate(s, "status", Owner.uid(), Owner.gid())) {
            st = ops.status();
        }
        PrintStream out = term.out();
        if (json) {
            var n = ControlProtocol.status(st);
            n.put("workspace", s.name());
            n.put("mountPoint", s.mountPoint().toString());
            out.println(JsonTrees.pretty(n));
        } else if (porcelain) {
            for (FileChange c : st.changes()) {
                out.println(WorkspaceCli.porcelain(c));
            }
        } else {
            out.println("workspace " + s.name() + " on " + s.base());
            if (st.clean()) {
                out.println("nothing changed");
            } else {
                out.println("changes since the base:");
                for (FileChange c : st.changes()) {
                    WorkspaceCli.printChange(out, c);
                }
            }
        }
        return ExitCodes.OK;
    }
}
