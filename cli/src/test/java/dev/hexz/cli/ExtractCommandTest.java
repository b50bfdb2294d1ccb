package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractCommandTest {

    @TempDir
    Path tmp;

    private String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void aDirectoryArchiveComesBackWithModesMtimesSymlinksAndEmptyDirectories() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Cli.run("pack", tree.toString(), p("t.hxz")).expect(ExitCodes.OK);
        Cli.Result r = Cli.run("extract", p("t.hxz"), p("out")).expect(ExitCodes.OK);
        assertEquals("extracted 6 files, 4 directories, 2 symlinks (830.1 KiB) into " + p("out") + "\n", r.out());
        TestTrees.assertSameTree(tree, tmp.resolve("out"));
    }

    @Test
    void pathsLimitTheExtraction() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Cli.run("pack", tree.toString(), p("t.hxz")).expect(ExitCodes.OK);
        Cli.run("extract", p("t.hxz"), p("out"), "--path", "models/v1", "--path", "notes.txt").expect(ExitCodes.OK);
        try (Stream<Path> s = Files.walk(tmp.resolve("out"))) {
            List<String> got = s.map(x -> tmp.resolve("out").relativize(x).toString()).sorted().toList();
            assertEquals(List.of("", "models", "models/v1", "models/v1/copy.bin", "models/v1/weights.bin", "notes.txt"),
                    got);
        }
        Cli.Result missing = Cli.run("extract", p("t.hxz"), p("out2"), "--path", "nope").expect(ExitCodes.NOT_FOUND);
        assertEquals("hexz: " + p("t.hxz") + ": no entry 'nope' in the archive\n", missing.err());
        Cli.Result bad = Cli.run("extract", p("t.hxz"), p("out2"), "--path", "../etc").expect(ExitCodes.USAGE);
        assertTrue(bad.err().startsWith("hexz: --path: invalid archive path '../etc'"), bad.err());
    }

    @Test
    void aFileArchiveBecomesTheFileOrANamedFileInADirectory() throws IOException {
        byte[] data = TestTrees.random(150_000, 7);
        Files.write(tmp.resolve("weights.bin"), data);
        Files.setLastModifiedTime(tmp.resolve("weights.bin"), FileTime.fromMillis(1_650_000_000_000L));
        Cli.run("pack", p("weights.bin"), p("w.hxz")).expect(ExitCodes.OK);
        Path dir = Files.createDirectories(tmp.resolve("into"));
        Cli.Result r = Cli.run("extract", p("w.hxz"), dir.toString()).expect(ExitCodes.OK);
        assertEquals("extracted 146.5 KiB (150000 bytes) to " + dir.resolve("weights.bin") + "\n", r.out());
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("weights.bin")));
        assertEquals(1_650_000_000_000L, Files.getLastModifiedTime(dir.resolve("weights.bin")).toMillis());
        Cli.run("extract", p("w.hxz"), p("renamed.bin")).expect(ExitCodes.OK);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("renamed.bin")));
    }

    @Test
    void aStreamArchiveBecomesOneFile() throws IOException {
        byte[] data = TestTrees.random(123_456, 8);
        Cli.runWithStdin(data, "pack", "-", p("s.hxz")).expect(ExitCodes.OK);
        Cli.run("extract", p("s.hxz"), p("disk.img")).expect(ExitCodes.OK);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("disk.img")));
        Cli.Result dir = Cli.run("extract", p("s.hxz"), tmp.toString()).expect(ExitCodes.FAILURE);
        assertEquals("hexz: " + tmp + ": is a directory; this archive holds an unnamed byte stream, so give the path"
                + " of the file to write\n", dir.err());
    }

    @Test
    void existingFilesAreKeptUnlessForced() throws IOException {
        Files.write(tmp.resolve("f.bin"), new byte[] {1, 2, 3});
        Cli.run("pack", p("f.bin"), p("f.hxz")).expect(ExitCodes.OK);
        Files.writeString(tmp.resolve("target"), "old");
        Cli.Result r = Cli.run("extract", p("f.hxz"), p("target")).expect(ExitCodes.FAILURE);
        assertEquals("hexz: " + p("target") + ": already exists (use --force to replace existing files)\n", r.err());
        assertEquals("old", Files.readString(tmp.resolve("target")));
        Cli.run("extract", p("f.hxz"), p("target"), "--force").expect(ExitCodes.OK);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(tmp.resolve("target")));
    }

    @Test
    void aSymlinkPointingOutsideIsExtractedAsALinkOnly() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path archive = tmp.resolve("links.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(archive, WriterOptions.treeDefaults())) {
            w.addSymlink("up", "../..", 0, 0);
            w.addSymlink("abs", outside.toString(), 0, 0);
            w.addDirectory("d", 0755, 0, 0);
            w.addFile("d/x", new ByteArrayInputStream(new byte[] {1}), 0644, 0, 0);
            w.finish();
        }
        Cli.run("extract", archive.toString(), p("out")).expect(ExitCodes.OK);
        assertTrue(Files.isSymbolicLink(tmp.resolve("out/up")));
        assertTrue(Files.isSymbolicLink(tmp.resolve("out/abs")));
        assertEquals(0, Files.list(outside).count());
    }

    @Test
    void neverWritesThroughASymlinkAlreadyInTheDestination() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree/d"));
        Files.writeString(tree.resolve("payload"), "pwned");
        Cli.run("pack", tmp.resolve("tree").toString(), p("t.hxz")).expect(ExitCodes.OK);

        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Files.createSymbolicLink(dest.resolve("d"), outside);
        Cli.Result r = Cli.run("extract", p("t.hxz"), dest.toString(), "--force").expect(ExitCodes.FAILURE);
        assertEquals("hexz: " + dest.toRealPath().resolve("d") + ": is a symlink; refusing to use it as directory 'd'\n",
                r.err());
        assertFalse(Files.exists(outside.resolve("payload")));
        assertEquals(0, Files.list(outside).count());
    }

    @Test
    void theWrittenBytesOfAFileReplacedByForceNeverReachTheLinkTarget() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Files.writeString(tmp.resolve("f.bin"), "pwned");
        Cli.run("pack", p("f.bin"), p("f.hxz")).expect(ExitCodes.OK);
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Files.createSymbolicLink(dest.resolve("f.bin"), victim);
        Cli.run("extract", p("f.hxz"), dest.toString(), "--force").expect(ExitCodes.OK);
        assertEquals("precious", Files.readString(victim, StandardCharsets.UTF_8));
        assertFalse(Files.isSymbolicLink(dest.resolve("f.bin")));
        assertEquals("pwned", Files.readString(dest.resolve("f.bin")));
    }
}
