package dev.hexz.cli;

import dev.hexz.fuse.FuseMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hexz mount ARCHIVE DIR}: serves the archive read-only at DIR through FUSE. Without
 * {@code --foreground} a server process is started in the background ({@link MountServerLauncher})
 * and the command returns once the mount answers.
 */
@Command(name = "mount",
        mixinStandardHelpOptions = true,
        description = {
            "Mount an archive (a thin archive with its chain) read-only at DIR, an empty directory.",
            "Returns once the mount answers; the server runs in the background until 'hexz unmount DIR'.",
            "Files, directories, symlinks, modes and mtimes show as packed; files belong to the user who"
                + " mounts. Writes fail with 'Read-only file system'.",
            "As a non-root user this needs fusermount3 (fuse3); --allow-other also needs user_allow_other"
                + " in /etc/fuse.conf.",
        },
        sortOptions = false)
final class MountCommand implements Callable<Integer> {

    /**
     * The default of --cache-size. Small on purpose: the kernel's page cache keeps what was read,
     * and every cached block is live data the server's young collections copy; with 32 MiB a
     * 1 GiB cat spent 110-190 ms in GC pauses (20-40 ms each in random reads), with 8 MiB 50-70 ms.
     */
    static final long DEFAULT_CACHE_BYTES = 8L << 20;

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to mount.")
    Path archive;

    @Parameters(index = "1", paramLabel = "DIR", description = "An empty directory to mount it on.")
    Path dir;

    @Option(names = "--foreground", description = "Serve in this process until unmounted (Ctrl-C or SIGTERM unmounts).")
    boolean foreground;

    @Option(names = "--cache-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "8M",
            description = "Memory for decompressed blocks (default: ${DEFAULT-VALUE}; never less than four of the"
                    + " archive's largest blocks). The kernel's page cache keeps what was read, so this only"
                    + " needs to hold blocks that reads share.")
    long cacheSize;

    @Option(names = "--allow-other",
            description = "Let other users read the mount (the modes still apply). Non-root users need"
                    + " 'user_allow_other' in /etc/fuse.conf.")
    boolean allowOther;

    /** For tests of dead mounts: without auto_unmount a killed server leaves its mount behind. */
    @Option(names = "--no-auto-unmount", hidden = true)
    boolean noAutoUnmount;

    /** Set by {@link MountServerLauncher} on the server it starts: say "ready" on stdout once mounted. */
    @Option(names = "--server", hidden = true)
    boolean server;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Terminal term = main.terminal();
        if (!foreground) {
            return new MountServerLauncher(term).launch(this);
        }
        // libfuse and jnr-ffi take ~0.3 s to load; do it while the archive is opened
        Thread preload = FuseMount.preloadInBackground();
        MountServer.serve(new MountServer.Request(archive, dir, cacheSize, allowOther, !noAutoUnmount), preload, term,
                server);
        return ExitCodes.OK;
    }

    /** The name an unnamed byte stream is shown under: the archive's name without ".hxz". */
    static String streamName(Path archive) {
        String n = archive.getFileName().toString();
        return n.endsWith(".hxz") && n.length() > 4 ? n.substring(0, n.length() - 4) : n + ".data";
    }

}
