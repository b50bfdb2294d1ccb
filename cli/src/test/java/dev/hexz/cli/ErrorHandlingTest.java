package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is one line on stderr and a documented exit code; a stack trace only with --verbose. */
class ErrorHandlingTest {

    private static final String[] READERS = {"inspect", "verify", "cat", "extract"};

    @TempDir
    Path tmp;

    private static String[] readerArgs(String command, Path archive, Path tmp) {
        return command.equals("extract") ? new String[] {command, archive.toString(), tmp.resolve("x").toString()}
                : new String[] {command, archive.toString()};
    }

    private void expectOneLine(Cli.Result r, int code, String line) {
        r.expect(code);
        assertEquals("hexz: " + line + "\n", r.err());
    }

    private Path goodArchive() throws IOException {
        Files.write(tmp.resolve("in.bin"), TestTrees.random(300_000, 1));
        Path a = tmp.resolve("good.hxz");
        Cli.run("pack", tmp.resolve("in.bin").toString(), a.toString()).expect(ExitCodes.OK);
        return a;
    }

    @Test
    void aMissingInputOrArchiveIsNotFound() {
        Path nope = tmp.resolve("nope.hxz");
        for (String c : READERS) {
            expectOneLine(Cli.run(readerArgs(c, nope, tmp)), ExitCodes.NOT_FOUND, nope + ": no such file");
        }
        expectOneLine(Cli.run("pack", tmp.resolve("nope.bin").toString(), tmp.resolve("o.hxz").toString()),
                ExitCodes.NOT_FOUND, tmp.resolve("nope.bin") + ": no such file");
    }

    @Test
    void anOutputInAMissingDirectoryIsNotFound() throws IOException {
        Files.write(tmp.resolve("in"), new byte[10]);
        expectOneLine(Cli.run("pack", tmp.resolve("in").toString(), tmp.resolve("no/such/o.hxz").toString()),
                ExitCodes.NOT_FOUND, tmp.resolve("no/such") + ": output directory does not exist");
    }

    @Test
    void aDirectoryIsNotAnArchive() {
        for (String c : READERS) {
            expectOneLine(Cli.run(readerArgs(c, tmp, tmp)), ExitCodes.CORRUPT, tmp + ": is a directory, not a hexz archive");
        }
    }

