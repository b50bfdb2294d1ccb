package dev.hexz.cli;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ReaderOptions;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.BackgroundThreads;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Serves one archive mount until it is unmounted: what {@code hexz mount --foreground} runs, and
 * the background server {@link MountServerLauncher} starts. The launcher's command line
 * ({@code mount --foreground --server [--cache-size=N] [--allow-other] [--no-auto-unmount] --
 * ARCHIVE DIR}, written by hexz itself) is parsed here without picocli: building picocli's
 * model takes ~0.3 s in a fresh JVM, a third of the second a mount may take.
 */
final class MountServer {

    /** What to serve. */
    record Request(Path archive, Path dir, long cacheBytes, boolean allowOther, boolean autoUnmount) {
    }

    private MountServer() {
    }

    /** The request of a server command line written by {@link MountServerLauncher}, or null for any other. */
    static Request parseServerCommandLine(String[] args) {
        List<String> a = List.of(args);
        if (a.size() < 6 || !a.get(0).equals("mount") || !a.get(1).equals("--foreground") || !a.get(2).equals("--server")
                || !a.get(a.size() - 3).equals("--")) {
            return null;
        }
        long cache = MountCommand.DEFAULT_CACHE_BYTES;
        boolean allowOther = false;
        boolean autoUnmount = true;
        for (String o : a.subList(3, a.size() - 3)) {
            if (o.startsWith("--cache-size=")) {
                OptionalLong size = SizeConverter.tryParse(o.substring("--cache-size=".length()));
                if (size.isEmpty()) {
                    return null; // picocli parses it and says what is wrong, in one line
                }
                cache = size.getAsLong();
            } else if (o.equals("--allow-other")) {
                allowOther = true;
            } else if (o.equals("--no-auto-unmount")) {
                autoUnmount = false;
            } else {
                return null;
            }
        }
        return new Request(Path.of(a.get(a.size() - 2)), Path.of(a.get(a.size() - 1)), cache, allowOther, autoUnmount);
    }

    /** Runs a server command line: returns the exit code, having printed any error as one line. */
    static int runServerCommandLine(Request request) {
        Thread preload = FuseMount.preloadInBackground();
        Secrets.use(new Secrets(null, null, false)); // an encrypted archive's key comes in HEXZ_MASTER_KEY
        Terminal term = new Terminal(InputStream.nullInputStream(), System.out, new FileOutputStream(FileDescriptor.out),
                System.err, false);
        try {
            serve(request, preload, term, true);
            return ExitCodes.OK;
        } catch (Exception e) {
            System.err.println("hexz: " + HexzMain.messageOf(e));
            return HexzMain.exitCodeOf(e);
        } finally {
            System.err.flush();
        }
    }

    /**
     * Mounts and serves until unmounted; SIGTERM/SIGINT unmount. With {@code announceReady}, says
     * {@link ServerHandshake#READY} on stdout once the mount answers (for the launcher).
     *
     * @param preload the thread loading libfuse, started as early as the caller could
     */
    static void serve(Request r, Thread preload, Terminal term, boolean announceReady)
            throws IOException, InterruptedException {
        Path abs = r.archive().toAbsolutePath().normalize();
        try (ArchiveReader reader = Archives.open(abs, ReaderOptions.defaults().withCacheBytes(r.cacheBytes()))) {
            ArchiveTree tree = ArchiveTree.of(reader, MountCommand.streamName(abs),
                    Files.getLastModifiedTime(abs).toMillis() / 1000, Owner.uid(), Owner.gid());
            preload.join();
            PrintStream err = term.err();
            MountListener log = (operation, path, cause) -> {
                synchronized (err) {
                    err.println("hexz: " + operation + " of " + path + " failed (EIO returned): "
                            + HexzMain.messageOf(cause));
                    err.flush();
                }
            };
            MountOptions options = MountOptions.forArchive(abs.toString())
                    .withAllowOther(r.allowOther())
                    .withAutoUnmount(r.autoUnmount());
            FuseMount mount = FuseMount.mount(tree, r.dir(), options, log);
            DeadMountWatchdog watchdog = r.autoUnmount() ? startWatchdog(mount.mountPoint(), err) : null;
            Thread hook = new Thread(() -> unmountOnSignal(mount), "hexz-unmount-on-exit");
            Runtime.getRuntime().addShutdownHook(hook);
            if (announceReady) {
                // before the launcher hears READY: the user's first reads find the path compiled,
                // and no unmount finds the warm-up's file open (in the foreground, where the mount
                // is in use as soon as it is listed, there is no warm-up)
                MountWarmup.warmUp(mount, tree, reader);
                if (!mount.isServing()) {
                    // unmounted from outside while warming up: the launcher must not report a mount
                    throw new IOException(r.dir() + ": the mount ended before it was ready (unmounted from outside?)");
                }
                ServerHandshake.announceReady(term.out());
            } else if (!term.quiet()) {
                term.out().println("mounted " + r.archive() + " at " + mount.mountPoint() + "; Ctrl-C unmounts");
            }
            term.out().flush();
            // from now on the JIT compiles on idle CPU only: in a server of an encrypted archive
            // (C2) it went on for seconds and slowed the slowest of the first reads
            BackgroundThreads.lowerPriorityOfJitCompilers();
            warmIndexInBackground(reader);
            mount.awaitUnmounted();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal is being handled: the hook unmounts
            }
            if (watchdog != null) {
                watchdog.close(); // the mount is down: it has nothing to do
            }
        }
    }

    /**
     * The watchdog that takes the mount down if this process dies without unmounting it, or
     * null (said in the log) if none can be started: the mount works without it.
     */
    private static DeadMountWatchdog startWatchdog(Path mountPoint, PrintStream err) {
        try {
            return DeadMountWatchdog.start(mountPoint);
        } catch (IOException e) {
            err.println("hexz: warning: no watchdog for " + mountPoint + " (" + e.getMessage() + "): if this server is"
                    + " killed, 'hexz unmount " + mountPoint + "' detaches the dead mount");
            return null;
        }
    }

    /**
     * Index pages into memory while the mount is idle (see {@link ArchiveReader#warmIndex}): the
     * first random reads then wait for no page of the index.
     */
    private static void warmIndexInBackground(ArchiveReader reader) {
        Thread t = new Thread(() -> {
            try {
                reader.warmIndex();
            } catch (IOException | RuntimeException e) {
                // a damaged page is reported by the read that needs it
            }
        }, "hexz-index-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** SIGTERM/SIGINT: unmount (detaching lazily if a file is still open), at most 10 s. */
    private static void unmountOnSignal(FuseMount mount) {
        if (!mount.isServing()) {
            return;
        }
        try {
            mount.close();
        } catch (IOException e) {
            try {
                mount.unmount(true, Duration.ofSeconds(5));
            } catch (IOException ignored) {
                // auto_unmount (fusermount) takes it down when this process is gone
            }
        }
    }
}
