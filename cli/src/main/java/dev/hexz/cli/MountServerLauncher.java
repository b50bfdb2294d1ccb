package dev.hexz.cli;

import dev.hexz.fuse.MountPoints;
import dev.hexz.store.HexzHome;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the mount server for {@code hexz mount} without {@code --foreground}: this same program
 * in a new JVM ({@code hexz mount --foreground --server …}), in its own session (setsid: a
 * Ctrl-C or a closed terminal does not reach it), stdin from /dev/null, stderr to a log under
 * {@code $HEXZ_HOME/logs/}. The server prints {@link #READY} on its stdout, a pipe to this
 * process, once the mount answers; if it exits first, its last line of log is the error.
 */
final class MountServerLauncher {

    static final String READY = "hexz-mount-ready";
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Terminal term;

    MountServerLauncher(Terminal term) {
        this.term = term;
    }

    int launch(MountCommand c) throws IOException, InterruptedException {
        Path log = logFile(c.dir);
        List<String> cmd = new ArrayList<>(SelfCommand.current());
        cmd.add("mount");
        cmd.add("--foreground");
        cmd.add("--server");
        cmd.add("--cache-size=" + c.cacheSize);
        if (c.allowOther) {
            cmd.add("--allow-other");
        }
        if (c.noAutoUnmount) {
            cmd.add("--no-auto-unmount");
        }
        cmd.add("--");
        cmd.add(c.archive.toAbsolutePath().normalize().toString());
        cmd.add(c.dir.toAbsolutePath().normalize().toString());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        Process p = pb.start();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> awaitReady(p));
        boolean ok;
        try {
            ok = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            p.destroyForcibly();
            throw new CliException(ExitCodes.MOUNT_FAILED, c.dir + ": the mount server did not answer within "
                    + START_TIMEOUT_SECONDS + " s (log: " + log + ")");
        } catch (ExecutionException e) {
            throw new IOException("reading the mount server's output: " + e.getCause().getMessage(), e.getCause());
        }
        if (!ok) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            int code = p.isAlive() ? ExitCodes.MOUNT_FAILED : p.exitValue();
            String why = lastLine(log);
            throw new CliException(code == 0 ? ExitCodes.MOUNT_FAILED : code,
                    why.isEmpty() ? c.dir + ": the mount server exited (" + code + ") without mounting; log: " + log
                            : why.startsWith("hexz: ") ? why.substring(6) : why);
        }
        if (!term.quiet()) {
            term.out().println("mounted " + c.archive + " at " + MountPoints.canonical(c.dir) + " (server pid "
                    + p.pid() + ", log " + log + "); 'hexz unmount " + c.dir + "' takes it down");
        }
        return ExitCodes.OK;
    }

    /** Reads the server's stdout until it says it is ready (true) or closes it (false). */
    private static boolean awaitReady(Process p) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.equals(READY)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code $HEXZ_HOME/logs/mount-<name>-<hash of the mount point>.log}, truncated for each mount. */
    static Path logFile(Path dir) throws IOException {
        Path logs = HexzHome.home().resolve("logs");
        Files.createDirectories(logs);
        Path canonical = MountPoints.canonical(dir);
        String name = canonical.getFileName() == null ? "root" : canonical.getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_");
        String hash = HexFormat.of().toHexDigits(canonical.toString().hashCode());
        return logs.resolve("mount-" + name + "-" + hash + ".log");
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("hexz: ")) {
                    return lines.get(i).trim();
                }
            }
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
        } catch (IOException e) {
            // no log: nothing to add
        }
        return "";
    }
}
