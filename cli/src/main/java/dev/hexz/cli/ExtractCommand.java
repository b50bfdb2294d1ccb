package dev.hexz.cli;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.extract.ArchiveExtractor;
import dev.hexz.format.extract.ExtractResult;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz extract ARCHIVE DEST}: files back on disk. */
@Command(name = "extract",
        mixinStandardHelpOptions = true,
        description = {
            "Extract an archive.",
            "",
            "A directory archive becomes a tree under DEST (created if missing) with modes, mtimes,"
                + " symlinks and empty directories; a file archive becomes the file DEST, or DEST/NAME when DEST"
                + " is a directory; a stream archive becomes the file DEST.",
            "Nothing is written outside DEST: an entry below a symlink is refused. Existing files are"
                + " kept unless --force; each file appears under its name only once complete.",
            "Setuid/setgid bits are not restored; ownership is not recorded.",
        },
        sortOptions = false)
final class ExtractCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to read.")
    private Path archive;

    @Parameters(index = "1", paramLabel = "DEST", description = "Where to write (see above).")
    private Path dest;

    @Option(names = {"-p", "--path"}, paramLabel = "PATH",
            description = "Extract only this path of the archive (a directory: its whole subtree). Repeatable.")
    private List<String> paths = new ArrayList<>();

    @Option(names = {"-f", "--force"}, description = "Replace existing files and symlinks.")
    private boolean force;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        try (ArchiveReader reader = Archives.open(archive)) {
            ArchiveExtractor x = ArchiveExtractor.of(reader).overwrite(force);
            for (String p : paths) {
                try {
                    x.select(p);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--path: " + e.getMessage());
                }
            }
            ExtractResult r;
            try (Progress progress = Progress.start(term, "extract", x.plannedBytes());
                    OnExit cleanUp = OnExit.run(x::removeTemporary)) {
                x.onProgress(progress);
                r = x.extractTo(dest);
            } catch (FileAlreadyExistsException e) {
                String m = HexzMain.messageOf(e);
                throw new CliException(ExitCodes.FAILURE, force || !m.endsWith("already exists") ? m
                        : m + " (use --force to replace existing files)");
            }
            if (!term.quiet()) {
                if (reader.header().isDirectory()) {
                    term.out().println("extracted " + Units.count(r.files(), "file", "files") + ", "
                            + Units.count(r.directories(), "directory", "directories") + ", "
                            + Units.count(r.symlinks(), "symlink", "symlinks") + " (" + Units.bytes(r.bytes())
                            + ") into " + dest);
                } else {
                    term.out().println("extracted " + Units.bytesExact(r.bytes()) + " to " + r.destination());
                }
            }
        }
        return ExitCodes.OK;
    }
}