    @Test
    void anEmptyFileOrAnotherFileIsNotAnArchive() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.hxz"));
        Path text = Files.writeString(tmp.resolve("text.hxz"), "hello, this is not an archive\n".repeat(200));
        for (String c : READERS) {
            expectOneLine(Cli.run(readerArgs(c, empty, tmp)), ExitCodes.CORRUPT,
                    empty + ": empty file, not a hexz archive (at offset 0)");
            expectOneLine(Cli.run(readerArgs(c, text, tmp)), ExitCodes.CORRUPT,
                    text + ": not a hexz archive (bad magic bytes) (at offset 0)");
        }
    }

    @Test
    void aTruncatedArchiveIsCorrupt() throws IOException {
        Path good = goodArchive();
        byte[] all = Files.readAllBytes(good);
        Path shortHeader = Files.write(tmp.resolve("short.hxz"), Arrays.copyOf(all, 100));
        Path cut = Files.write(tmp.resolve("cut.hxz"), Arrays.copyOf(all, all.length - 500));
        for (String c : READERS) {
            expectOneLine(Cli.run(readerArgs(c, shortHeader, tmp)), ExitCodes.CORRUPT,
                    shortHeader + ": header truncated: file is 100 bytes, a header is 4096 (at offset 100)");
            Cli.Result r = Cli.run(readerArgs(c, cut, tmp)).expect(ExitCodes.CORRUPT);
            assertTrue(r.err().startsWith("hexz: " + cut + ": "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void aDamagedHeaderIsCorrupt() throws IOException {
        Path good = goodArchive();
        try (FileChannel ch = FileChannel.open(good, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), 200);
        }
        Cli.Result r = Cli.run("inspect", good.toString()).expect(ExitCodes.CORRUPT);
        assertTrue(r.err().startsWith("hexz: " + good + ": header checksum mismatch"), r.err());
    }

    @Test
    void aNewerFormatVersionIsUnsupported() throws IOException {
        Path good = goodArchive();
        try (FileChannel ch = FileChannel.open(good, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 2), 8);
        }
        for (String c : READERS) {
            Cli.Result r = Cli.run(readerArgs(c, good, tmp)).expect(ExitCodes.UNSUPPORTED_VERSION);
            assertTrue(r.err().startsWith("hexz: " + good + ": format version 2.0 is not supported"), r.err());
        }
    }

    @Test
    void usageErrorsPrintTheProblemAndAHint() {
        Cli.Result unknownOption = Cli.run("inspect", "--frobnicate", "x.hxz").expect(ExitCodes.USAGE);
        assertEquals("hexz: Unknown option: '--frobnicate'\nTry 'hexz inspect --help' for more information.\n",
                unknownOption.err());
        Cli.Result missing = Cli.run("pack").expect(ExitCodes.USAGE);
        assertEquals("hexz: Missing required parameters: 'INPUT', 'OUTPUT.hxz'\n"
                + "Try 'hexz pack --help' for more information.\n", missing.err());
        Cli.Result unknownCommand = Cli.run("pakc", "a", "b").expect(ExitCodes.USAGE);
        assertTrue(unknownCommand.err().startsWith("hexz: unknown command 'pakc'\n"), unknownCommand.err());
        assertTrue(unknownCommand.err().contains("hexz pack"), unknownCommand.err());
        assertTrue(unknownCommand.err().endsWith("Try 'hexz --help' for more information.\n"), unknownCommand.err());
        Cli.Result badSize = Cli.run("cat", "x.hxz", "--offset", "-5").expect(ExitCodes.USAGE);
        assertTrue(badSize.err().contains("'-5' is not a size"), badSize.err());
        Cli.Result tooMany = Cli.run("verify", "a.hxz", "b.hxz").expect(ExitCodes.USAGE);
        assertTrue(tooMany.err().startsWith("hexz: Unmatched argument at index 2: 'b.hxz'"), tooMany.err());
    }

    @Test
    void noCommandPrintsUsageAndFails() {
        Cli.Result r = Cli.run().expect(ExitCodes.USAGE);
        assertTrue(r.err().startsWith("Usage: hexz"), r.err());
    }

    @Test
    void helpAndVersionSucceed() throws IllegalAccessException {
        Cli.Result help = Cli.run("--help").expect(ExitCodes.OK);
        assertTrue(help.out().contains("Exit codes:"), help.out());
        for (java.lang.reflect.Field f : ExitCodes.class.getDeclaredFields()) {
            if (f.getType() == int.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                int code = f.getInt(null);
                assertTrue(help.out().contains(String.format("%3d  ", code)), "exit code " + code + " (" + f.getName()
                        + ") is not in --help's list");
            }
        }
        for (String c : new String[] {"pack", "build", "extract", "cat", "inspect", "verify"}) {
            assertTrue(help.out().contains("  " + c + " "), help.out());
            Cli.Result h = Cli.run(c, "--help").expect(ExitCodes.OK);
            assertTrue(h.out().startsWith("Usage: hexz " + c), h.out());
        }
        assertEquals(Cli.run("pack", "--help").out(), Cli.run("help", "pack").expect(0).out());
        Cli.Result v = Cli.run("--version").expect(ExitCodes.OK);
        assertTrue(v.out().matches("hexz \\S+ \\(archive format 1\\.0\\)\n"), v.out());
        assertFalse(v.out().contains("unknown"), v.out());
    }

    @Test
    void verbosePrintsTheStackTraceToo() {
        Path nope = tmp.resolve("nope.hxz");
        Cli.Result quiet = Cli.run("inspect", nope.toString()).expect(ExitCodes.NOT_FOUND);
        assertFalse(quiet.err().contains("\tat "), quiet.err());
        for (String[] args : new String[][] {{"--verbose", "inspect", nope.toString()}, {"inspect", "-v", nope.toString()}}) {
            Cli.Result verbose = Cli.run(args).expect(ExitCodes.NOT_FOUND);
            assertTrue(verbose.err().startsWith("hexz: " + nope + ": no such file\n"), verbose.err());
            assertTrue(verbose.err().contains("\tat dev.hexz.cli."), verbose.err());
        }
    }

    /**
     * A workspace journal damaged in the middle (valid records after the damage) is refused with
     * one line naming the journal and the offset, and exit 12; the journal is left as it was.
     */
    @Test
    void aCorruptWorkspaceJournalIsOneLineAndExit12() throws IOException {
        System.setProperty(dev.hexz.store.HexzHome.PROPERTY, tmp.resolve("home").toString());
        try {
            Path src = Files.createDirectories(tmp.resolve("src"));
            Files.writeString(src.resolve("a.txt"), "a");
            Path archive = tmp.resolve("data.hxz");
            Cli.run("pack", src.toString(), archive.toString()).expect(ExitCodes.OK);
            var layout = dev.hexz.workspace.WorkspaceLayout.fromEnvironment();
            Path mnt = tmp.resolve("ws");
            String id = new dev.hexz.workspace.Workspaces(layout).create(archive, mnt, "ws").id();
            try (var w = dev.hexz.workspace.Workspace.open(layout, id, "test", 1000, 1000)) {
                for (String d : new String[] {"/x", "/y", "/z"}) {
                    w.overlay().makeDirectory(d, 0755, new dev.hexz.fuse.Caller(1000, 1000, 1));
                }
            }
            Path journal = layout.upper(id, 0).resolve("journal");
            byte[] damaged = Files.readAllBytes(journal);
            damaged[9] ^= 1; // the first record's body: its checksum fails, two whole records follow
            Files.write(journal, damaged);

            Cli.Result r = Cli.run("status", mnt.toString());
            r.expect(ExitCodes.WORKSPACE);
            assertTrue(r.err().startsWith("hexz: " + journal + ": journal record at byte 0 is damaged"), r.err());
            assertTrue(r.err().contains("hexz workspace remove --force " + mnt.toRealPath()), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(Arrays.equals(damaged, Files.readAllBytes(journal)), "the journal is left as it was");
        } finally {
            System.clearProperty(dev.hexz.store.HexzHome.PROPERTY);
        }
    }

    @Test
    void exitCodesOfExceptions() {
        assertEquals(ExitCodes.NOT_FOUND, HexzMain.exitCodeOf(new java.nio.file.NoSuchFileException("x")));
        assertEquals(ExitCodes.CORRUPT, HexzMain.exitCodeOf(new dev.hexz.format.CorruptIndexException("a", 1, "p")));
        assertEquals(ExitCodes.UNSUPPORTED_VERSION,
                HexzMain.exitCodeOf(new dev.hexz.format.UnsupportedFormatVersionException("a", "p")));
        assertEquals(ExitCodes.FAILURE, HexzMain.exitCodeOf(new IOException("disk full")));
        assertEquals("x: permission denied", HexzMain.messageOf(new java.nio.file.AccessDeniedException("x")));
        assertEquals("IllegalStateException", HexzMain.messageOf(new IllegalStateException()));
    }
}
