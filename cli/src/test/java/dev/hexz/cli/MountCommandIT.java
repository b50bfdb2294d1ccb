package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import dev.hexz.fuse.MountTable;
import dev.hexz.fuse.Unmounter;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexz mount} and {@code hexz unmount} as a user runs them: a background server process
 * per mount, real FUSE. Every test takes its mounts down in {@link #cleanUp} (lazily, bounded).
 */
class MountCommandIT {

    private static final Pattern SERVER_PID = Pattern.compile("server pid (\\d+)");

    @TempDir
    Path tmp;

    private final List<Path> mountPoints = new ArrayList<>();
    private final List<Long> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        MountTests.requireFuse();
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        MountTests.unmountAll(mountPoints);
        for (long pid : servers) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                h.get().destroyForcibly();
                h.get().onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
            }
        }
        System.clearProperty(HexzHome.PROPERTY);
    }

    private Path mountPoint(String name) throws IOException {
        Path m = Files.createDirectories(tmp.resolve(name));
        mountPoints.add(m);
        return m;
    }

    private Path packedTree() throws IOException {
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path archive = tmp.resolve("tree.hxz");
        Cli.run("pack", "-q", src.toString(), archive.toString()).expect(ExitCodes.OK);
        return archive;
    }

    /** Runs {@code hexz mount ARCHIVE DIR [extra]}; returns the server's pid. */
    private long mount(Path archive, Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("mount", archive.toString(), dir.toString()));
        args.addAll(List.of(extra));
        Cli.Result r = Cli.run(args.toArray(String[]::new)).expect(ExitCodes.OK);
        Matcher m = SERVER_PID.matcher(r.out());
        assertTrue(m.find(), r.out());
        long pid = Long.parseLong(m.group(1));
        servers.add(pid);
        return pid;
    }

    @Test
    void mountsInTheBackgroundAndUnmounts() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the server runs on");
        assertTrue(pid != ProcessHandle.current().pid());
        // not our child, so hexz mount's JVM has nobody to wait for and exits at once
        assertTrue(ProcessHandle.current().children().noneMatch(c -> c.pid() == pid),
                "the server is a child of the process that ran hexz mount");
        assertEquals("java", ProcessHandle.of(pid).orElseThrow().info().command().map(c -> Path.of(c).getFileName().toString())
                .orElse("java"), "the pid said is the server's JVM");
        TestTrees.assertSameTree(tmp.resolve("src"), mnt);
        assertEquals("fuse.hexz", MountTable.at(mnt).orElseThrow().fsType());

        Cli.Result u = Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
        assertTrue(u.out().contains("unmounted"), u.out());
        assertTrue(MountTable.at(mnt).isEmpty());
        try (var s = Files.list(mnt)) {
            assertEquals(0, s.count(), "the mount point is an empty directory again");
        }
        assertTrue(exits(pid), "the server exits after the unmount");
    }

    @Test
    void anEncryptedArchiveMountsWithItsPasswordAndNotWithoutIt() throws Exception {
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path archive = tmp.resolve("secret.hxz");
        Path pw = tmp.resolve("pw");
        Files.writeString(pw, "mount me\n");
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "not me\n");
        System.setProperty(Secrets.ARGON2_PROPERTY, "64,1,1");
        try {
            Cli.run("pack", "-q", src.toString(), archive.toString(), "--encrypt", "--password-file", pw.toString())
                    .expect(ExitCodes.OK);
            Path mnt = mountPoint("mnt");
            assertTrue(Cli.run("mount", archive.toString(), mnt.toString()).expect(ExitCodes.WRONG_PASSWORD).err()
                    .contains("is encrypted"));
            assertTrue(Cli.run("mount", "--password-file", wrong.toString(), archive.toString(), mnt.toString())
                    .expect(ExitCodes.WRONG_PASSWORD).err().contains("wrong password"));
            assertTrue(MountTable.at(mnt).isEmpty(), "nothing mounted by the failed attempts");
            long pid = mount(archive, mnt, "--password-file", pw.toString());
            TestTrees.assertSameTree(src, mnt);
            Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
            assertTrue(exits(pid), "the server exits after the unmount");
        } finally {
            System.clearProperty(Secrets.ARGON2_PROPERTY);
        }
    }

    @Test
    void foregroundServesUntilUnmounted() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        Cli.Result[] result = new Cli.Result[1];
        Thread t = new Thread(() -> result[0] = Cli.run("mount", "--foreground", archive.toString(), mnt.toString()));
        t.start();
        for (int i = 0; i < 1000 && MountTable.at(mnt).isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals("{\"layers\": 12}\n", Files.readString(mnt.resolve("models/config.json")));
        Unmounter.unmount(mnt, false);
        t.join(15_000);
        assertFalse(t.isAlive(), "mount --foreground returns once unmounted");
        result[0].expect(ExitCodes.OK);
    }

    @Test
    void sigtermToTheServerUnmountsCleanly() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt);
        ProcessHandle.of(pid).orElseThrow().destroy(); // SIGTERM
        assertTrue(exits(pid));
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(mnt), "unmounted, not left dead");
    }

    @Test
    void sigintToTheServerUnmountsCleanly() throws Exception {
        // the server is started by sh in the background, where SIGINT starts out ignored
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(exits(pid), "the server ignored SIGINT");
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(mnt), "unmounted, not left dead");
        try (var s = Files.list(tmp.resolve("home/logs"))) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".said")).toList(),
                    "the start's handshake file is gone");
        }
    }

    @Test
    void aDeadMountIsDetachedAndMountedOverNeverStacked() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt, "--no-auto-unmount");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
        assertTrue(exits(pid));
        assertEquals(MountState.DEAD, MountPoints.state(mnt), "killed without auto_unmount: a dead mount");

        mount(archive, mnt);
        assertEquals(MountState.LIVE, MountPoints.state(mnt));
        Path canonical = MountPoints.canonical(mnt);
        assertEquals(1, MountTable.read().stream().filter(m -> m.mountPoint().equals(canonical)).count());
        assertEquals("do not touch", Files.readString(mnt.resolve("readonly/frozen.txt")));
        Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
    }

    @Test
    void unmountDetachesADeadMount() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt, "--no-auto-unmount");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertTrue(exits(pid));
        Cli.Result r = Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
        assertTrue(r.out().contains("dead"), r.out());
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(mnt));
    }

    @Test
    void aKilledServerLeavesNoDeadMountThanksToAutoUnmount() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertTrue(exits(pid));
        for (int i = 0; i < 500 && MountTable.at(mnt).isPresent(); i++) {
            Thread.sleep(10);
        }
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(mnt));
    }

    @Test
    void aBusyUnmountNamesTheHoldersAndForceDetaches() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");
        long pid = mount(archive, mnt);
        try (InputStream held = Files.newInputStream(mnt.resolve("notes.txt"))) {
            held.readNBytes(10);
            Cli.Result r = Cli.run("unmount", mnt.toString()).expect(ExitCodes.BUSY);
            assertTrue(r.err().contains("pid " + ProcessHandle.current().pid()), r.err());
            assertTrue(r.err().contains("notes.txt"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            Cli.run("unmount", "--force", mnt.toString()).expect(ExitCodes.OK);
            assertTrue(MountTable.at(mnt).isEmpty());
            assertEquals(10, held.readNBytes(10).length, "the open file still reads after a lazy detach");
        }
        assertTrue(exits(pid), "the server exits once the last file is closed");
    }

    @Test
    void badInputGetsOneLineAndItsExitCode() throws Exception {
        Path archive = packedTree();
        Path mnt = mountPoint("mnt");

        oneLine(Cli.run("mount", tmp.resolve("missing.hxz").toString(), mnt.toString()), ExitCodes.NOT_FOUND);
        Path garbage = Files.writeString(tmp.resolve("garbage.hxz"), "this is not an archive at all".repeat(300));
        oneLine(Cli.run("mount", garbage.toString(), mnt.toString()), ExitCodes.CORRUPT);
        Path truncated = tmp.resolve("truncated.hxz");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(archive), 5000));
        oneLine(Cli.run("mount", truncated.toString(), mnt.toString()), ExitCodes.CORRUPT);
        oneLine(Cli.run("mount", archive.toString(), tmp.resolve("no-such-dir").toString()), ExitCodes.NOT_FOUND);
        Path full = mountPoint("full");
        Files.writeString(full.resolve("x"), "x");
        Cli.Result notEmpty = oneLine(Cli.run("mount", archive.toString(), full.toString()), ExitCodes.MOUNT_FAILED);
        assertTrue(notEmpty.err().contains("not empty"), notEmpty.err());

        mount(archive, mnt);
        Cli.Result again = oneLine(Cli.run("mount", archive.toString(), mnt.toString()), ExitCodes.MOUNT_FAILED);
        assertTrue(again.err().contains("already"), again.err());
        oneLine(Cli.run("unmount", tmp.resolve("full").toString()), ExitCodes.FAILURE);
        Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
    }

    @Test
    void aThinArchiveWithAMissingParentIsRefused() throws Exception {
        Path src = TestTrees.sample(tmp.resolve("src"));
        Path v1 = tmp.resolve("v1.hxz");
        Cli.run("pack", "-q", src.toString(), v1.toString()).expect(ExitCodes.OK);
        Files.writeString(src.resolve("notes.txt"), "v2");
        Path v2 = tmp.resolve("v2.hxz");
        Cli.run("pack", "-q", "--base", v1.toString(), src.toString(), v2.toString()).expect(ExitCodes.OK);
        Path mnt = mountPoint("mnt");
        long pid = mount(v2, mnt);
        assertEquals("v2", Files.readString(mnt.resolve("notes.txt")));
        Cli.run("unmount", mnt.toString()).expect(ExitCodes.OK);
        assertTrue(exits(pid));

        Files.move(v1, tmp.resolve("elsewhere.hxz"));
        Cli.Result r = oneLine(Cli.run("mount", v2.toString(), mnt.toString()), ExitCodes.MISSING_PARENT);
        assertTrue(r.err().contains("v1.hxz"), r.err());
        assertTrue(MountTable.at(mnt).isEmpty());
    }

    private static Cli.Result oneLine(Cli.Result r, int code) {
        r.expect(code);
        assertEquals(1, r.err().lines().count(), () -> "one line on stderr, got:\n" + r.err());
        assertTrue(r.err().startsWith("hexz: "), r.err());
        return r;
    }

    private static boolean exits(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return true;
        }
        try {
            h.get().onExit().get(15, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return !h.get().isAlive();
        }
    }
}
