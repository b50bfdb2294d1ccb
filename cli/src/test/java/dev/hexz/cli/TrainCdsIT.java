package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.MountTable;
import dev.hexz.store.HexzHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hexz train-cds}: scripts/hexz runs it (with its failures ignored) to make the CDS archive
 * every command maps, so a training run that breaks would only show as slower commands. This runs
 * it for real — pack, inspect, verify, a workspace's status and commit through the classes hexz's
 * main uses, and a FUSE mount — and checks what each step leaves behind.
 */
class TrainCdsIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        MountTests.requireFuse();
        // train-cds keeps its workspace under DIR; this is for anything that would look further
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
    }

    @AfterEach
    void cleanUp() {
        MountTests.unmountAll(List.of(tmp.resolve("work/mnt"), tmp.resolve("work/ws")));
        System.clearProperty(HexzHome.PROPERTY);
    }

    @Test
    void exercisesEveryCommandItTrainsAndUnmountsWhatItMounted() throws Exception {
        Path work = tmp.resolve("work");
        Cli.run("train-cds", work.toString()).expect(ExitCodes.OK);

        Path sample = work.resolve("sample.hxz");
        Path committed = work.resolve("sample-1.hxz");
        assertTrue(Files.isRegularFile(sample), "the training pack wrote no archive");
        assertTrue(Files.isRegularFile(committed), "the training commit wrote no archive");
        try (ArchiveReader base = ArchiveReader.open(sample); ArchiveReader commit = ArchiveReader.open(committed)) {
            // the commit removed the workspace's only file: a thin archive on the sample, with no files
            assertEquals(base.header().archiveId(), commit.header().parent().id());
            assertEquals(1, base.manifest().fileCount());
            assertEquals(0, commit.manifest().fileCount(), "the committed tree still has the file");
        }
        assertTrue(MountTable.at(work.resolve("mnt")).isEmpty(), "the training mount is still mounted");
        // its pack and commit recorded their blocks in a store under DIR, never in the user's home
        assertTrue(Files.notExists(tmp.resolve("home")), "train-cds wrote into HEXZ_HOME");
        assertTrue(Files.isDirectory(work.resolve("home")), "train-cds made no scratch home");
        assertEquals(tmp.resolve("home").toString(), System.getProperty(HexzHome.PROPERTY), "the caller's home not restored");
        // its mount ran jnr-ffi through reflection, as every hexz JVM does (JnrLibraries), so the
        // archive holds the classes servers load, not ASM's
        java.lang.reflect.Field asm = Class.forName("jnr.ffi.provider.jffi.NativeLibraryLoader").getDeclaredField("ASM_ENABLED");
        asm.setAccessible(true);
        assertEquals(false, asm.getBoolean(null), "jnr-ffi generates ASM stubs in this JVM");
    }
}
