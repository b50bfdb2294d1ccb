package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hexz.workspace.ControlProtocol;
import dev.hexz.workspace.FileChange;
import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.WorkspaceStatus;
import java.io.PrintStream;
import java.nio.file.Path;
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

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        Terminal term = main.terminal();
        WorkspaceState s = WorkspaceCli.find(dir);
        WorkspaceStatus st;
        try (WorkspaceOperations ops = WorkspaceCli.operate(s, "status")) {
            st = ops.status();
        }
        PrintStream out = term.out();
        if (format.json) {
            var n = ControlProtocol.status(st);
            n.put("workspace", s.name());
            n.put("mountPoint", s.mountPoint().toString());
            out.println(JSON.writeValueAsString(n));
        } else if (format.porcelain) {
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
