package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Builds test trees and compares trees entry by entry (type, bytes, mode, mtime, link target). */
final class TestTrees {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private TestTrees() {
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Text-like bytes that compress. */
    static byte[] text(int n, long seed) {
        Random r = new Random(seed);
        String[] words = {"tensor ", "layer ", "weight ", "bias ", "0.000 ", "attention\n"};
        StringBuilder s = new StringBuilder(n);
        while (s.length() < n) {
            s.append(words[r.nextInt(words.length)]);
        }
        return s.substring(0, n).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * A tree with nested and empty directories, a file with an odd mode, a read-only directory,
     * duplicate content, an empty file, a relative and an absolute symlink; fixed mtimes.
     */
    static Path sample(Path root) throws IOException {
        Files.createDirectories(root);
        Path models = Files.createDirectories(root.resolve("models/v1"));
        Files.write(models.resolve("weights.bin"), random(400_000, 1));
        Files.write(root.resolve("models/config.json"), "{\"layers\": 12}\n".getBytes());
        Files.write(root.resolve("models/v1/copy.bin"), random(400_000, 1)); // same bytes: dedup
        Files.write(root.resolve("notes.txt"), text(50_000, 2));
        Files.write(root.resolve("empty.dat"), new byte[0]);
        Files.createDirectories(root.resolve("empty-dir"));
        Path ro = Files.createDirectories(root.resolve("readonly"));
        Files.write(ro.resolve("frozen.txt"), "do not touch".getBytes());
        Files.createSymbolicLink(root.resolve("latest"), Path.of("models/v1/weights.bin"));
        Files.createSymbolicLink(root.resolve("abs-link"), Path.of("/etc/hostname"));
        Files.setAttribute(root.resolve("notes.txt"), "unix:mode", 0640);
        Files.setAttribute(ro.resolve("frozen.txt"), "unix:mode", 0444);
        Files.setAttribute(models.resolve("weights.bin"), "unix:mode", 0755);
        long t = 1_700_000_000L;
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort((a, b) -> b.getNameCount() - a.getNameCount()); // children first
            for (Path p : all) {
                if (!p.equals(root)) {
                    t += 61;
                    Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                            .setTimes(FileTime.from(java.time.Instant.ofEpochSecond(t, 123_000_000L)), null, null);
                }
            }
        }
        Files.setAttribute(ro, "unix:mode", 0555);
        return root;
    }

    /** Asserts that two trees hold the same entries with the same types, bytes, modes, mtimes and targets. */
    static void assertSameTree(Path expected, Path actual) throws IOException {
        assertSameTree(expected, actual, true);
    }

    /** Same entries, types, bytes, modes and link targets (and mtimes when asked). */
    static void assertSameTree(Path expected, Path actual, boolean mtimes) throws IOException {
        TreeMap<String, String> e = describe(expected, mtimes);
        TreeMap<String, String> a = describe(actual, mtimes);
        assertEquals(e.keySet(), a.keySet(), "entries");
        for (String k : e.keySet()) {
            assertEquals(e.get(k), a.get(k), "entry " + k);
        }
        for (String k : e.keySet()) {
            Path pe = expected.resolve(k);
            if (Files.isRegularFile(pe, NOFOLLOW)) {
                assertArrayEquals(Files.readAllBytes(pe), Files.readAllBytes(actual.resolve(k)), "bytes of " + k);
            }
        }
    }

    /** Each entry below {@code root} by relative path: type, size, mode or link target (and mtime when asked). */
    static TreeMap<String, String> describe(Path root, boolean mtimes) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                if (p.equals(root)) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
                String d;
                if (a.isSymbolicLink()) {
                    d = "link -> " + Files.readSymbolicLink(p);
                } else {
                    int mode = ((Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW)) & 07777;
                    d = (a.isDirectory() ? "dir" : "file " + a.size()) + " mode " + Integer.toOctalString(mode);
                }
                if (mtimes) {
                    d += " mtime " + a.lastModifiedTime();
                }
                m.put(root.relativize(p).toString(), d);
            }
        }
        return m;
    }
}
