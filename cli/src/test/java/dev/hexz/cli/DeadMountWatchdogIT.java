package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import dev.hexz.fuse.MountPoints;
import dev.hexz.fuse.MountState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog leaves what is not a dead mount alone when its server lets go of it. (That it
 * takes a dead one down is {@code MountCommandIT.aKilledServerLeavesNoDeadMountThanksToAutoUnmount}:
 * it needs a server process to kill.)
 */
class DeadMountWatchdogIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void fuse() {
        MountTests.requireFuse();
    }

    @Test
    void aLiveMountIsLeftAlone() throws Exception {
        Path archive = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.defaults())) {
            w.addBytes("still here".getBytes());
            w.finish();
        }
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        FuseMount m = null;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            m = FuseMount.mount(ArchiveTree.of(r, "data", 0, Owner.uid(), Owner.gid()), mnt,
                    MountOptions.forArchive(archive.toString()), MountListener.NONE);
            Files.list(mnt).close(); // the kernel now opens directories without asking (see the class)
            DeadMountWatchdog w = DeadMountWatchdog.start(m.mountPoint());
            ProcessHandle p = w.process();
            w.close();
            p.onExit().get(10, TimeUnit.SECONDS);
            assertEquals(MountState.LIVE, MountPoints.state(mnt));
            assertEquals("still here", Files.readString(mnt.resolve("data")));
            m.unmount(false, Duration.ofSeconds(10));
        } finally {
            if (m != null && m.isServing()) {
                m.unmount(true, Duration.ofSeconds(5));
            }
            MountTests.unmountAll(List.of(mnt));
        }
    }

    @Test
    void aDirectoryThatIsNoMountIsLeftAlone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(dir.resolve("f"), "x");
        DeadMountWatchdog w = DeadMountWatchdog.start(dir);
        ProcessHandle p = w.process();
        w.close();
        p.onExit().get(10, TimeUnit.SECONDS);
        assertEquals(MountState.NOT_MOUNTED, MountPoints.state(dir));
        assertTrue(Files.exists(dir.resolve("f")));
    }
}
