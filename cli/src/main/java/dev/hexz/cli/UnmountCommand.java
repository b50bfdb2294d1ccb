package dev.hexz.cli;

import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import dev.hexz.fuse.Unmounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz unmount DIR}: takes a hexz mount down (a dead one is detached). */
@Command(name = "unmount",
        aliases = "umount",
        mixinStandardHelpOptions = true,
        description = {
            "Unmount the hexz mount at DIR. Its server exits.",
            "A busy mount (a process has a file open or its working directory there) is refused, naming"
                + " the processes; --force detaches it at once and it goes away when they close it.",
            "A dead mount (its server was killed: 'Transport endpoint is not connected') is detached.",
        },
        sortOptions = false)
final class UnmountCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", paramLabel = "DIR", description = "Where the archive is mounted.")
    Path dir;

    @Option(names = {"-f", "--force"}, description = "Detach even when busy (lazy unmount).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        boolean dead = MountPoints.state(dir) == MountState.DEAD;
        Unmounter.unmount(dir, force);
        if (!term.quiet()) {
            term.out().println(dead ? "detached the dead mount at " + dir : "unmounted " + dir);
        }
        return ExitCodes.OK;
    }
}
