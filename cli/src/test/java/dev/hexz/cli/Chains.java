package dev.hexz.cli;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** Builds chains of thin archives through the CLI, for the tests of the commands that read them. */
final class Chains {

    private Chains() {
    }

    /** Version {@code k} of a 2 MiB file: version 1 is random, each next one changes 100 bytes more. */
    static byte[] version(int k) {
        byte[] b = TestTrees.random(2 << 20, 1);
        for (int i = 2; i <= k; i++) {
            System.arraycopy(TestTrees.random(100, i), 0, b, i * 300_000, 100);
        }
        return b;
    }

    /**
     * Packs {@code data.bin} versions 1..n into {@code dir/v1.hxz} .. {@code dir/vn.hxz}, each the
     * parent of the next, with metadata {@code {"message": "version k"}} and mtime {@link #mtime}
     * {@code (k)}; returns the paths.
     */
    static Path[] chain(Path dir, int n) throws IOException {
        Path[] out = new Path[n];
        Path work = Files.createDirectories(dir.resolve(".work"));
        for (int k = 1; k <= n; k++) {
            Path data = work.resolve("data.bin");
            Files.write(data, version(k));
            Files.setLastModifiedTime(data, FileTime.from(Instant.ofEpochSecond(mtime(k))));
            out[k - 1] = dir.resolve("v" + k + ".hxz");
            String message = "{\"message\": \"version " + k + "\"}";
            if (k == 1) {
                Cli.run("pack", data.toString(), out[0].toString(), "--block-size", "16K", "--metadata", message)
                        .expect(ExitCodes.OK);
            } else {
                Cli.run("pack", data.toString(), out[k - 1].toString(), "--base", out[k - 2].toString(),
                        "--metadata", message).expect(ExitCodes.OK);
            }
        }
        return out;
    }

    /** The mtime of {@code data.bin} in version {@code k}. */
    static long mtime(int k) {
        return 1_700_000_000L + 60L * k;
    }

    static ArchiveHeader header(Path archive) throws IOException {
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(archive)) {
            return r.header();
        }
    }

    static String id(Path archive) throws IOException {
        return header(archive).archiveId().toString();
    }
}
