package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mount points that cannot be used, dead mounts, busy mounts: with real mounts. */
class MountPointsIT {

    @TempDir
    Path tmp;

    private Path archive;

    @BeforeEach
    void setUp() throws IOException {
        FuseSupport.requireFuse();
        archive = FuseSupport.packTree(FuseSupport.sampleTree(tmp), tmp.resolve("t.hxz"));
    }

    private FuseMount mount(ArchiveReader r, Path dir) throws IOException {
        return FuseMount.mount(ArchiveTree.of(r, "data", 0, 0, 0), dir, MountOptions.forArchive(archive.toString()),
                MountListener.NONE);
    }

    @Test
    void refusesMountPointsThatCannotBeUsed() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            FuseMountException missing = assertThrows(FuseMountException.class, () -> mount(r, tmp.resolve("nope")));
            assertEquals(FuseMountException.Reason.MOUNT_POINT_MISSING, missing.reason());

            Path full = Files.createDirectories(tmp.resolve("full"));
            Files.writeString(full.resolve("x"), "x");
            FuseMountException notEmpty = assertThrows(FuseMountException.class, () -> mount(r, full));
            assertEquals(FuseMountException.Reason.BAD_MOUNT_POINT, notEmpty.reason());
            assertTrue(notEmpty.getMessage().contains("not empty"), notEmpty.getMessage());

            FuseMountException file = assertThrows(FuseMountException.class, () -> mount(r, full.resolve("x")));
            assertEquals(FuseMountException.Reason.BAD_MOUNT_POINT, file.reason());
        }
    }

    @Test
    void neverStacksOnALiveMount() throws IOException {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            m = mount(r, mnt);
            FuseMountException e = assertThrows(FuseMountException.class, () -> mount(r, mnt));
            assertEquals(FuseMountException.Reason.ALREADY_MOUNTED, e.reason());
            assertEquals(1, mountsAt(mnt));
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    @Test
    void aDeadMountIsDetectedDetachedAndMountedOver() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try {
            killedServer(mnt);
            assertEquals(MountState.DEAD, MountPoints.state(mnt));
            try (ArchiveReader r = ArchiveReader.open(archive)) {
                m = mount(r, mnt);
                assertEquals(MountState.LIVE, MountPoints.state(mnt));
                assertEquals(1, mountsAt(mnt), "the dead mount was detached, not stacked on");
                assertEquals("hello from hexz\n", Files.readString(mnt.resolve("a.txt")));
            }
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    @Test
    void unmountDetachesADeadMount() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        try {
            killedServer(mnt);
            Unmounter.unmount(mnt, false);
            assertEquals(MountState.NOT_MOUNTED, MountPoints.state(mnt));
            assertTrue(Files.isDirectory(mnt));
        } finally {
            FuseSupport.cleanUp(null, mnt);
        }
    }

    @Test
    void aBusyMountIsRefusedNamingWhoHoldsItAndForceDetachesIt() throws Exception {
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            m = mount(r, mnt);
            try (InputStream held = Files.newInputStream(mnt.resolve("sub/b.bin"))) {
                assertEquals(1024, held.readNBytes(1024).length);
                FuseMountException e = assertThrows(FuseMountException.class, () -> Unmounter.unmount(mnt, false));
                assertEquals(FuseMountException.Reason.BUSY, e.reason());
                assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
                assertTrue(e.getMessage().contains("b.bin"), e.getMessage());

                Unmounter.unmount(mnt, true);
                assertEquals(0, mountsAt(mnt), "detached from the tree at once");
                assertEquals(1024, held.readNBytes(1024).length, "an open file keeps reading after a lazy detach");
            }
            assertTrue(m.awaitUnmounted(Duration.ofSeconds(10)), "the server ends once the last file is closed");
        } finally {
            FuseSupport.cleanUp(m, mnt);
        }
    }

    @Test
    void unmountRefusesWhatIsNotAHexzMount() {
        FuseMountException e = assertThrows(FuseMountException.class, () -> Unmounter.unmount(Path.of("/proc"), false));
        assertEquals(FuseMountException.Reason.NOT_HEXZ, e.reason());
        FuseMountException none = assertThrows(FuseMountException.class, () -> Unmounter.unmount(tmp, false));
        assertEquals(FuseMountException.Reason.NOT_MOUNTED, none.reason());
    }

    /** Mounts in a JVM of its own without auto_unmount and kills it with SIGKILL: a dead mount is left. */
    private void killedServer(Path mnt) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MountMain.class.getName(), archive.toString(), mnt.toString(),
                "false");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals("ready", line, "the server mounted");
            assertEquals("hello from hexz\n", Files.readString(mnt.resolve("a.txt")));
            Files.getLastModifiedTime(mnt); // the kernel now holds the root's attributes: a stat will not ask the server
            p.destroyForcibly();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        }
        assertTrue(MountPoints.isDead(mnt), "SIGKILL without auto_unmount leaves a dead mount");
    }

    private static long mountsAt(Path mnt) throws IOException {
        Path p = MountPoints.canonical(mnt);
        return MountTable.read().stream().filter(x -> x.mountPoint().equals(p)).count();
    }
}
