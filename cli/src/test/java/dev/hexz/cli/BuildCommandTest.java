package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"ml, LZ4, 131072", "eda, LZ4, 65536", "embedded, ZSTD, 32768", "generic, LZ4, 65536",
        "archival, ZSTD, 262144", "ARCHIVAL, ZSTD, 262144"})
    void eachProfileSetsCodecAndBlockSizeAndTheTreeComesBack(String profile, CodecId codec, int avg)
            throws IOException {
        Path tree = TestTrees.sample(tmp.resolve("tree"));
        Path out = tmp.resolve(profile + ".hxz");
        Cli.run("build", tree.toString(), out.toString(), "--profile", profile).expect(ExitCodes.OK);
        try (ArchiveReader r = ArchiveReader.open(out)) {
            assertTrue(r.header().isDirectory());
            assertEquals(codec, r.header().codec());
            assertEquals(ChunkingParams.fastCdcAround(avg), r.header().chunking());
        }
        Cli.run("extract", out.toString(), tmp.resolve("back").toString()).expect(ExitCodes.OK);
        TestTrees.assertSameTree(tree, tmp.resolve("back"));
    }

    @Test
    void genericIsTheDefault() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("t"));
        Files.write(tree.resolve("f"), new byte[5]);
        Cli.run("build", tree.toString(), tmp.resolve("g.hxz").toString()).expect(ExitCodes.OK);
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("g.hxz"))) {
            assertEquals(BuildProfile.GENERIC.writerOptions().chunking(), r.header().chunking());
            assertEquals(CodecId.LZ4, r.header().codec());
        }
    }

    @Test
    void mistakesAreExplained() throws IOException {
        Files.write(tmp.resolve("file"), new byte[5]);
        Cli.Result notDir = Cli.run("build", tmp.resolve("file").toString(), tmp.resolve("x.hxz").toString())
                .expect(ExitCodes.USAGE);
        assertTrue(notDir.err().startsWith("hexz: " + tmp.resolve("file") + ": not a directory (to archive one file,"
                + " use 'hexz pack')"), notDir.err());
        Cli.Result missing = Cli.run("build", tmp.resolve("nope").toString(), tmp.resolve("x.hxz").toString())
                .expect(ExitCodes.NOT_FOUND);
        assertEquals("hexz: " + tmp.resolve("nope") + ": no such file\n", missing.err());
        Cli.Result badProfile = Cli.run("build", tmp.toString(), tmp.resolve("x.hxz").toString(), "--profile", "fast")
                .expect(ExitCodes.USAGE);
        assertTrue(badProfile.err().contains("unknown profile 'fast' (expected one of ml, eda, embedded, generic,"
                + " archival)"), badProfile.err());
    }
}
