package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/** What the FUSE tests share: the FUSE check (fail, not skip, under HEXZ_REQUIRE_FUSE=1), trees, cleanup. */
final class FuseSupport {

    private FuseSupport() {
    }

    /** Skips the test when FUSE is unavailable, unless HEXZ_REQUIRE_FUSE=1 (CI), where that fails it. */
    static void requireFuse() {
        Optional<String> problem = FuseAvailability.problem();
        if (problem.isPresent()) {
            if ("1".equals(System.getenv("HEXZ_REQUIRE_FUSE"))) {
                fail("HEXZ_REQUIRE_FUSE=1 but FUSE cannot be used here: " + problem.get());
            }
            Assumptions.abort("FUSE cannot be used here: " + problem.get());
        }
    }

    /** Takes down whatever is still mounted at {@code dir} (lazily, so it never hangs), waiting at most 5 s. */
    static void cleanUp(FuseMount mount, Path dir) {
        try {
            if (mount != null && mount.isServing()) {
                mount.unmount(true, Duration.ofSeconds(5));
            }
            for (int i = 0; i < 10 && MountTable.at(dir).isPresent(); i++) {
                Unmounter.detachDead(dir);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the test's own assertion says what went wrong
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        // make it compressible in parts, as real data is
        for (int i = 0; i < n / 3; i++) {
            b[i] = (byte) (i % 17);
        }
        return b;
    }

    /**
     * A small tree: a text file, an executable, a 300 KiB binary in a subdirectory (several
     * blocks), an empty file deeper down, an empty directory, a symlink; mtimes set.
     */
    static Path sampleTree(Path parent) throws IOException {
        Path root = Files.createDirectories(parent.resolve("src"));
        Files.writeString(root.resolve("a.txt"), "hello from hexz\n");
        Path exec = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(exec, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(root.resolve("sub/deep"));
        Files.write(root.resolve("sub/b.bin"), randomBytes(300 << 10, 7));
        Files.write(root.resolve("sub/deep/empty"), new byte[0]);
        Files.createDirectories(root.resolve("emptydir"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("sub/b.bin"));
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.fromMillis(1_600_000_000_000L));
        Files.setLastModifiedTime(root.resolve("sub/b.bin"), FileTime.fromMillis(1_650_000_123_000L));
        return root;
    }

    static Path packTree(Path tree, Path archive) throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.treeDefaults())) {
            w.addTree(tree);
            w.finish();
        }
        return archive;
    }
}
