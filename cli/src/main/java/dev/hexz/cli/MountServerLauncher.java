package dev.hexz.cli;

import dev.hexz.fuse.MountPoints;
import dev.hexz.store.HexzHome;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the mount server for {@code hexz mount} without {@code --foreground}: this same program
 * in a new JVM ({@code hexz mount --foreground --server …}), in its own session (setsid: a
 * Ctrl-C or a closed terminal does not reach it), stdin from /dev/null, stderr to a log under
 * {@code $HEXZ_HOME/logs/}. The server says {@link ServerHandshake#READY} in a file beside the log
 * once the mount answers; if it exits first, its last line of log is the error and the code it
 * says there is the exit code.
 */
final class MountServerLauncher {

    /**
     * The server's JVM: C1 only, since its hot paths are native (LZ4, memcpy, the kernel) and C2's
     * compilations cost more CPU than they save in the first gigabytes read (measured: 1 GiB
     * cold read 2.2 s with C2, 1.5 s with C1 on 2 cores); the parallel collector, whose young
     * collections of short-lived block buffers are cheaper than G1's. (jnr-ffi calls through
     * reflection in every hexz JVM: see {@code dev.hexz.fuse.JnrLibraries}.)
     */
    static final List<String> SERVER_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC");
    /**
     * The JVM of a mount server of a plain (not encrypted) archive: {@link #SERVER_JVM} with a
     * young generation of 48 MiB, whose pages stay mapped and in cache. A cold read of 1 GiB
     * allocates 1 GiB of block arrays, and in the default young generation (a third of 1/64 of
     * memory) the server kept faulting in fresh pages for them (measured: 1.07–1.09 CPU-s for a cold 1 GiB cat against 1.14–1.20,
     * random reads' p50 and p99 unchanged, with the default 8 MiB block cache).
     */
    static final List<String> MOUNT_SERVER_JVM = java.util.stream.Stream.concat(SERVER_JVM.stream(),
            java.util.stream.Stream.of("-Xmn48m")).toList();
    /**
     * A server of an encrypted archive needs C2: the JDK's AES-GCM runs on AES-NI and carry-less
     * multiply only in C2-compiled code (C1 alone decrypts at ~20 MB/s here), and the crypto
     * provider's methods are compiled early (a tenth of the usual invocation counts) so the first
     * reads do not run the slow path for long.
     */
    static final List<String> ENCRYPTED_SERVER_JVM = List.of("-XX:+UseParallelGC",
            "-XX:CompileCommand=quiet", "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.*::*,0.1");
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Terminal term;

    MountServerLauncher(Terminal term) {
        this.term = term;
    }

    int launch(MountCommand c) throws IOException, InterruptedException {
        List<String> options = new ArrayList<>();
        options.add("--cache-size=" + c.cacheSize);
        if (c.allowOther) {
            options.add("--allow-other");
        }
        if (c.noAutoUnmount) {
            options.add("--no-auto-unmount");
        }
        return launch(c.archive, c.dir, options);
    }

    /**
     * The fast path of {@code hexz mount ARCHIVE DIR [options]}: when the command line is a plain
     * background mount (see {@link #plainMountOptions}), {@link HexzMain#main} starts the server
     * without building picocli's model first, ~0.15 s of a mount that must answer in under a
     * second. The server parses the same arguments with picocli and reports any mistake.
     */
    static List<String> plainMountOptions(String[] args) {
        if (args.length < 3 || !args[0].equals("mount")) {
            return null;
        }
        List<String> options = new ArrayList<>();
        int positional = 0;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--cache-size") && i + 1 < args.length) {
                a = a + "=" + args[++i];
            }
            if (a.startsWith("--cache-size=")) {
                if (SizeConverter.tryParse(a.substring("--cache-size=".length())).isEmpty()) {
                    return null; // the ordinary path says what is wrong with it
                }
                options.add(a);
            } else if (a.equals("--allow-other") || a.equals("--no-auto-unmount")) {
                options.add(a);
            } else if (!a.startsWith("-") && !a.isEmpty()) {
                positional++;
            } else if (!a.equals("-q") && !a.equals("--quiet")) {
                return null; // --foreground, --help, a typo: the ordinary path
            }
        }
        return positional == 2 ? options : null;
    }

    /** The positional arguments of a command line {@link #plainMountOptions} accepted. */
    static List<Path> plainMountPaths(String[] args) {
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--cache-size")) {
                i++;
            } else if (!args[i].startsWith("-")) {
                paths.add(Path.of(args[i]));
            }
        }
        return paths;
    }

    int launch(Path archive, Path dir, List<String> options) throws IOException, InterruptedException {
        Path log = logFile(dir);
        List<String> args = new ArrayList<>();
        args.add("mount");
        args.add("--foreground");
        args.add("--server");
        args.addAll(options);
        args.add("--");
        args.add(archive.toAbsolutePath().normalize().toString());
        args.add(dir.toAbsolutePath().normalize().toString());
        long pid = startServer(args, log, dir, "mount server", Secrets.current().forServer(archive), MOUNT_SERVER_JVM);
        if (!term.quiet()) {
            term.out().println("mounted " + archive + " at " + MountPoints.canonical(dir) + " (server pid "
                    + pid + ", log " + log + "); 'hexz unmount " + dir + "' takes it down");
        }
        return ExitCodes.OK;
    }

    /**
     * Starts {@code hexz <serverArgs>} in the background (stderr to {@code log}) and waits until
     * it says it is ready (see {@link ServerHandshake}); returns its pid, or fails with its last
     * logged line and exit code.
     *
     * <p>The server is started by {@code sh}, in the background, and the shell exits at once:
     * this JVM then has no child left and exits without HotSpot's 0.3 s wait (see
     * {@link ServerHandshake}). A server handed a key reads it from its stdin, a pipe from the
     * shell, which read it from this process.
     */
    static long startServer(List<String> serverArgs, Path log, Path dir, String what, Secrets.Handoff key)
            throws IOException, InterruptedException {
        return startServer(serverArgs, log, dir, what, key, SERVER_JVM);
    }

    /** {@link #startServer(List, Path, Path, String, Secrets.Handoff)} with {@code plainJvm} for a server handed no key. */
    static long startServer(List<String> serverArgs, Path log, Path dir, String what, Secrets.Handoff key,
            List<String> plainJvm) throws IOException, InterruptedException {
        List<String> server = new ArrayList<>(SelfCommand.current(key != null ? ENCRYPTED_SERVER_JVM : plainJvm));
        server.addAll(serverArgs);
        // this start's own file (an earlier server of the same mount point may still say its exit
        // code in its own); made here, so a server whose file is gone writes nowhere
        Path said = Files.createTempFile(log.getParent(), log.getFileName() + ".", ".said");
        try {
            return startServer(server, log, said, dir, what, key);
        } finally {
            Files.deleteIfExists(said);
        }
    }

    private static long startServer(List<String> server, Path log, Path said, Path dir, String what,
            Secrets.Handoff key) throws IOException, InterruptedException {
        // A non-interactive shell starts background jobs with SIGINT and SIGQUIT ignored, which
        // a JVM keeps (no shutdown hook on SIGINT then): env puts them back where it can. A key
        // is read by the shell (printf is a builtin: it is in no command line) and piped into the
        // server. The shell reads it before it may exit: the JDK closes a child's stdin once the
        // child is gone, and a key written after that would be lost.
        String start = key == null ? "$d \"$@\" </dev/null"
                : "IFS= read -r k || exit 1; printf '%s\\n' \"$k\" | $d \"$@\"";
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
                "d=; env --default-signal=INT true 2>/dev/null && d='env --default-signal=INT,QUIT'; "
                + start + " >/dev/null 2>\"$HEXZ_SERVER_LOG\" & k=; echo $!", "sh"));
        cmd.addAll(server);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("HEXZ_SERVER_LOG", log.toString());
        if (key != null) {
            pb.environment().put(Secrets.KEY_ON_STDIN_ENV, "1");
        }
        pb.environment().remove(Secrets.ENV); // a server is handed the derived key, never the password
        pb.environment().put(ServerHandshake.ENV, said.toString());
        Process p = pb.start();
        if (key != null) {
            try (java.io.OutputStream in = p.getOutputStream()) { // the shell waits for this line
                in.write((key.key().hex() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String started = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        long pid;
        try {
            pid = Long.parseLong(started);
        } catch (NumberFormatException e) {
            throw new CliException(ExitCodes.MOUNT_FAILED, dir + ": could not start the " + what
                    + " (sh said '" + started + "'; log: " + log + ")");
        }
        ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
        if (handle == null) { // already gone: what it said, if anything, is in the file
            return outcome(ServerHandshake.await(said, () -> false, 0, TimeUnit.SECONDS), pid, log, dir, what);
        }
        Integer code = ServerHandshake.await(said, handle::isAlive, START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return outcome(code, pid, log, dir, what);
    }

    /** The server's pid once it said READY; otherwise the failure, with its last line of log. */
    private static long outcome(Integer code, long pid, Path log, Path dir, String what) {
        if (code == null) {
            return pid;
        }
        if (code == ServerHandshake.TIMED_OUT) {
            ProcessHandle.of(pid).filter(MountServerLauncher::isJava).ifPresent(ProcessHandle::destroyForcibly);
            throw new CliException(ExitCodes.MOUNT_FAILED, dir + ": the " + what + " did not answer within "
                    + START_TIMEOUT_SECONDS + " s (log: " + log + ")");
        }
        if (code == ServerHandshake.NO_WORD) { // killed, or it could not start its JVM
            code = ExitCodes.MOUNT_FAILED;
        }
        String why = lastLine(log);
        throw new CliException(code == 0 ? ExitCodes.MOUNT_FAILED : code,
                why.isEmpty() ? dir + ": the " + what + " exited (" + code + ") without mounting; log: " + log
                        : why.startsWith("hexz: ") ? why.substring(6) : why);
    }

    /** Whether {@code p} still runs a JVM (the server, not a process that has since taken its pid). */
    private static boolean isJava(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/java")).orElse(true);
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
