package dev.hexz.fuse;

import dev.hexz.format.ArchiveReader;
import java.nio.file.Path;

/**
 * A mount server in a JVM of its own, for tests that kill it: {@code MountMain ARCHIVE DIR
 * AUTO_UNMOUNT}. Prints "ready" once the mount answers, then serves until unmounted.
 */
public final class MountMain {

    public static void main(String[] args) throws Exception {
        try (ArchiveReader r = ArchiveReader.open(Path.of(args[0]))) {
            ArchiveTree tree = ArchiveTree.of(r, "data", 0, 0, 0);
            MountOptions o = MountOptions.forArchive(args[0]).withAutoUnmount(Boolean.parseBoolean(args[2]));
            FuseMount m = FuseMount.mount(tree, Path.of(args[1]), o, MountListener.NONE);
            System.out.println("ready");
            System.out.flush();
            m.awaitUnmounted();
        }
    }
}
