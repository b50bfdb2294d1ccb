package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.manifest.ManifestEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void aTreeKeepsFilesDirectoriesSymlinksModesAndMtimes() throws IOException {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("a/b"));
        Files.createDirectories(src.resolve("empty"));
        byte[] big = TestData.semiCompressible(600_000, 31);
        Files.write(src.resolve("a/b/big.bin"), big);
        Files.writeString(src.resolve("a/small.txt"), "small\n");
        Files.write(src.resolve("zero-length"), new byte[0]);
        Files.createSymbolicLink(src.resolve("link"), Path.of("a/small.txt"));
        Files.setPosixFilePermissions(src.resolve("a/small.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(src.resolve("a/b/big.bin"), FileTime.fromMillis(1_600_000_000_123L));
        Path out = src.resolve("self.hxz"); // inside the tree: must not archive itself
        ArchiveSummary summary;
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.treeDefaults())) {
            w.addTree(src);
            summary = w.finish();
        }
        assertEquals(3, summary.files());
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertTrue(r.header().isDirectory());
            List<String> paths = r.manifest().entries().stream().map(ManifestEntry::path).toList();
            assertEquals(List.of("a", "a/b", "a/b/big.bin", "a/small.txt", "empty", "link", "zero-length"), paths);
            assertArrayEquals(big, r.file("a/b/big.bin").orElseThrow().readAllBytes());
            ManifestEntry bigEntry = r.manifest().find("a/b/big.bin").orElseThrow();
            assertEquals(1_600_000_000L, bigEntry.mtimeSeconds());
            assertEquals(123_000_000, bigEntry.mtimeNanos());
            assertEquals(0750, r.manifest().find("a/small.txt").orElseThrow().mode());
            assertEquals("a/small.txt", r.manifest().find("link").orElseThrow().symlinkTarget());
            assertTrue(r.manifest().find("empty").orElseThrow().isDirectory());
            assertEquals(0, r.file("zero-length").orElseThrow().readAllBytes().length);
        }
    }

    @Test
    void missingParentDirectoriesAreAddedAndConflictsRefused() throws IOException {
        Path out = tmp.resolve("t.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.treeDefaults())) {
            w.addFile("x/y/z.txt", new ByteArrayInputStream(new byte[] {1}), 0644, 0, 0);
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertTrue(r.manifest().find("x").orElseThrow().isDirectory());
            assertTrue(r.manifest().find("x/y").orElseThrow().isDirectory());
        }
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("bad.hxz"), WriterOptions.treeDefaults())) {
            w.addFile("f", new ByteArrayInputStream(new byte[] {1}), 0644, 0, 0);
            assertThrows(IllegalArgumentException.class,
                    () -> w.addFile("f/g", new ByteArrayInputStream(new byte[] {2}), 0644, 0, 0));
        }
        assertTrue(Files.notExists(tmp.resolve("bad.hxz")));
    }

    @Test
    void invalidOrDuplicatePathsAreRefusedWhenAdded() throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("p.hxz"), WriterOptions.treeDefaults())) {
            assertThrows(IllegalArgumentException.class, () -> w.addDirectory("../up", 0755, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> w.addDirectory("/abs", 0755, 0, 0));
            assertThrows(IllegalArgumentException.class, () -> w.addDirectory("a//b", 0755, 0, 0));
            w.addDirectory("a", 0755, 0, 0);
            assertThrows(IllegalArgumentException.class, () -> w.addDirectory("a", 0755, 0, 0));
        }
    }

    @Test
    void identicalFilesAreStoredOnce() throws IOException {
        byte[] content = TestData.semiCompressible(200_000, 41);
        Path out = tmp.resolve("dup.hxz");
        ArchiveSummary s;
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.treeDefaults())) {
            for (int i = 0; i < 5; i++) {
                w.addFile("copy" + i, new ByteArrayInputStream(content), 0644, 0, 0);
            }
            s = w.finish();
        }
        assertEquals(4 * s.uniqueBlocks(), s.dedupBlocks());
        assertTrue(s.bytesStored() < content.length, "five copies stored in less than one raw copy");
    }
}
