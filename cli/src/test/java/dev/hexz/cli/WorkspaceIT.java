package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import dev.hexz.fuse.MountTable;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workspaces as a user drives them: {@code hexz checkout} starts a real daemon process that serves
 * a writable FUSE mount; the test changes files through the mount with java.nio and with real
 * processes (sh, mv, cp, tar), then runs status, commit, unmount, workspace mount/remove, reset
 * and log. Every test unmounts what it mounted and stops its daemons in {@link #cleanUp}
 * (bounded waits).
 */
class WorkspaceIT {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Pattern HOLDER_PID = Pattern.compile("^pid (\\d+) ");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path home;
    private final List<Path> mountPoints = new ArrayList<>();

    @BeforeEach
    void setUp() {
        MountTests.requireFuse();
        home = tmp.resolve("home");
        System.setProperty(HexzHome.PROPERTY, home.toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        MountTests.unmountAll(mountPoints);
        MountTests.awaitDaemons();
        printDaemonLogs();
        System.clearProperty(HexzHome.PROPERTY);
    }

    /** The daemons' logs (on the test's output, so a failure shows what the daemon saw). */
    private void printDaemonLogs() throws IOException {
        Path ws = home.resolve("workspaces");
        if (!Files.isDirectory(ws)) {
            return;
        }
        try (Stream<Path> s = Files.walk(ws)) {
            for (Path log : s.filter(p -> p.getFileName().toString().equals("daemon.log")).toList()) {
                String text = Files.readString(log).strip();
                if (!text.isEmpty()) {
                    System.out.println("---- " + log + "\n" + text);
                }
            }
        }
    }

    // ---- 1. the README flow ----

    @Test
    void checkoutChangeStatusCommitCheckoutAgainAndLog() throws Exception {
        Path src = sourceTree(tmp.resolve("src"));
        Path data = pack(src, tmp.resolve("data.hxz"));
        Path ws = tmp.resolve("ws");
        checkout(data, ws).expect(ExitCodes.OK);
        assertEquals(MountState.LIVE, MountPoints.state(ws));
        TestTrees.assertSameTree(src, ws, true);

        // the same changes on a plain copy: what the workspace must look like
        Path expected = copyTree(src, tmp.resolve("expected"));
        for (Path root : List.of(ws, expected)) {
            sh(root, "echo \"New data\" > README.md");
            Files.writeString(root.resolve("new.txt"), "a new file\n");
            Files.delete(root.resolve("b.txt"));
            Files.move(root.resolve("c.txt"), root.resolve("renamed.txt"));
            Files.setPosixFilePermissions(root.resolve("a.txt"), PosixFilePermissions.fromString("rw-------"));
            try (FileChannel ch = FileChannel.open(root.resolve("big.bin"), StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(TestTrees.random(4096, 7)), 1 << 20);
            }
        }
        assertEquals("New data\n", Files.readString(ws.resolve("README.md")));
        TestTrees.assertSameTree(expected, ws, false);

        assertEquals(List.of(
                "M README.md",
                "P a.txt",
                "D b.txt",
                "M big.bin",
                "A new.txt",
                "R c.txt -> renamed.txt"), porcelain(ws));
        assertEquals(List.of(
                "workspace ws on " + data.toAbsolutePath().normalize(),
                "changes since the base:",
                "  modified:     README.md",
                "  mode changed: a.txt (644 -> 600)",
                "  deleted:      b.txt",
                "  modified:     big.bin",
                "  added:        new.txt",
                "  renamed:      c.txt -> renamed.txt"),
                Cli.run("status", ws.toString()).expect(ExitCodes.OK).out().lines().toList());
        // a real `hexz status` process takes the path without picocli (HexzMain.main): same answers
        assertEquals(Cli.run("status", ws.toString()).out(), hexzProcess("status", ws.toString()));
        assertEquals(Cli.run("status", ws.toString(), "--porcelain").out(),
                hexzProcess("status", ws.toString(), "--porcelain"));
        assertEquals(JSON.readTree(Cli.run("status", "--json", ws.toString()).out()),
                JSON.readTree(hexzProcess("status", "--json", ws.toString())));

        TreeMap<String, String> before = TestTrees.describe(ws, true);
        Cli.Result c = Cli.run("commit", ws.toString(), "-m", "first").expect(ExitCodes.OK);
        Path data1 = tmp.resolve("data-1.hxz");
        assertTrue(Files.isRegularFile(data1), c.out());
        assertTrue(c.out().startsWith("committed 6 changes to " + data1.toAbsolutePath().normalize()), c.out());
        assertEquals(List.of(), porcelain(ws), "clean after the commit");
        assertEquals(List.of("workspace ws on " + data1.toAbsolutePath().normalize(), "nothing changed"),
                Cli.run("status", ws.toString()).expect(ExitCodes.OK).out().lines().toList());
        assertEquals(MountState.LIVE, MountPoints.state(ws), "still mounted after the commit");
        TestTrees.assertSameTree(expected, ws, false);
        assertEquals(before, TestTrees.describe(ws, true), "the commit changes nothing one can see");

        Cli.run("unmount", ws.toString()).expect(ExitCodes.OK);
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(ws));
        awaitDaemonGone("ws");

        Path ws2 = tmp.resolve("elsewhere/ws2");
        checkout(data1, ws2).expect(ExitCodes.OK);
        TestTrees.assertSameTree(expected, ws2, false);
        assertEquals(before, TestTrees.describe(ws2, true), "modes, mtimes and link targets survive the commit");
        assertEquals(List.of(), porcelain(ws2));

        // a second commit on top, in the first workspace mounted again
        Cli.Result m = Cli.run("workspace", "mount", ws.toString()).expect(ExitCodes.OK);
        assertTrue(m.out().contains("mounted workspace ws"), m.out());
        TestTrees.assertSameTree(expected, ws, false);
        Files.writeString(ws.resolve("sub/e.txt"), "echo, changed\n");
        assertEquals(List.of("M sub/e.txt"), porcelain(ws));
        Cli.run("commit", ws.toString(), "-m", "second").expect(ExitCodes.OK);
        assertTrue(Files.isRegularFile(tmp.resolve("data-2.hxz")));
        String log = Cli.run("log", ws.toString()).expect(ExitCodes.OK).out();
        assertTrue(log.contains("second") && log.contains("first"), log);
        assertTrue(log.indexOf("second") < log.indexOf("first"), "newest first:\n" + log);
        assertEquals("a new file\n", Files.readString(ws2.resolve("new.txt")), "the other workspace is unaffected");
        assertEquals("echo\n", Files.readString(ws2.resolve("sub/e.txt")));
    }

    // ---- 2. POSIX through the mount ----

    @Test
    void posixOperationsThroughTheMount() throws Exception {
        Path src = sourceTree(tmp.resolve("src"));
        Path ws = tmp.resolve("ws");
        checkout(pack(src, tmp.resolve("data.hxz")), ws).expect(ExitCodes.OK);

        // an editor's save: write .a.txt.swp, rename it over a.txt
        Files.writeString(ws.resolve(".a.txt.swp"), "alpha, edited\n");
        Files.move(ws.resolve(".a.txt.swp"), ws.resolve("a.txt"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals("alpha, edited\n", Files.readString(ws.resolve("a.txt")));
        assertEquals(List.of("M a.txt"), porcelain(ws));

        // create, write at an offset, append, truncate to grow and to shrink
        Path f = ws.resolve("f.bin");
        byte[] model = new byte[0];
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes("hello")), 100_000);
            model = put(model, 100_000, bytes("hello"));
            ch.write(ByteBuffer.wrap(bytes("HE")), 0);
            model = put(model, 0, bytes("HE"));
            assertArrayEquals(model, read(ch, 0, model.length));
            assertEquals(model.length, ch.size());
        }
        assertArrayEquals(model, Files.readAllBytes(f));
        Files.write(f, bytes(" world"), StandardOpenOption.APPEND);
        model = put(model, model.length, bytes(" world"));
        assertArrayEquals(model, Files.readAllBytes(f));
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(50); // shrink
            model = Arrays.copyOf(model, 50);
        }
        assertArrayEquals(model, Files.readAllBytes(f));
        sh(ws, "truncate -s 300000 f.bin"); // grow: zeros
        model = Arrays.copyOf(model, 300_000);
        assertArrayEquals(model, Files.readAllBytes(f));
        try (FileChannel ch = FileChannel.open(ws.resolve("big.bin"), StandardOpenOption.WRITE)) {
            ch.truncate(1000); // shrink a base file, then grow it again: the cut bytes come back as zeros
        }
        sh(ws, "truncate -s 5000 big.bin");
        byte[] big = Arrays.copyOf(Arrays.copyOf(Files.readAllBytes(src.resolve("big.bin")), 1000), 5000);
        assertArrayEquals(big, Files.readAllBytes(ws.resolve("big.bin")));

        // rename over an existing file (rename(2), also by mv)
        Files.writeString(ws.resolve("x.txt"), "x");
        Files.move(ws.resolve("x.txt"), ws.resolve("c.txt"), StandardCopyOption.ATOMIC_MOVE);
        assertEquals("x", Files.readString(ws.resolve("c.txt")));
        assertFalse(Files.exists(ws.resolve("x.txt")));
        run(ws, "mv", "c.txt", "README.md");
        assertEquals("x", Files.readString(ws.resolve("README.md")));
        assertFalse(Files.exists(ws.resolve("c.txt")));

        // rename a directory (with what is below it, from the base and new)
        Files.writeString(ws.resolve("sub/new-in-sub.txt"), "n");
        Files.move(ws.resolve("sub"), ws.resolve("moved"));
        assertFalse(Files.exists(ws.resolve("sub")));
        assertEquals("delta\n", Files.readString(ws.resolve("moved/d.txt")));
        assertEquals("n", Files.readString(ws.resolve("moved/new-in-sub.txt")));
        assertEquals(Path.of("sub/d.txt"), Files.readSymbolicLink(ws.resolve("link")));
        assertFalse(Files.exists(ws.resolve("link")), "the base symlink dangles now");

        // unlink an open file: it stays readable and writable through the open channel
        Path open = ws.resolve("open.bin");
        Files.write(open, TestTrees.random(200_000, 3));
        try (FileChannel ch = FileChannel.open(open, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            Files.delete(open);
            assertFalse(Files.exists(open, NOFOLLOW));
            ch.write(ByteBuffer.wrap(bytes("still here")), 150_000);
            byte[] expect = put(TestTrees.random(200_000, 3), 150_000, bytes("still here"));
            assertArrayEquals(expect, read(ch, 0, expect.length));
            ch.write(ByteBuffer.wrap(bytes("tail")), 200_000);
            assertArrayEquals(bytes("tail"), read(ch, 200_000, 4));
            assertEquals(200_004, ch.size(), "fstat of the removed file answers through its handle");
        }
        assertFalse(Files.exists(open, NOFOLLOW));
        try (var s = Files.list(ws)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".fuse_hidden")), "no .fuse_hidden files");
        }

        // mkdir, rmdir (a non-empty one refused)
        Path d = Files.createDirectory(ws.resolve("dir"));
        Files.writeString(d.resolve("inner"), "i");
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(d));
        Files.delete(d.resolve("inner"));
        Files.delete(d);
        assertFalse(Files.exists(d));
        assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(ws.resolve("moved")));

        // symlinks
        Files.createSymbolicLink(ws.resolve("to-d"), Path.of("moved/d.txt"));
        assertEquals(Path.of("moved/d.txt"), Files.readSymbolicLink(ws.resolve("to-d")));
        assertEquals("delta\n", Files.readString(ws.resolve("to-d")));
        assertEquals(Path.of("sub/d.txt"), Files.readSymbolicLink(ws.resolve("link")), "a base symlink keeps its target");

        // cp -a of a directory, tar x of a tarball
        Path tree = localTree(tmp.resolve("local/tree"));
        run(tmp, "cp", "-a", tree.toString(), ws.resolve("copied").toString());
        TestTrees.assertSameTree(tree, ws.resolve("copied"));
        Path tarball = tmp.resolve("tree.tar");
        run(tmp.resolve("local"), "tar", "--format=posix", "-cf", tarball.toString(), "tree"); // pax: ns mtimes
        Files.createDirectory(ws.resolve("untarred"));
        run(ws.resolve("untarred"), "tar", "xf", tarball.toString());
        TestTrees.assertSameTree(tree, ws.resolve("untarred/tree"));

        // hard links are refused
        assertThrows(IOException.class, () -> Files.createLink(ws.resolve("hard"), ws.resolve("a.txt")));
        assertFalse(Files.exists(ws.resolve("hard"), NOFOLLOW));

        // new files and directories belong to the caller
        Path mine = Files.createTempFile(tmp, "owner", "");
        int uid = (Integer) Files.getAttribute(mine, "unix:uid");
        int gid = (Integer) Files.getAttribute(mine, "unix:gid");
        for (String p : List.of("f.bin", "moved/new-in-sub.txt", "copied", "to-d")) {
            assertEquals(uid, Files.getAttribute(ws.resolve(p), "unix:uid", NOFOLLOW), p);
            assertEquals(gid, Files.getAttribute(ws.resolve(p), "unix:gid", NOFOLLOW), p);
        }

        // mmap: read and write through a shared mapping, force, read back
        Path mapped = ws.resolve("moved/e.txt");
        try (FileChannel ch = FileChannel.open(mapped, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer mb = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            byte[] seen = new byte[mb.remaining()];
            mb.get(0, seen);
            assertEquals("echo\n", new String(seen, StandardCharsets.UTF_8));
            mb.put(0, bytes("ECHO"));
            mb.force();
        }
        assertEquals("ECHO\n", Files.readString(mapped));

        // what is below an added or renamed directory is listed too, each entry with its own path
        List<String> tree5 = List.of("deep/", "deep/er/", "deep/er/blob.bin", "deep/rel", "empty", "text.txt");
        List<String> expected = new ArrayList<>(List.of("M README.md", "M a.txt", "M big.bin", "D c.txt", "A copied/"));
        tree5.forEach(p -> expected.add("A copied/" + p));
        expected.addAll(List.of("A f.bin", "R sub/ -> moved/", "R sub/d.txt -> moved/d.txt",
                "R sub/e.txt -> moved/e.txt", "A moved/new-in-sub.txt", "A to-d", "A untarred/", "A untarred/tree/"));
        tree5.forEach(p -> expected.add("A untarred/tree/" + p));
        assertEquals(expected, porcelain(ws));
        String human = Cli.run("status", ws.toString()).expect(ExitCodes.OK).out();
        assertTrue(human.contains("  renamed:      sub/e.txt -> moved/e.txt (modified)\n"), human);
        assertTrue(human.contains("  renamed:      sub/d.txt -> moved/d.txt\n"), human);

        // rsync in (after the status check above, which lists exact paths) (temporary files renamed into place), then an in-place delta update of one file
        run(tmp, "rsync", "-a", tree.toString() + "/", ws.resolve("synced").toString() + "/");
        TestTrees.assertSameTree(tree, ws.resolve("synced"));
        try (FileChannel ch = FileChannel.open(tree.resolve("deep/er/blob.bin"), StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(TestTrees.random(5000, 23)), 300_000);
        }
        run(tmp, "rsync", "-a", "--inplace", "--no-whole-file", tree.toString() + "/", ws.resolve("synced").toString() + "/");
        TestTrees.assertSameTree(tree, ws.resolve("synced"));

        // git: clone (lock files, renames, fsync, link() refused so git falls back to rename), commit, fsck
        Path origin = tmp.resolve("local/origin");
        Files.createDirectories(origin);
        Files.writeString(origin.resolve("f.txt"), "one\n", StandardCharsets.UTF_8);
        sh(origin, "git init -q . && git add f.txt && git -c user.email=t@hexz -c user.name=t commit -qm one");
        run(ws, "git", "clone", "-q", "--no-local", origin.toString(), "clone");
        Files.writeString(ws.resolve("clone/g.txt"), "two\n", StandardCharsets.UTF_8);
        sh(ws.resolve("clone"), "git add g.txt && git -c user.email=t@hexz -c user.name=t commit -qm two");
        run(ws.resolve("clone"), "git", "fsck", "--strict");
        assertEquals(2, run(ws.resolve("clone"), "git", "log", "--oneline").lines().count());

        // and all of it commits and checks out again as it is
        TreeMap<String, String> now = TestTrees.describe(ws, true);
        Cli.run("commit", ws.toString(), "-m", "posix").expect(ExitCodes.OK);
        Path ws2 = tmp.resolve("ws2");
        checkout(tmp.resolve("data-1.hxz"), ws2).expect(ExitCodes.OK);
        assertEquals(now, TestTrees.describe(ws2, true));
        TestTrees.assertSameTree(ws, ws2, true);
    }

    // ---- 3. a daemon killed with SIGKILL ----

    @Test
    void aKilledDaemonLosesNoFsyncedByteAndMountsAgain() throws Exception {
        Path src = sourceTree(tmp.resolve("src"));
        Path ws = tmp.resolve("ws");
        checkout(pack(src, tmp.resolve("data.hxz")), ws).expect(ExitCodes.OK);

        byte[] one = TestTrees.random(1 << 20, 11);
        fsyncWrite(ws.resolve("crash1.bin"), one, 0);
        byte[] big = Files.readAllBytes(src.resolve("big.bin"));
        fsyncWrite(ws.resolve("big.bin"), bytes("patched"), 12_345);
        big = put(big, 12_345, bytes("patched"));

        // SIGKILL the daemon alone: its fusermount helper (auto_unmount) takes the mount down
        long pid = daemonPid("ws");
        kill(ProcessHandle.of(pid).orElseThrow());
        awaitNotMounted(ws);
        assertEquals(List.of("M big.bin", "A crash1.bin"), porcelain(ws), "status opens the workspace itself");
        Cli.run("workspace", "mount", ws.toString()).expect(ExitCodes.OK);
        assertEquals(1, mountsAt(ws));
        assertArrayEquals(one, Files.readAllBytes(ws.resolve("crash1.bin")));
        assertArrayEquals(big, Files.readAllBytes(ws.resolve("big.bin")));

        // SIGKILL the helper and the daemon: a dead mount ("Transport endpoint is not connected") is left
        byte[] two = TestTrees.random(300_000, 12);
        fsyncWrite(ws.resolve("crash2.bin"), two, 0);
        Files.delete(ws.resolve("a.txt")); // a metadata change: the directory is fsynced by nothing
        ProcessHandle daemon = ProcessHandle.of(daemonPid("ws")).orElseThrow();
        // (other children may come and go: rocksdbjni runs `ldd --version` while the daemon's
        // background thread opens the block store)
        List<ProcessHandle> helpers = daemon.children()
                .filter(c -> c.info().command().map(cmd -> cmd.contains("fusermount")).orElse(false)).toList();
        assertEquals(1, helpers.size(), "fusermount waits beside the daemon to unmount when it dies");
        helpers.get(0).destroyForcibly(); // a zombie until its parent dies: not awaited
        kill(daemon);
        assertEquals(MountState.DEAD, MountPoints.state(ws));
        assertEquals(List.of("D a.txt", "M big.bin", "A crash1.bin", "A crash2.bin"), porcelain(ws));
        Cli.run("workspace", "mount", ws.toString()).expect(ExitCodes.OK);
        assertEquals(MountState.LIVE, MountPoints.state(ws));
        assertEquals(1, mountsAt(ws), "the dead mount is detached, not mounted over");
        assertArrayEquals(two, Files.readAllBytes(ws.resolve("crash2.bin")));
        assertArrayEquals(one, Files.readAllBytes(ws.resolve("crash1.bin")));
        assertFalse(Files.exists(ws.resolve("a.txt")));
        assertEquals(List.of("D a.txt", "M big.bin", "A crash1.bin", "A crash2.bin"), porcelain(ws));
        Cli.run("commit", ws.toString(), "-m", "after the crashes").expect(ExitCodes.OK);
        assertEquals(List.of(), porcelain(ws));
    }

    // ---- 4. bad input ----

    @Test
    void anEncryptedArchiveChecksOutAndCommitsEncryptedWithTheSamePassword() throws Exception {
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path archive = tmp.resolve("secret.hxz");
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "workspace secret\n");
        System.setProperty(Secrets.ARGON2_PROPERTY, "64,1,1");
        try {
            Cli.run("pack", "-q", src.toString(), archive.toString(), "--encrypt", "--password-file", pw.toString())
                    .expect(ExitCodes.OK);
            Path ws = tmp.resolve("ws");
            assertEquals(ExitCodes.WRONG_PASSWORD, checkout(archive, ws).exit(), "no password, no checkout");
            Cli.run("checkout", "--password-file", pw.toString(), archive.toString(), ws.toString()).expect(ExitCodes.OK);
            Files.writeString(ws.resolve("added-in-secret.txt"), "new\n");
            assertEquals(List.of("A added-in-secret.txt"), porcelain(ws));
            Cli.Result c = Cli.run("commit", ws.toString(), "-m", "secret change").expect(ExitCodes.OK);
            Path committed = tmp.resolve("secret-1.hxz");
            assertTrue(c.out().contains(committed.toString()), c.out());
            assertFalse(new String(Files.readAllBytes(committed), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("added-in-secret"), "the commit's manifest is encrypted too");
            assertEquals("new\n", Cli.run("cat", "--password-file", pw.toString(), committed.toString(),
                    "added-in-secret.txt").expect(ExitCodes.OK).out());
            Cli.run("cat", committed.toString(), "added-in-secret.txt").expect(ExitCodes.WRONG_PASSWORD);
            assertEquals("new\n", Files.readString(ws.resolve("added-in-secret.txt")), "the workspace is on the commit");
        } finally {
            System.clearProperty(Secrets.ARGON2_PROPERTY);
        }
    }

    @Test
    void badInputGetsOneLineAndItsExitCode() throws Exception {
        Path data = pack(sourceTree(tmp.resolve("src")), tmp.resolve("data.hxz"));
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        oneLine(checkout(data, full), ExitCodes.WORKSPACE);
        oneLine(checkout(tmp.resolve("missing.hxz"), tmp.resolve("w0")), ExitCodes.NOT_FOUND);
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        oneLine(Cli.run("status", plain.toString()), ExitCodes.WORKSPACE);
        assertEquals(List.of(), Cli.run("workspace", "list", "--json").expect(ExitCodes.OK).out().lines()
                .filter(l -> l.contains("\"id\"")).toList(), "the failed checkouts left no workspace behind");

        Path ws = tmp.resolve("ws");
        checkout(data, ws).expect(ExitCodes.OK);
        oneLine(checkout(data, ws), ExitCodes.WORKSPACE);
        Files.writeString(ws.resolve("new.txt"), "new");
        Files.writeString(ws.resolve("a.txt"), "al"); // shorter than the base's "alpha\n"
        assertEquals(2, Files.size(ws.resolve("a.txt"))); // the kernel caches this size
        Cli.Result reset = oneLine(Cli.run("reset", ws.toString()), ExitCodes.USAGE);
        assertTrue(reset.err().contains("--yes"), reset.err());
        assertEquals(List.of("M a.txt", "A new.txt"), porcelain(ws), "nothing dropped");
        // a shell working in a subdirectory across the reset (as a user's terminal would be)
        Process inSub = new ProcessBuilder("sh", "-c", "read go; exec /bin/pwd -P").directory(ws.resolve("sub").toFile())
                .redirectErrorStream(true).start();
        Cli.run("reset", ws.toString(), "--yes").expect(ExitCodes.OK);
        inSub.getOutputStream().write('\n');
        inSub.getOutputStream().close();
        assertEquals(ws.resolve("sub").toString(), new String(inSub.getInputStream().readAllBytes()).trim(),
                "its working directory is still there for it (getcwd) after the kernel's caches were dropped");
        assertTrue(inSub.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, inSub.exitValue());
        // at once, within the 1 s the kernel may keep names and attributes: the daemon invalidated them
        assertFalse(Files.exists(ws.resolve("new.txt")), "no stale name once reset returns");
        assertEquals("alpha\n", Files.readString(ws.resolve("a.txt")), "no stale size once reset returns");
        assertEquals(List.of(), porcelain(ws));

        Files.writeString(ws.resolve("README.md"), "New");
        Files.delete(ws.resolve("b.txt"));
        assertFalse(Files.exists(ws.resolve("b.txt")));
        Cli.run("restore", ws.resolve("README.md").toString(), ws.resolve("b.txt").toString()).expect(ExitCodes.OK);
        assertEquals("Old data\n", Files.readString(ws.resolve("README.md")));
        assertEquals("bravo\n", Files.readString(ws.resolve("b.txt")));
        assertEquals(List.of(), porcelain(ws));

        Files.writeString(ws.resolve("a.txt"), "changed");
        // a commit to an existing name, through the daemon: refused in one line naming the file, nothing lost
        Cli.Result exists = oneLine(Cli.run("commit", ws.toString(), "-o", data.toString()), ExitCodes.FAILURE);
        assertEquals("hexz: " + data.toAbsolutePath().normalize() + ": exists; choose another name with -o\n",
                exists.err());
        assertEquals(List.of("M a.txt"), porcelain(ws), "the change is still there");
        Cli.Result remove = oneLine(Cli.run("workspace", "remove", ws.toString()), ExitCodes.FAILURE);
        assertTrue(remove.err().contains("uncommitted"), remove.err());
        assertEquals(MountState.LIVE, MountPoints.state(ws));
        assertEquals("changed", Files.readString(ws.resolve("a.txt")));
        Cli.run("workspace", "remove", "--force", ws.toString()).expect(ExitCodes.OK);
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(ws));
        try (var s = Files.list(ws)) {
            assertEquals(0, s.count(), "left as an empty directory");
        }
        assertEquals("[ ]", Cli.run("workspace", "list", "--json").expect(ExitCodes.OK).out().strip());
        oneLine(Cli.run("status", ws.toString()), ExitCodes.WORKSPACE);
        assertTrue(Files.isRegularFile(data), "the archive is not touched");
    }

    @Test
    void aWorkspaceWhoseBaseIsDeletedRefusesToCommitAndIsRemovedOnlyWithForce() throws Exception {
        Path data = pack(sourceTree(tmp.resolve("src")), tmp.resolve("data.hxz"));
        Path ws = tmp.resolve("ws");
        checkout(data, ws).expect(ExitCodes.OK);
        Files.writeString(ws.resolve("new.txt"), "written\n");
        Files.delete(data);
        Cli.Result c = oneLine(Cli.run("commit", ws.toString(), "-m", "x"), ExitCodes.WORKSPACE);
        assertTrue(c.err().contains("the workspace's base is gone"), c.err());
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("data-")).toList(),
                    "a refused commit writes no archive");
        }
        assertEquals("written\n", Files.readString(ws.resolve("new.txt")), "nothing lost");
        Cli.run("unmount", ws.toString()).expect(ExitCodes.OK);
        awaitDaemonGone("ws");
        Cli.Result r = oneLine(Cli.run("workspace", "remove", ws.toString()), ExitCodes.WORKSPACE);
        assertTrue(r.err().contains("--force removes it"), r.err());
        Cli.run("workspace", "remove", "--force", ws.toString()).expect(ExitCodes.OK);
    }

    // ---- 5. status and commit without the daemon ----

    @Test
    void statusAndCommitWorkOnAnUnmountedWorkspace() throws Exception {
        Path data = pack(sourceTree(tmp.resolve("src")), tmp.resolve("data.hxz"));
        Path ws = tmp.resolve("ws");
        checkout(data, ws).expect(ExitCodes.OK);
        Files.writeString(ws.resolve("offline.txt"), "written before the unmount\n");
        Files.delete(ws.resolve("b.txt"));
        Cli.run("unmount", ws.toString()).expect(ExitCodes.OK);
        awaitDaemonGone("ws");
        JsonNode list = JSON.readTree(Cli.run("workspace", "list", "--json").expect(ExitCodes.OK).out());
        assertFalse(list.get(0).get("mounted").asBoolean(), list.toString());

        assertEquals(List.of("D b.txt", "A offline.txt"), porcelain(ws));
        Cli.Result c = Cli.run("commit", ws.toString(), "-m", "offline").expect(ExitCodes.OK);
        Path data1 = tmp.resolve("data-1.hxz").toAbsolutePath().normalize();
        assertTrue(c.out().startsWith("committed 2 changes to " + data1), c.out());
        assertEquals(List.of("workspace ws on " + data1, "nothing changed"),
                Cli.run("status", ws.toString()).expect(ExitCodes.OK).out().lines().toList());
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(ws), "commit does not mount");

        Cli.run("workspace", "mount", ws.toString()).expect(ExitCodes.OK);
        assertEquals("written before the unmount\n", Files.readString(ws.resolve("offline.txt")));
        assertFalse(Files.exists(ws.resolve("b.txt")));
        assertEquals(List.of(), porcelain(ws));
        String log = Cli.run("log", ws.toString()).expect(ExitCodes.OK).out();
        assertTrue(log.contains("offline"), log);
    }

    // ---- helpers ----

    /**
     * README.md "Old data", a.txt b.txt c.txt (0644), sub/d.txt sub/e.txt, a symlink link -> sub/d.txt,
     * and a 2 MiB random big.bin.
     */
    private static Path sourceTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("README.md"), "Old data\n");
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.writeString(root.resolve("b.txt"), "bravo\n");
        Files.writeString(root.resolve("c.txt"), "charlie\n");
        Files.writeString(root.resolve("sub/d.txt"), "delta\n");
        Files.writeString(root.resolve("sub/e.txt"), "echo\n");
        Files.write(root.resolve("big.bin"), TestTrees.random(2 << 20, 5));
        Files.createSymbolicLink(root.resolve("link"), Path.of("sub/d.txt"));
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        return root;
    }

    /** A tree to copy in with cp -a and tar: modes, a nested dir, a symlink, an empty file, mtimes. */
    private static Path localTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("deep/er"));
        Files.write(root.resolve("deep/er/blob.bin"), TestTrees.random(700_000, 21));
        Files.write(root.resolve("text.txt"), TestTrees.text(30_000, 22));
        Files.write(root.resolve("empty"), new byte[0]);
        Files.setPosixFilePermissions(root.resolve("text.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("deep/rel"), Path.of("er/blob.bin"));
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort((a, b) -> b.getNameCount() - a.getNameCount());
            long t = 1_600_000_000L;
            for (Path p : all) {
                t += 3600;
                Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                        .setTimes(java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(t, 5000)), null,
                                null);
            }
        }
        return root;
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        run(from.getParent(), "cp", "-a", from.toString(), to.toString());
        return to;
    }

    private Path pack(Path src, Path archive) {
        Cli.run("pack", "-q", src.toString(), archive.toString()).expect(ExitCodes.OK);
        return archive;
    }

    private Cli.Result checkout(Path archive, Path dir) {
        mountPoints.add(dir);
        return Cli.run("checkout", archive.toString(), dir.toString());
    }

    private static List<String> porcelain(Path ws) {
        return Cli.run("status", ws.toString(), "--porcelain").expect(ExitCodes.OK).out().lines().toList();
    }

    /** The daemon's pid, as the workspace's lock holder file names it. */
    private long daemonPid(String name) throws IOException {
        JsonNode list = JSON.readTree(Cli.run("workspace", "list", "--json").expect(ExitCodes.OK).out());
        for (JsonNode w : list) {
            if (w.get("name").asText().equals(name)) {
                String holder = Files.readString(home.resolve("workspaces").resolve(w.get("id").asText())
                        .resolve("lock.holder"));
                Matcher m = HOLDER_PID.matcher(holder);
                assertTrue(m.find(), holder);
                assertTrue(holder.contains("daemon"), holder);
                return Long.parseLong(m.group(1));
            }
        }
        throw new AssertionError("no workspace " + name + " in " + list);
    }

    private void awaitDaemonGone(String name) throws Exception {
        JsonNode list = JSON.readTree(Cli.run("workspace", "list", "--json").expect(ExitCodes.OK).out());
        for (JsonNode w : list) {
            if (w.get("name").asText().equals(name)) {
                Path lock = home.resolve("workspaces").resolve(w.get("id").asText()).resolve("lock");
                for (int i = 0; i < 1000 && dev.hexz.workspace.WorkspaceLock.isHeld(lock); i++) {
                    Thread.sleep(10);
                }
                assertFalse(dev.hexz.workspace.WorkspaceLock.isHeld(lock), "the daemon exits after the unmount");
            }
        }
    }

    private static void kill(ProcessHandle h) {
        h.destroyForcibly(); // SIGKILL
        h.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        assertFalse(h.isAlive(), "pid " + h.pid() + " survived SIGKILL");
    }

    private static void awaitNotMounted(Path dir) throws Exception {
        for (int i = 0; i < 500 && MountTable.at(dir).isPresent(); i++) {
            Thread.sleep(10);
        }
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(dir));
    }

    private static long mountsAt(Path dir) throws IOException {
        Path canonical = MountPoints.canonical(dir);
        return MountTable.read().stream().filter(m -> m.mountPoint().equals(canonical)).count();
    }

    private static void fsyncWrite(Path file, byte[] data, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b, offset + b.position());
            }
            ch.force(true);
        }
    }

    private static Cli.Result oneLine(Cli.Result r, int code) {
        r.expect(code);
        assertEquals(1, r.err().lines().count(), () -> "one line on stderr, got:\n" + r.err());
        assertTrue(r.err().startsWith("hexz: "), r.err());
        return r;
    }

    private static void sh(Path dir, String script) throws Exception {
        run(dir, "sh", "-c", script);
    }

    /** {@code hexz ARGS} in a JVM of its own (through HexzMain.main, as a user runs it): its stdout; exit 0 expected. */
    private static String hexzProcess(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HexzMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("HEXZ_HOME", System.getProperty(HexzHome.PROPERTY));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "hexz " + String.join(" ", args) + " timed out");
        assertEquals(0, p.exitValue(), "exit code of hexz " + String.join(" ", args));
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs a real process in {@code dir}; fails with its output unless it exits 0 within 60 s. */
    private static String run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + ": did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " in " + dir + ":\n" + out);
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code data} with {@code b} written at {@code at} (growing it with zeros as a file would). */
    private static byte[] put(byte[] data, int at, byte[] b) {
        byte[] out = Arrays.copyOf(data, Math.max(data.length, at + b.length));
        System.arraycopy(b, 0, out, at, b.length);
        return out;
    }

    /** {@code length} bytes from {@code position} by positional reads (short at the end of the file). */
    private static byte[] read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
            // reading
        }
        return Arrays.copyOf(b.array(), b.position());
    }
}
