package dev.hexz.cli;

import dev.hexz.workspace.WorkspaceOperations;
import dev.hexz.workspace.WorkspaceState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz restore [--dir DIR] PATH…}: drop the changes to some paths. */
@Command(name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Put PATHs (and everything below a directory) back as the workspace's base has them; a path the base"
                + " does not have is removed. PATHs are relative to the current directory, inside the workspace.",
        },
        sortOptions = false)
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Paths in the workspace.")
    private List<Path> paths;

    @Override
    public Integer call() throws Exception {
        Terminal term = main.terminal();
        Path first = paths.get(0).toAbsolutePath().normalize();
        WorkspaceState s = WorkspaceCli.find(first.getParent() == null ? first : first.getParent());
        List<String> rel = new ArrayList<>();
        for (Path p : paths) {
            Path abs = p.toAbsolutePath().normalize();
            Path parent = abs.getParent() == null ? abs : abs.getParent().toRealPath();
            Path real = parent.resolve(abs.getFileName());
            if (!real.startsWith(s.mountPoint()) || real.equals(s.mountPoint())) {
                throw new CliException(ExitCodes.USAGE, p + ": not a path inside workspace " + s.name() + " ("
                        + s.mountPoint() + "); hexz reset drops every change");
            }
            rel.add(s.mountPoint().relativize(real).toString());
        }
        try (WorkspaceOperations ops = WorkspaceCli.operate(s, "restore")) {
            ops.restore(rel, WorkspaceCli.who("restore"));
        } catch (IOException e) {
            throw e;
        }
        if (!term.quiet()) {
            term.out().println("restored " + String.join(", ", rel));
        }
        return ExitCodes.OK;
    }

}
