package dev.hexz.format.extract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveExtractorTest {

    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Path archive(String name, WriterBody body) throws IOException {
        Path out = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.treeDefaults())) {
            body.write(w);
            w.finish();
        }
        return out;
    }

    interface WriterBody {
        void write(ArchiveWriter w) throws IOException;
    }

    private static ExtractResult extract(Path archive, Path dest, String... paths) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            ArchiveExtractor x = ArchiveExtractor.of(r);
            for (String p : paths) {
                x.select(p);
            }
            return x.extractTo(dest);
        }
    }

    @Test
    void treeComesBackWithModesMtimesSymlinksAndEmptyDirectories() throws IOException {
        byte[] big = bytes(700_000, 1);
        Path a = archive("t.hxz", w -> {
            w.addDirectory("bin", 0750, 1_600_000_000L, 5);
            w.addFile("bin/tool", new ByteArrayInputStream(big), 0755, 1_600_000_001L, 123_456_789);
            w.addDirectory("empty", 0700, 1_500_000_000L, 0);
            w.addDirectory("ro", 0555, 1_400_000_000L, 0);
            w.addFile("ro/readme", new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), 0444, 1_300_000_000L, 0);
            w.addSymlink("ro/link", "../bin/tool", 1_200_000_000L, 0);
            w.addFile("zero", new ByteArrayInputStream(new byte[0]), 0600, 1_100_000_000L, 0);
        });
        Path dest = tmp.resolve("out");
        AtomicLong progress = new AtomicLong();
        ExtractResult res;
        try (ArchiveReader r = ArchiveReader.open(a)) {
            ArchiveExtractor x = ArchiveExtractor.of(r).onProgress(progress::addAndGet);
            assertEquals(big.length + 2, x.plannedBytes());
            res = x.extractTo(dest);
        }
        assertEquals(3, res.files());
        assertEquals(3, res.directories());
        assertEquals(1, res.symlinks());
        assertEquals(big.length + 2, res.bytes());
        assertEquals(big.length + 2, progress.get());

        assertArrayEquals(big, Files.readAllBytes(dest.resolve("bin/tool")));
        assertEquals(0755, mode(dest.resolve("bin/tool")));
        assertEquals(FileTime.from(java.time.Instant.ofEpochSecond(1_600_000_001L, 123_456_789)),
                Files.getLastModifiedTime(dest.resolve("bin/tool")));
        assertEquals(0750, mode(dest.resolve("bin")));
        assertEquals(1_600_000_000L, Files.getLastModifiedTime(dest.resolve("bin")).toInstant().getEpochSecond());
        assertTrue(Files.isDirectory(dest.resolve("empty")));
        assertEquals(0555, mode(dest.resolve("ro")));
        assertEquals(1_400_000_000L, Files.getLastModifiedTime(dest.resolve("ro")).toInstant().getEpochSecond());
        assertEquals(0444, mode(dest.resolve("ro/readme")));
        assertTrue(Files.isSymbolicLink(dest.resolve("ro/link")));
        assertEquals("../bin/tool", Files.readSymbolicLink(dest.resolve("ro/link")).toString());
        assertEquals(1_200_000_000L,
                Files.getLastModifiedTime(dest.resolve("ro/link"), NOFOLLOW).toInstant().getEpochSecond());
        assertEquals(0, Files.size(dest.resolve("zero")));
        assertEquals(List.of(), temporaries(dest));
    }

    @Test
    void selectedPathsBringTheirParentsAndSubtreesOnly() throws IOException {
        Path a = archive("t.hxz", w -> {
            w.addFile("a/b/c.txt", new ByteArrayInputStream(new byte[] {1}), 0644, 0, 0);
            w.addFile("a/b/d/e.txt", new ByteArrayInputStream(new byte[] {2}), 0644, 0, 0);
            w.addFile("a/x.txt", new ByteArrayInputStream(new byte[] {3}), 0644, 0, 0);
            w.addFile("ab.txt", new ByteArrayInputStream(new byte[] {4}), 0644, 0, 0);
        });
        Path dest = tmp.resolve("out");
        extract(a, dest, "a/b/", "ab.txt");
        assertEquals(List.of("a", "a/b", "a/b/c.txt", "a/b/d", "a/b/d/e.txt", "ab.txt"), tree(dest));

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> extract(a, tmp.resolve("o2"), "nope"));
        assertTrue(e.getMessage().contains("no entry 'nope'"), e.getMessage());
    }

    @Test
    void aSymlinkPointingOutsideIsCreatedAsALinkOnly() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path a = archive("t.hxz", w -> {
            w.addSymlink("abs", outside.toString(), 0, 0);
            w.addSymlink("up", "../../..", 0, 0);
            w.addFile("plain", new ByteArrayInputStream(new byte[] {9}), 0644, 0, 0);
        });
        Path dest = tmp.resolve("out");
        extract(a, dest);
        assertTrue(Files.isSymbolicLink(dest.resolve("abs")));
        assertTrue(Files.isSymbolicLink(dest.resolve("up")));
        assertEquals(List.of(), tree(outside));
    }

    @Test
    void neverWritesThroughASymlinkAlreadyInTheDestination() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path victim = Files.writeString(outside.resolve("victim"), "precious");
        Path a = archive("t.hxz", w -> {
            w.addFile("sub/evil", new ByteArrayInputStream("pwned".getBytes(StandardCharsets.UTF_8)), 0644, 0, 0);
            w.addFile("victim", new ByteArrayInputStream("pwned".getBytes(StandardCharsets.UTF_8)), 0644, 0, 0);
        });
        Path a2 = archive("t2.hxz", w -> w.addFile("deep/er/evil",
                new ByteArrayInputStream("pwned".getBytes(StandardCharsets.UTF_8)), 0644, 0, 0));

        // a directory of the archive is a symlink to outside in the destination
        Path dest = Files.createDirectories(tmp.resolve("out"));
        Files.createSymbolicLink(dest.resolve("sub"), outside);
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> extract(a, dest));
        assertEquals("sub", e.entryPath());
        assertEquals(List.of("victim"), tree(outside));

        // a file of the archive is a symlink to an outside file in the destination
        Path dest2 = Files.createDirectories(tmp.resolve("out2"));
        Files.createSymbolicLink(dest2.resolve("victim"), victim);
        try (ArchiveReader r = ArchiveReader.open(a)) {
            assertThrows(FileAlreadyExistsException.class, () -> ArchiveExtractor.of(r).select("victim").extractTo(dest2));
            // with overwrite, the link itself is replaced; its target is untouched
            ArchiveExtractor.of(r).select("victim").overwrite(true).extractTo(dest2);
        }
        assertFalse(Files.isSymbolicLink(dest2.resolve("victim")));
        assertEquals("pwned", Files.readString(dest2.resolve("victim")));
        assertEquals("precious", Files.readString(victim));

        // an implicit parent deeper down is a symlink
        Path dest3 = Files.createDirectories(tmp.resolve("out3/deep"));
        Files.createSymbolicLink(dest3.resolve("er"), outside);
        assertThrows(UnsafePathException.class, () -> extract(a2, tmp.resolve("out3")));
        assertEquals(List.of("victim"), tree(outside));
    }

    @Test
    void existingFilesAreOnlyReplacedWhenAllowed() throws IOException {
        Path a = archive("t.hxz", w -> w.addFile("f", new ByteArrayInputStream(new byte[] {7}), 0644, 0, 0));
        Path dest = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dest.resolve("f"), "old");
        assertThrows(FileAlreadyExistsException.class, () -> extract(a, dest));
        assertEquals("old", Files.readString(dest.resolve("f")));
        try (ArchiveReader r = ArchiveReader.open(a)) {
            ArchiveExtractor.of(r).overwrite(true).extractTo(dest);
        }
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(dest.resolve("f")));
    }

    @Test
    void fileAndStreamArchivesBecomeOneFile() throws IOException {
        byte[] data = bytes(200_000, 4);
        Path src = tmp.resolve("weights.bin");
        Files.write(src, data);
        Files.setLastModifiedTime(src, FileTime.fromMillis(1_234_567_000L));
        Path fileArchive = tmp.resolve("f.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(fileArchive, WriterOptions.defaults())) {
            w.addFile(src);
            w.finish();
        }
        Path streamArchive = tmp.resolve("s.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(streamArchive, WriterOptions.defaults())) {
            w.addBytes(data);
            w.finish();
        }
        Path dir = Files.createDirectories(tmp.resolve("into"));
        ExtractResult r1 = extract(fileArchive, dir);
        assertEquals(dir.resolve("weights.bin").toAbsolutePath(), r1.destination());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("weights.bin")));
        assertEquals(1_234_567_000L, Files.getLastModifiedTime(dir.resolve("weights.bin")).toMillis());

        extract(fileArchive, tmp.resolve("renamed.bin"));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("renamed.bin")));

        extract(streamArchive, tmp.resolve("raw.img"));
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("raw.img")));
        IOException e = assertThrows(IOException.class, () -> extract(streamArchive, dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> extract(streamArchive, tmp.resolve("no/such/dir/x")));
        assertEquals(List.of(), temporaries(tmp));
    }

    private static int mode(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW)) & 07777;
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> temporaries(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".hexz-"))
                    .collect(Collectors.toList());
        }
    }
}
