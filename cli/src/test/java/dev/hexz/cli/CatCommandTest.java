package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatCommandTest {

    @TempDir
    Path tmp;

    private String p(String name) {
        return tmp.resolve(name).toString();
    }

    @Test
    void wholeStreamAndRanges() {
        byte[] data = TestTrees.random(2_500_000, 9);
        Cli.runWithStdin(data, "pack", "-", p("s.hxz"), "--block-size", "16K").expect(ExitCodes.OK);
        assertArrayEquals(data, Cli.run("cat", p("s.hxz")).expect(ExitCodes.OK).stdoutBytes());
        assertArrayEquals(Arrays.copyOfRange(data, 1_000_003, 1_000_003 + 77_777),
                Cli.run("cat", p("s.hxz"), "--offset", "1000003", "--length", "77777").expect(0).stdoutBytes());
        assertArrayEquals(Arrays.copyOfRange(data, 1 << 20, (1 << 20) + 4096),
                Cli.run("cat", p("s.hxz"), "-o", "1M", "-n", "4K").expect(0).stdoutBytes());
        assertArrayEquals(Arrays.copyOfRange(data, 2_400_000, data.length),
                Cli.run("cat", p("s.hxz"), "--offset", "2400000", "--length", "1G").expect(0).stdoutBytes());
        assertEquals(0, Cli.run("cat", p("s.hxz"), "--offset", "2500000").expect(0).stdoutBytes().length);
        Cli.Result past = Cli.run("cat", p("s.hxz"), "--offset", "2500001").expect(ExitCodes.FAILURE);
        assertEquals("hexz: --offset 2500001 is past the end of " + p("s.hxz") + " (2500000 bytes)\n", past.err());
    }

    @Test
    void oneFileOfADirectoryArchive() throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Cli.run("pack", tree.toString(), p("t.hxz")).expect(ExitCodes.OK);
        byte[] notes = Files.readAllBytes(tree.resolve("notes.txt"));
        assertArrayEquals(notes, Cli.run("cat", p("t.hxz"), "notes.txt").expect(0).stdoutBytes());
        assertArrayEquals(Arrays.copyOfRange(notes, 100, 150),
                Cli.run("cat", p("t.hxz"), "notes.txt", "--offset", "100", "--length", "50").expect(0).stdoutBytes());
        assertArrayEquals(new byte[0], Cli.run("cat", p("t.hxz"), "empty.dat").expect(0).stdoutBytes());

        assertEquals("hexz: " + p("t.hxz") + ": no entry 'nope.txt' in the archive\n",
                Cli.run("cat", p("t.hxz"), "nope.txt").expect(ExitCodes.NOT_FOUND).err());
        assertEquals("hexz: " + p("t.hxz") + ": 'models' is a directory\n",
                Cli.run("cat", p("t.hxz"), "models").expect(ExitCodes.FAILURE).err());
        assertEquals("hexz: " + p("t.hxz") + ": 'latest' is a symlink to 'models/v1/weights.bin'\n",
                Cli.run("cat", p("t.hxz"), "latest").expect(ExitCodes.FAILURE).err());
    }

    @Test
    void theFileOfAFileArchive() throws IOException {
        byte[] data = TestTrees.random(70_000, 10);
        Files.write(tmp.resolve("w.bin"), data);
        Cli.run("pack", p("w.bin"), p("w.hxz")).expect(ExitCodes.OK);
        assertArrayEquals(data, Cli.run("cat", p("w.hxz"), "w.bin").expect(0).stdoutBytes());
        assertArrayEquals(data, Cli.run("cat", p("w.hxz")).expect(0).stdoutBytes());
    }
}
