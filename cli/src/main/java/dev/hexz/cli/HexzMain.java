package dev.hexz.cli;

import dev.hexz.format.CorruptArchiveException;
import dev.hexz.format.ParentChainException;
import dev.hexz.format.UnsupportedFormatVersionException;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.CodecId;
import dev.hexz.fuse.FuseMountException;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.store.CorruptStoreException;
import dev.hexz.store.NotAStoreException;
import dev.hexz.store.StoreLockedException;
import dev.hexz.store.StoreOwner;
import dev.hexz.store.UnsupportedStoreVersionException;
import dev.hexz.workspace.Workspaces;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code hexz} command: parses the command line, runs a subcommand, and turns every failure
 * into one line {@code hexz: <message>} on stderr and an exit code from {@link ExitCodes}
 * (with {@code --verbose}, the stack trace too). The only place that calls {@link System#exit}.
 */
@Command(name = "hexz",
        mixinStandardHelpOptions = true,
        versionProvider = HexzMain.Version.class,
        description = "Seekable, deduplicated, compressed archives (.hxz) of large binary data.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  failure: I/O error, output exists (see --force), unsafe extraction",
            "  2  usage error: unknown command or option, bad argument",
            "  3  not found: input, archive, or path inside an archive",
            "  4  corrupt: damaged archive or not an archive (a directory, an empty",
            "     file); verify found damage",
            "  5  unsupported: the archive or the block store needs a newer hexz",
            "  6  broken chain: a thin archive's ancestor is missing or was replaced,",
            "     or the chain has a cycle or is deeper than 1000",
            "  7  wrong password or key file for an encrypted archive, or none given",
            "     and no terminal to ask on",
            "  8  locked: another hexz process is using the block store or the",
            "     workspace, or another commit or reset runs in it (it is named)",
            "  9  bad store: the block store directory is not a hexz store, or is",
            "     damaged (hexz store rebuild DIR... recreates it)",
            " 10  mount failed: no FUSE here, or the mount point is not an empty",
            "     directory, or is already a mount",
            " 11  busy: unmount refused, processes use the mount (they are named)",
            " 12  workspace: not a workspace, or its state or base cannot be used",
            " 13  bad key file: empty, damaged, not a hexz key, or a public key where",
            "     the secret one is needed",
            " 14  bad signature: unsigned, signed by another key, or not matching",
        })
public final class HexzMain implements Callable<Integer> {

