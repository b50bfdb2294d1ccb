package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import dev.hexz.store.HexzHome;
import dev.hexz.workspace.StateFile;
import dev.hexz.workspace.WorkspaceLayout;
import dev.hexz.workspace.WorkspaceLock;
import dev.hexz.workspace.WorkspaceState;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexz commit} killed with SIGKILL part-way (workspace/STATE.md, "Commit and crash
 * safety"): afterwards the workspace is either on its old base with every change intact, or on
 * the new archive, complete, with nothing left to commit; never a partial archive under the final
 * name; and running commit again finishes the job.
 *
 * <p>Two configurations: the commit run by the {@code hexz commit} process itself (the workspace
 * unmounted: the command opens it under its lock), that process killed; and the commit run by
 * the workspace's daemon (mounted), the daemon killed, the mount then repaired by
 * {@code hexz workspace mount}. Each is killed at points reached by watching the file system
 * (polling every ~0.1 ms), not by guessing delays:
 * <ol>
 *   <li>{@code commit.pending.tmp} has appeared ({@code commit.pending} is being written);</li>
 *   <li>{@code commit.pending} has appeared;</li>
 *   <li>the output's temporary file {@code .NAME.tmp-*} exists and is growing;</li>
 *   <li>the archive is under its final name, state.json still names the old base. A FIFO put at
 *       {@code state.json.tmp} parks the committer in open(2) at the very step that would replace
 *       state.json, so this holds however slow the machine: the command is killed as soon as the
 *       name appears, the daemon once a thread of it sleeps on the FIFO;</li>
 *   <li>the archive is published and {@code state.json.tmp} has appeared (state.json is being
 *       replaced);</li>
 *   <li>state.json names the new archive (what follows is only clean-up).</li>
 * </ol>
 * Points 1–3 are killed one after the other on the same changes (each commit after the first is
 * the one run again after a kill); 4–6 get changes of their own. Then, in the daemon
 * configuration, a sweep: kills at growing delays after {@code commit.pending} appears, until one
 * lands after the publication; across it both outcomes must be seen. After every kill the same
 * invariants are checked ({@link #killRound}, {@link #outcomeAfterOpening}), and commit is run to
 * the end ({@link #commitAgain}). A change set is a few MiB written into a 24 MiB file, an 8 MiB
 * file added, a file deleted, one renamed, one chmod'ed, a directory and a symlink added, applied
 * alike to the workspace (through the mount) and to a plain directory, the expected tree; the
 * last archive is checked out afresh and compared with it byte for byte.
 */
class CommitKillIT {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Pattern HOLDER_PID = Pattern.compile("^pid (\\d+) ");
    private static final int BIG = 24 << 20;
    private static final int SMALL_FILES = 24;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int SIGKILLED = 128 + 9;

    /** Who runs the commit, and so who is killed. */
    private enum Mode { COMMAND, DAEMON }

    /** Where the commit is killed. */
    private enum Point {
        /** commit.pending.tmp has appeared: commit.pending is being written. */
        PENDING_WRITE,
        /** commit.pending has appeared. */
        PENDING,
        /** The output's temporary file exists and is growing. */
        WRITING,
        /** The archive is under its final name, state.json still names the old base. */
        PUBLISHED,
        /** The archive is published and state.json.tmp has appeared: state.json is being replaced. */
        STATE_WRITE,
        /** state.json names the new archive. */
        SWITCHED,
        /** A given time after commit.pending appeared. */
        DELAY;

        Outcome expected() {
            return this == PENDING_WRITE || this == PENDING || this == WRITING ? Outcome.OLD : Outcome.NEW;
        }
    }

    /** What the workspace is after the kill: on its old base with the changes, or on the new archive. */
    private enum Outcome { OLD, NEW }

    @TempDir
    Path tmp;

    private Path home;
    private WorkspaceLayout layout;
    private final List<Path> mountPoints = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private Path archives;
    private Path ws;
    private Path expected;
    private String id;
    /** Change sets applied so far; change set k is committed as data-k.hxz. */
    private int changeSets;
    /** How long the last commit run again after an OLD outcome took (a whole commit, by a daemon fresh after a kill). */
    private long commitNanos;
    private final List<String> report = new ArrayList<>();

    @BeforeEach
    void setUp() {
        MountTests.requireFuse();
        home = tmp.resolve("home");
        layout = new WorkspaceLayout(home.toAbsolutePath().normalize());
        System.setProperty(HexzHome.PROPERTY, home.toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            }
        }
        MountTests.unmountAll(mountPoints);
        MountTests.awaitDaemons();
        report.forEach(System.out::println);
        if (id != null && Files.isRegularFile(layout.log(id))) {
            String text = Files.readString(layout.log(id)).strip();
            if (!text.isEmpty()) {
                System.out.println("---- daemon.log\n" + text);
            }
        }
        System.clearProperty(HexzHome.PROPERTY);
    }

    // ---- the two configurations ----

    @Test
    void aCommitRunByTheCommandItselfKilledAtEachStep() throws Exception {
        killedAtEachStep(Mode.COMMAND);
        checkOutTheLastArchiveAndCompare();
    }

    @Test
    void aCommitRunByTheDaemonKilledAtEachStepAndAtGrowingDelays() throws Exception {
        killedAtEachStep(Mode.DAEMON);
        // kills at growing delays after commit.pending appears, until one lands after the publication;
        // an OLD outcome leaves the changes to commit, so the next kill is of the commit run again.
        // When the very first kill already lands after the publication (this commit ran faster than
        // the one timed, as on a busy machine it may), the sweep starts over on new changes with a
        // third of the step, so that both outcomes are seen.
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        long step = Math.max(TimeUnit.MILLISECONDS.toNanos(20), commitNanos * 2 / 5);
        for (int sweep = 0; seen.size() < Outcome.values().length; sweep++) {
            assertTrue(sweep < 4, "no kill landed before the publication, down to delays of " + step / 1_000_000 + " ms");
            if (sweep > 0) {
                step = Math.max(TimeUnit.MILLISECONDS.toNanos(5), step / 3);
            }
            change();
            for (int k = 1; ; k++) {
                assertTrue(k <= 10, "no kill landed after the publication within 10 delays of " + step / 1_000_000 + " ms");
                Outcome o = killRound(Mode.DAEMON, Point.DELAY, k * step);
                seen.add(o);
                if (o == Outcome.NEW) {
                    break;
                }
            }
        }
        assertEquals(EnumSet.allOf(Outcome.class), seen, "killed before and after the publication");
        commitAgain(Mode.DAEMON, Outcome.NEW);
        checkOutTheLastArchiveAndCompare();
    }

    /**
     * The points before the publication are killed one after the other on the same changes (each
     * commit after the first is the one run again after a kill), then commit is run to the end;
     * each point after the publication gets changes of its own.
     */
    private void killedAtEachStep(Mode mode) throws Exception {
        checkOutWorkspace();
        change();
        for (Point p : List.of(Point.PENDING_WRITE, Point.PENDING, Point.WRITING)) {
            assertEquals(p.expected(), killRound(mode, p, 0), p.toString());
        }
        commitAgain(mode, Outcome.OLD);
        for (Point p : List.of(Point.PUBLISHED, Point.STATE_WRITE, Point.SWITCHED)) {
            change();
            assertEquals(p.expected(), killRound(mode, p, 0), p.toString());
            commitAgain(mode, Outcome.NEW);
        }
    }

    // ---- one kill ----

    /**
     * Kills a commit of the workspace's changes (mounted, not clean) at {@code point} and checks
     * what is left. Leaves the workspace mounted, and on the outcome's base.
     */
    private Outcome killRound(Mode mode, Point point, long delayNanos) throws Exception {
        WorkspaceState before = state();
        List<String> changes = porcelain();
        assertFalse(changes.isEmpty());
        TreeMap<String, String> seen = TestTrees.describe(ws, true);
        Path out = output(changeSets);
        assertFalse(Files.exists(out, NOFOLLOW));
        String tag = mode + " " + point + (point == Point.DELAY ? " +" + delayNanos / 1_000_000 + " ms" : "");
        long started = System.nanoTime();

        if (mode == Mode.COMMAND) {
            Cli.run("unmount", ws.toString()).expect(ExitCodes.OK);
            awaitDaemonGone();
            assertEquals(changes, porcelain(), "the command opens the workspace itself: the same changes");
        }
        Path stateTemp = layout.state(id).resolveSibling("state.json.tmp");
        if (point == Point.PUBLISHED) {
            run(tmp, "mkfifo", stateTemp.toString()); // parks the committer in open(2) there
        }
        ProcessHandle daemon = mode == Mode.DAEMON ? daemon() : null;
        Path log = tmp.resolve("commit-" + changeSets + "-" + point + "-" + delayNanos + ".log");
        // with a daemon the command is only its client: the daemon's JVM options (quicker to start) are enough
        Process commit = spawn(log, mode == Mode.DAEMON ? MountServerLauncher.SERVER_JVM : List.of(),
                "commit", ws.toString(), "-m", "change set " + changeSets);
        ProcessHandle victim = mode == Mode.DAEMON ? daemon : commit.toHandle();
        boolean publishedAtKill;
        List<String> leftAtKill;
        try {
            Path pending = layout.pendingCommit(id);
            Path pendingTemp = pending.resolveSibling("commit.pending.tmp");
            if (point == Point.PENDING_WRITE) {
                await(tag + ": commit.pending.tmp", victim, log, () -> Files.exists(pendingTemp) || Files.exists(pending));
            } else {
                await(tag + ": commit.pending", victim, log, () -> Files.exists(pending));
            }
            switch (point) {
                case PENDING_WRITE, PENDING -> { }
                case WRITING -> {
                    long[] first = {-1};
                    await(tag + ": the output's temporary file growing", victim, log, () -> {
                        long size = tempSize(out);
                        if (size > 0 && first[0] < 0) {
                            first[0] = size;
                        }
                        return first[0] > 0 && size > first[0];
                    });
                }
                case PUBLISHED -> {
                    await(tag + ": " + out.getFileName(), victim, log, () -> Files.exists(out));
                    if (mode == Mode.DAEMON && WCHAN_WORKS) {
                        // the command is killed as soon as the name appears (before or while the archive is
                        // recorded in the block store); the daemon once it is parked on the FIFO (recorded,
                        // upper-<N+1> made, about to replace state.json)
                        await(tag + ": the committer parked at state.json.tmp", victim, log,
                                () -> parkedOnFifo(victim.pid()));
                    }
                }
                case STATE_WRITE -> await(tag + ": state.json.tmp", victim, log,
                        () -> Files.exists(stateTemp) || baseNamed(out));
                case SWITCHED -> await(tag + ": state.json naming " + out.getFileName(), victim, log,
                        () -> baseNamed(out));
                case DELAY -> LockSupport.parkNanos(delayNanos);
            }
            publishedAtKill = Files.exists(out);
            victim.destroyForcibly(); // SIGKILL
            victim.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            leftAtKill = Stream.of(pendingTemp, point == Point.PUBLISHED ? null : stateTemp)
                    .filter(f -> f != null && Files.exists(f)).map(f -> f.getFileName().toString()).toList();
            assertFalse(victim.isAlive(), "pid " + victim.pid() + " survived SIGKILL");
        } finally {
            if (point == Point.PUBLISHED) {
                Files.deleteIfExists(stateTemp); // the test's FIFO, not a leftover of the commit
            }
        }
        assertTrue(commit.waitFor(30, TimeUnit.SECONDS), tag + ": hexz commit still runs 30 s after the kill");
        String said = Files.readString(log);
        if (mode == Mode.COMMAND) {
            assertEquals(SIGKILLED, commit.exitValue(), () -> tag + ": the kill came after the commit had exited:\n" + said);
        } else if (commit.exitValue() != 0) {
            assertTrue(said.contains("hexz: "), () -> tag + ": one clear line, not:\n" + said);
        }

        // never a partial archive under the final name
        if (Files.exists(out, NOFOLLOW)) {
            assertCompleteChildOf(out, before);
        } else {
            assertFalse(publishedAtKill, "the published archive vanished");
        }

        Outcome o;
        if (point == Point.PUBLISHED) {
            // the next to open the workspace finishes the commit and says so
            if (mode == Mode.COMMAND) {
                Cli.Result r = Cli.run("commit", ws.toString()).expect(ExitCodes.OK);
                assertEquals("finished an interrupted commit: " + out, r.out().strip(), r.err());
                o = outcomeAfterOpening(before, changes, out);
                mountAgain();
            } else {
                awaitMountGone();
                mountAgain(); // the new daemon opens the workspace and finishes the commit
                o = outcomeAfterOpening(before, changes, out);
                Cli.Result r = Cli.run("commit", ws.toString()).expect(ExitCodes.OK);
                assertEquals("finished an interrupted commit: " + out, r.out().strip(), r.err());
            }
        } else {
            if (mode == Mode.DAEMON) {
                awaitMountGone();
            }
            o = outcomeAfterOpening(before, changes, out); // hexz status opens it in this process
            mountAgain();
        }
        assertEquals(MountState.LIVE, MountPoints.state(ws));
        TestTrees.assertSameTree(expected, ws, false);
        assertEquals(seen, TestTrees.describe(ws, true), "modes, mtimes and link targets as before the kill");
        if (o == Outcome.OLD) {
            assertEquals(changes, porcelain(), "the same changes, mounted again");
        } else {
            assertEquals(List.of(), porcelain());
        }
        report.add(String.format("CommitKillIT: %-26s -> %s (archive published at the kill: %s, temporary state files"
                + " then: %s, hexz commit exit %d; %d ms)", tag, o, publishedAtKill, leftAtKill, commit.exitValue(),
                (System.nanoTime() - started) / 1_000_000));
        return o;
    }

    /**
     * Opens the workspace (hexz status, in this process when no daemon runs) and checks that it is
     * either on its old base with exactly the changes of before, or on {@code out}, clean; and that
     * no commit leftover remains.
     */
    private Outcome outcomeAfterOpening(WorkspaceState before, List<String> changes, Path out) throws IOException {
        List<String> now = porcelain();
        WorkspaceState s = state();
        Outcome o;
        if (s.base().equals(out)) {
            o = Outcome.NEW;
            assertEquals(List.of(), now, "nothing left to commit on the new archive");
            assertCompleteChildOf(out, before);
            try (ArchiveReader r = ArchiveReader.open(out)) {
                assertEquals(r.header().archiveId().toString(), s.baseId());
            }
            assertEquals(before.generation() + 1, s.generation());
        } else {
            o = Outcome.OLD;
            assertEquals(before.base(), s.base());
            assertEquals(before.baseId(), s.baseId());
            assertEquals(changes, now, "every change kept");
            assertFalse(Files.exists(out, NOFOLLOW), "an archive under the final name that was not adopted");
        }
        assertNoLeftovers(s);
        return o;
    }

    /**
     * Runs commit again, to the end: it commits the kill's changes if they were kept, else finds
     * nothing to commit; the workspace is on the archive after. The command commits the unmounted
     * workspace itself after OLD outcomes (else the daemon is asked).
     */
    private void commitAgain(Mode mode, Outcome o) throws Exception {
        Path out = output(changeSets);
        boolean unmount = mode == Mode.COMMAND && o == Outcome.OLD;
        if (unmount) {
            Cli.run("unmount", ws.toString()).expect(ExitCodes.OK);
            awaitDaemonGone();
        }
        long t0 = System.nanoTime();
        Cli.Result r = Cli.run("commit", ws.toString(), "-m", "change set " + changeSets).expect(ExitCodes.OK);
        if (o == Outcome.OLD) {
            commitNanos = System.nanoTime() - t0;
            assertTrue(r.out().startsWith("committed ") && r.out().contains(" to " + out + " ("), r.out());
        } else {
            assertTrue(r.out().startsWith("nothing to commit"), r.out());
        }
        assertEquals(out, state().base());
        assertEquals(List.of(), porcelain());
        assertNoLeftovers(state());
        assertEquals(0, Cli.run("verify", out.toString()).exit(), "hexz verify " + out);
        if (unmount) {
            mountAgain();
        }
        assertEquals(TestTrees.describe(expected, false), TestTrees.describe(ws, false));
    }

    // ---- the fixture ----

    /** data.hxz: a 32 MiB random big.bin, small text files, sub/ with more, a symlink; checked out at ws. */
    private void checkOutWorkspace() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/sub"));
        src = src.getParent();
        Files.write(src.resolve("big.bin"), TestTrees.random(BIG, 1));
        for (int i = 0; i < SMALL_FILES; i++) {
            Files.write(src.resolve(small(i)), TestTrees.text(1000 + 97 * i, 10 + i));
        }
        for (int i = 1; i <= 8; i++) {
            Files.writeString(src.resolve("sub/s" + i + ".txt"), "sub " + i + "\n");
        }
        Files.createSymbolicLink(src.resolve("link"), Path.of("sub/s1.txt"));
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        archives = Files.createDirectories(tmp.resolve("archives")).toRealPath();
        Cli.run("pack", "-q", src.toString(), archives.resolve("data.hxz").toString()).expect(ExitCodes.OK);
        run(tmp, "cp", "-a", src.toString(), tmp.resolve("expected").toString());
        expected = tmp.resolve("expected");
        ws = tmp.resolve("ws");
        mountPoints.add(ws);
        Cli.run("checkout", archives.resolve("data.hxz").toString(), ws.toString()).expect(ExitCodes.OK);
        try (DirectoryStream<Path> d = Files.newDirectoryStream(layout.workspaces())) {
            id = d.iterator().next().getFileName().toString();
        }
        TestTrees.assertSameTree(expected, ws, false);
    }

    /** Applies the next change set to the workspace (through the mount) and to the expected tree. */
    private void change() throws IOException {
        int k = ++changeSets;
        for (Path root : List.of(ws, expected)) {
            try (FileChannel ch = FileChannel.open(root.resolve("big.bin"), StandardOpenOption.WRITE)) {
                writeFully(ch, TestTrees.random(3 << 20, 100 + k), (k - 1) * (3L << 20)); // each its own range
                writeFully(ch, TestTrees.random(64 << 10, 300 + k), BIG - 100_000L * k - (64 << 10));
            }
            Files.write(root.resolve("new-" + k + ".bin"), TestTrees.random(8 << 20, 200 + k));
            Files.createDirectories(root.resolve("dir-" + k));
            Files.writeString(root.resolve("dir-" + k + "/note.txt"), "change set " + k + "\n");
            Files.delete(root.resolve(small(2 * k)));
            Files.move(root.resolve(small(2 * k + 1)), root.resolve("moved-" + k + ".txt"));
            Files.setPosixFilePermissions(root.resolve("sub/s" + k + ".txt"), PosixFilePermissions.fromString("rwx------"));
            Files.createSymbolicLink(root.resolve("link-" + k), Path.of("new-" + k + ".bin"));
        }
    }

    private static String small(int i) {
        return String.format("f%02d.txt", i);
    }

    /** Where change set {@code k} is committed: the default name beside the base. */
    private Path output(int k) {
        return archives.resolve("data-" + k + ".hxz");
    }

    private void checkOutTheLastArchiveAndCompare() throws Exception {
        Path last = output(changeSets);
        assertEquals(last, state().base());
        Cli.run("verify", last.toString()).expect(ExitCodes.OK);
        Path again = tmp.resolve("again");
        mountPoints.add(again);
        Cli.run("checkout", last.toString(), again.toString()).expect(ExitCodes.OK);
        TestTrees.assertSameTree(expected, again, false);
        assertEquals(TestTrees.describe(ws, true), TestTrees.describe(again, true), "the same tree, mtimes and all");
        String log = Cli.run("log", again.toString()).expect(ExitCodes.OK).out();
        for (int k = 1; k <= changeSets; k++) {
            assertTrue(log.contains("change set " + k), log);
        }
    }

    // ---- checks ----

    /** A complete archive (hexz verify passes) whose parent is {@code before}'s base. */
    private static void assertCompleteChildOf(Path out, WorkspaceState before) throws IOException {
        Cli.Result v = Cli.run("verify", out.toString());
        assertEquals(ExitCodes.OK, v.exit(), () -> out + " is under its final name but does not verify:\n" + v.out() + v.err());
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertNotNull(r.header().parent(), out + " has no parent");
            assertEquals(before.baseId(), r.header().parent().id().toString(), out + ": parent is not the old base");
        }
    }

    /** No commit.pending, no state temp file, one upper directory (the state's), no output temp file. */
    private void assertNoLeftovers(WorkspaceState s) throws IOException {
        Path dir = layout.dir(id);
        assertFalse(Files.exists(layout.pendingCommit(id)), "commit.pending left");
        try (Stream<Path> l = Files.list(dir)) {
            List<String> names = l.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("upper-" + s.generation()),
                    names.stream().filter(n -> n.startsWith("upper-")).toList(), "upper directories: " + names);
            assertEquals(List.of(), names.stream().filter(n -> n.contains(".tmp")).toList(), "temporary files left");
        }
        try (Stream<Path> l = Files.list(archives)) {
            List<String> temps = l.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp")).toList();
            assertEquals(List.of(), temps, "the output's temporary files left");
        }
    }

    // ---- watching the committer ----

    /**
     * Polls {@code condition} (every ~0.1 ms) until it holds; returns System.nanoTime() then. Fails
     * if the committer exits first, or after a minute.
     */
    private static long await(String what, ProcessHandle committer, Path log, BooleanSupplier condition)
            throws IOException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (!committer.isAlive()) {
                fail("waiting for " + what + ": pid " + committer.pid() + " exited first:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("waiting for " + what + ": not within a minute:\n" + Files.readString(log));
            }
            LockSupport.parkNanos(100_000);
        }
        return System.nanoTime();
    }

    /** The size of the output's temporary file {@code .NAME.tmp-*}, or -1. */
    private long tempSize(Path out) {
        try (DirectoryStream<Path> d = Files.newDirectoryStream(archives, "." + out.getFileName() + ".tmp-*")) {
            for (Path p : d) {
                return Files.size(p);
            }
        } catch (IOException e) {
            // renamed or deleted meanwhile
        }
        return -1;
    }

    /**
     * Whether /proc shows where threads sleep (it shows 0 where the kernel hides it): some thread of
     * this JVM always sleeps somewhere.
     */
    private static final boolean WCHAN_WORKS = sleepingSomewhere(ProcessHandle.current().pid());

    private static boolean sleepingSomewhere(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                String w = Files.readString(t.resolve("wchan")).strip();
                if (!w.isEmpty() && !w.equals("0")) {
                    return true;
                }
            }
        } catch (IOException e) {
            // no /proc here
        }
        return false;
    }

    /** Whether a thread of {@code pid} sleeps in open(2) of a FIFO that has no reader. */
    private static boolean parkedOnFifo(long pid) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                String w = Files.readString(t.resolve("wchan")).strip();
                if (w.equals("wait_for_partner") || w.equals("fifo_open")) {
                    return true;
                }
            }
        } catch (IOException e) {
            // a thread ended meanwhile: look again
        }
        return false;
    }

    private boolean baseNamed(Path out) {
        try {
            return state().base().equals(out);
        } catch (IOException e) {
            return false; // read between the rename and ... (cannot happen: the rename is atomic); look again
        }
    }

    // ---- processes, mounts ----

    /** Starts {@code hexz args} in a JVM of its own (as hexz starts its daemon), output to {@code log}. */
    private Process spawn(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(SelfCommand.current(jvmOptions));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put(HexzHome.ENV, home.toString());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** The daemon, as the workspace's lock holder file names it. */
    private ProcessHandle daemon() throws IOException {
        String holder = Files.readString(layout.lock(id).resolveSibling("lock.holder"));
        Matcher m = HOLDER_PID.matcher(holder);
        assertTrue(m.find() && holder.contains("daemon"), holder);
        return ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow(() -> new AssertionError("gone: " + holder));
    }

    private void mountAgain() throws Exception {
        Cli.Result r = Cli.run("workspace", "mount", ws.toString()).expect(ExitCodes.OK);
        assertTrue(r.out().contains("mounted workspace"), r.out());
        assertEquals(MountState.LIVE, MountPoints.state(ws));
    }

    /** After a daemon's SIGKILL its fusermount helper (auto_unmount) takes the mount down. */
    private void awaitMountGone() throws Exception {
        for (int i = 0; i < 1000 && MountPoints.state(ws) == MountState.LIVE; i++) {
            Thread.sleep(10);
        }
        assertNotEquals(MountState.LIVE, MountPoints.state(ws));
    }

    private void awaitDaemonGone() throws Exception {
        for (int i = 0; i < 1000 && WorkspaceLock.isHeld(layout.lock(id)); i++) {
            Thread.sleep(10);
        }
        assertFalse(WorkspaceLock.isHeld(layout.lock(id)), "the daemon exits after the unmount");
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(ws));
    }

    private WorkspaceState state() throws IOException {
        return StateFile.read(layout.state(id));
    }

    private List<String> porcelain() {
        return Cli.run("status", ws.toString(), "--porcelain").expect(ExitCodes.OK).out().lines().toList();
    }

    private static void writeFully(FileChannel ch, byte[] data, long at) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            ch.write(b, at + b.position());
        }
    }

    /** Runs a real process in {@code dir}; fails with its output unless it exits 0 within 60 s. */
    private static void run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + ": did not finish within 60 s");
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " in " + dir + ":\n" + out);
    }
}