    /**
     * The subcommands, in the order help lists them. They are not in the {@code @Command}
     * annotation: picocli builds a command's model by reflection when it is registered, ~0.1 s
     * for all of them, so a command line that names one gets only that one (see {@link #run}).
     * A holder class, so that the commands run without picocli (status, commit, mount) do not
     * load all of them, nor picocli's {@code HelpCommand}, which is not in the CDS archive
     * (picocli's class files are too old to be archived) and makes the JVM open the jar.
     */
    private static final class Subcommands {
        static final List<Class<?>> ALL = List.of(PackCommand.class, BuildCommand.class,
                ExtractCommand.class, CatCommand.class, InspectCommand.class, VerifyCommand.class, KeygenCommand.class,
                SignCommand.class, FlattenCommand.class,
                DiffCommand.class, LogCommand.class, MountCommand.class, UnmountCommand.class, CheckoutCommand.class,
                StatusCommand.class, CommitCommand.class, RestoreCommand.class, ResetCommand.class,
                WorkspaceCommand.class, StoreCommand.class,
                TrainCdsCommand.class, CommandLine.HelpCommand.class);
    }

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "On an error, print the stack trace as well as the message.")
    private boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "No progress bars and no summaries; errors and warnings are still printed.")
    private boolean quiet;

    @Option(names = "--password-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Read the password of encrypted archives from the first line of FILE (else HEXZ_PASSWORD,"
                + " else a prompt on the terminal).")
    private java.nio.file.Path passwordFile;

    @Option(names = "--key-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Encrypt or decrypt with the key in FILE (hexz keygen --encryption) instead of a password.")
    private java.nio.file.Path keyFile;

    HexzMain(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The terminal, with the global flags of this command line applied. */
    Terminal terminal() {
        terminal.setQuiet(quiet);
        terminal.setVerbose(verbose);
        return terminal;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.err());
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        MountServer.Request server = MountServer.parseServerCommandLine(args);
        if (server != null) {
            exit(MountServer.runServerCommandLine(server));
        }
        List<String> plainMount = MountServerLauncher.plainMountOptions(args);
        if (plainMount != null) {
            exit(launchMountServer(args, plainMount));
        }
        String[] status = StatusCommand.plainCommandLine(args);
        if (status != null) {
            exit(showStatus(status));
        }
        PlainCommandLine commit = CommitCommand.plainCommandLine(args);
        if (commit != null) {
            exit(commit(commit));
        }
        Class<?> named = namedSubcommand(args);
        if (named == PackCommand.class || named == BuildCommand.class) {
            loadCodecsInBackground();
        }
        boolean interactive = System.console() != null;
        int code = run(args, System.in, System.out, new FileOutputStream(FileDescriptor.out), System.err, interactive);
        exit(code);
    }

    /** Exits with {@code code}, which a server started in the background also tells its starter. */
    private static void exit(int code) {
        ServerHandshake.announceExit(code);
        System.exit(code);
    }

    /**
     * A command run without picocli: on this process's stdout and stderr, failures as {@link #run}
     * reports them. The three below are named classes, not lambdas: a lambda's class is spun with
     * ASM at its first call (~5-10 ms in a fresh JVM) unless the CDS training run happened to make
     * it, and {@code status} has 200 ms in all. ({@code hexz train-cds} runs {@link ShowStatus}
     * and {@link Commit} so that they are in the CDS archive too.)
     */
    interface PlainRun {
        int run(Terminal terminal) throws Exception;
    }

    private static int runPlain(boolean quiet, PlainRun command) {
        Terminal terminal = new Terminal(InputStream.nullInputStream(), System.out,
                new FileOutputStream(FileDescriptor.out), System.err, false);
        terminal.setQuiet(quiet);
        Secrets.use(new Secrets(null, null, System.console() != null));
        try {
            return command.run(terminal);
        } catch (Exception e) {
            System.err.println("hexz: " + messageOf(e));
            return exitCodeOf(e);
        } finally {
            System.out.flush();
        }
    }

    /** {@code hexz mount ARCHIVE DIR} without picocli (see {@link MountServerLauncher#plainMountOptions}). */
    private static int launchMountServer(String[] args, List<String> options) {
        List<String> all = List.of(args);
        return runPlain(all.contains("-q") || all.contains("--quiet"), new LaunchMount(args, options));
    }

    private record LaunchMount(String[] args, List<String> options) implements PlainRun {
        @Override
        public int run(Terminal t) throws Exception {
            List<java.nio.file.Path> paths = MountServerLauncher.plainMountPaths(args);
            return new MountServerLauncher(t).launch(paths.get(0), paths.get(1), options);
        }
    }

    /** {@code hexz status [DIR] [--json|--porcelain]} without picocli (see {@link StatusCommand#plainCommandLine}). */
    private static int showStatus(String[] dirAndFormat) {
        return runPlain(false, new ShowStatus(null, dirAndFormat));
    }

    /** @param registry the workspaces to look in; null for those of {@code $HEXZ_HOME} */
    record ShowStatus(Workspaces registry, String[] dirAndFormat) implements PlainRun {
        @Override
        public int run(Terminal t) throws Exception {
            return StatusCommand.show(t, registry == null ? WorkspaceCli.registry() : registry, path(dirAndFormat[0]),
                    "--json".equals(dirAndFormat[1]), "--porcelain".equals(dirAndFormat[1]));
        }
    }

    /** {@code hexz commit …} without picocli (see {@link CommitCommand#plainCommandLine}). */
    private static int commit(PlainCommandLine c) {
        StoreOwner.describeThisProcess("hexz commit");
        return runPlain(c.has("-q"), new Commit(null, c));
    }

    /** @param registry the workspaces to look in; null for those of {@code $HEXZ_HOME} */
    record Commit(Workspaces registry, PlainCommandLine c) implements PlainRun {
        @Override
        public int run(Terminal t) throws Exception {
            return CommitCommand.commit(t, registry == null ? WorkspaceCli.registry() : registry,
                    path(c.positional()), c.option("-m"), path(c.option("-o")));
        }
    }

    private static java.nio.file.Path path(String p) {
        return p == null ? null : java.nio.file.Path.of(p);
    }

    /** Runs {@code hexz args} in-process, with stdout and stderr captured; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, InputStream.nullInputStream(), out, err);
    }

    /** Runs {@code hexz args} in-process with the given stdin; returns the exit code. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return run(args, in, out, out, err, false);
    }

    /**
     * @param binaryOut where raw bytes go ({@code cat}): the unbuffered stdout file descriptor in a
     *     real run, so that a closed pipe or a full disk is an exception, not a swallowed error flag
     * @param interactive whether stderr is a terminal on which progress bars may be drawn
     */
    static int run(String[] args, InputStream in, PrintStream out, OutputStream binaryOut, PrintStream err,
            boolean interactive) {
        // who this process is, for the message another process gets while this one has the store open
        StoreOwner.describeThisProcess("hexz " + String.join(" ", args));
        Terminal terminal = new Terminal(in, out, binaryOut, err, interactive);
        HexzMain main = new HexzMain(terminal);
        CommandLine cmd = new CommandLine(main);
        Class<?> named = namedSubcommand(args);
        for (Class<?> c : Subcommands.ALL) {
            if (named == null || c == named) {
                cmd.addSubcommand(c);
            }
        }
        cmd.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cmd.setParameterExceptionHandler(main::onUsageError);
        Secrets.use(new Secrets(null, null, false));
        cmd.setExecutionStrategy(parsed -> {
            // the inherited --password-file / --key-file are known once the whole line is parsed
            Secrets.use(new Secrets(main.passwordFile, main.keyFile, interactive));
            return new CommandLine.RunLast().execute(parsed);
        });
        cmd.setExecutionExceptionHandler(main::onFailure);
        int code;
        try {
            code = cmd.execute(args);
        } finally {
            cmd.getOut().flush();
            cmd.getErr().flush();
            out.flush();
            err.flush();
        }
        return code;
    }

    /**
     * Loads the codecs' native libraries (lz4-java and zstd-jni each extract theirs from the
     * jar to a temporary file and load it: ~60 ms for LZ4 in a fresh JVM, ~20 ms for zstd, which
     * every archive's manifest uses) on a daemon thread while picocli is still building its
     * model and parsing: on 2 cores that is time a pack otherwise waits for, twice (LZ4 before
     * the first block, zstd after the last). Failures are ignored here; the pack meets them
     * again where it needs the codec and reports them there.
     */
    private static void loadCodecsInBackground() {
        Thread t = new Thread(() -> {
            try {
                for (CodecId id : CodecId.values()) {
                    BlockCodec.of(id, 0);
                }
            } catch (Throwable ignored) {
                // reported by the pack itself
            }
        }, "hexz-load-codecs");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The subcommand the command line runs, if it names one (its first argument that is not an
     * option) other than {@code help}; null when all of them are needed (help, usage errors).
     */
    private static Class<?> namedSubcommand(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                for (Class<?> c : Subcommands.ALL) {
                    Command annotation = c.getAnnotation(Command.class);
                    if (c != CommandLine.HelpCommand.class && annotation != null
                            && (annotation.name().equals(a) || List.of(annotation.aliases()).contains(a))) {
                        return c;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private int onUsageError(ParameterException ex, String[] args) {
        PrintStream err = terminal.err();
        err.println("hexz: " + usageMessage(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        if (verbose) {
            ex.printStackTrace(err);
        }
        return ExitCodes.USAGE;
    }

    /** picocli's message, except for a mistyped command, which it words for options. */
    private static String usageMessage(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                && !ex.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            return "unknown command '" + u.getUnmatched().get(0) + "'";
        }
        return ex.getMessage();
    }

    private int onFailure(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        PrintStream err = terminal.err();
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        int code = exitCodeOf(t);
        if (t instanceof CliException && t.getMessage() == null) {
            return code; // nothing worth saying (stdout closed by its reader)
        }
        err.println("hexz: " + messageOf(t));
        if (verbose) {
            t.printStackTrace(err);
        } else if (!(t instanceof IOException) && !(t instanceof CliException)) {
            err.println("hexz: this is a bug in hexz; run again with --verbose to see where it happened");
        }
        return code;
    }

    /** The exit code for a failure (see {@link ExitCodes}). */
    static int exitCodeOf(Throwable t) {
        if (t instanceof CliException c) {
            return c.exitCode();
        }
        if (t instanceof NoSuchFileException) {
            return ExitCodes.NOT_FOUND;
        }
        if (t instanceof UnsupportedFormatVersionException || t instanceof UnsupportedStoreVersionException) {
            return ExitCodes.UNSUPPORTED_VERSION;
        }
        if (t instanceof dev.hexz.workspace.WorkspaceLockedException) {
            return ExitCodes.LOCKED;
        }
        if (t instanceof dev.hexz.workspace.WorkspaceStateException) {
            return ExitCodes.WORKSPACE;
        }
        if (t instanceof StoreLockedException) {
            return ExitCodes.LOCKED;
        }
        if (t instanceof NotAStoreException || t instanceof CorruptStoreException) {
            return ExitCodes.BAD_STORE;
        }
        if (t instanceof CorruptArchiveException) {
            return ExitCodes.CORRUPT;
        }
        if (t instanceof dev.hexz.format.sign.KeyFileException) {
            return ExitCodes.BAD_KEY;
        }
        if (t instanceof dev.hexz.format.SignatureException) {
            return ExitCodes.BAD_SIGNATURE;
        }
        if (t instanceof dev.hexz.format.KeyRequiredException || t instanceof dev.hexz.format.WrongKeyException) {
            return ExitCodes.WRONG_PASSWORD;
        }
        if (t instanceof ParentChainException) {
            return ExitCodes.MISSING_PARENT;
        }
        if (t instanceof FuseMountException f) {
            return switch (f.reason()) {
                case MOUNT_POINT_MISSING -> ExitCodes.NOT_FOUND;
                case BUSY -> ExitCodes.BUSY;
                case NOT_MOUNTED, NOT_HEXZ -> ExitCodes.FAILURE;
                case NO_FUSE, BAD_MOUNT_POINT, ALREADY_MOUNTED, FAILED -> ExitCodes.MOUNT_FAILED;
            };
        }
        return ExitCodes.FAILURE;
    }

    /** One line saying what went wrong, naming the file. */
    static String messageOf(Throwable t) {
        if (t instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason();
            if (reason == null) {
                if (t instanceof NoSuchFileException) {
                    reason = "no such file";
                } else if (t instanceof FileAlreadyExistsException) {
                    reason = "already exists";
                } else if (t instanceof AccessDeniedException) {
                    reason = "permission denied";
                } else if (t instanceof NotDirectoryException) {
                    reason = "not a directory";
                } else if (t instanceof DirectoryNotEmptyException) {
                    reason = "directory not empty";
                } else {
                    reason = t.getClass().getSimpleName();
                }
            }
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + reason;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return m;
    }

    /** {@code hexz --version}: the build's version and the archive format it writes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hexz " + version() + " (archive format " + HeaderV1.MAJOR + "." + HeaderV1.MINOR + ")"};
        }

        static String version() {
            Properties p = new Properties();
            try (InputStream in = HexzMain.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown"
            }
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        }
    }
}
