package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.fuse.ArchiveTree;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which blocks the mount warm-up reads: stored ones, since a block of zeros decodes nothing. */
class MountWarmupTest {

    @TempDir
    Path tmp;

    private ArchiveReader archive(byte[] data) throws Exception {
        Path p = tmp.resolve("a.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(p, WriterOptions.defaults().withChunking(ChunkingParams.fixed(64 << 10)))) {
            w.addBytes(data);
            w.finish();
        }
        return ArchiveReader.open(p);
    }

    @Test
    void readsTheFirstStoredBlocksPastLeadingZeros() throws Exception {
        byte[] data = new byte[3 << 20]; // a megabyte of zeros first, as in a disk image
        byte[] tail = new byte[2 << 20];
        new Random(3).nextBytes(tail);
        System.arraycopy(tail, 0, data, 1 << 20, tail.length);
        try (ArchiveReader r = archive(data)) {
            ArchiveTree.FileSpan file = ArchiveTree.of(r, "disk", 0, 0, 0).largestFile().orElseThrow();
            long[] at = MountWarmup.storedBlockOffsets(r, file, 4096);
            assertEquals(MountWarmup.SPREAD, at.length);
            for (int i = 0; i < at.length; i++) {
                assertEquals((1L << 20) + i * (64L << 10), at[i], "the stored blocks, in order, none of the zero ones");
            }
        }
    }

    @Test
    void offsetsAreAlignedForDirectReads() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(4).nextBytes(data);
        for (int i = 0; i < 70_000; i++) {
            data[i] = 0; // the first block is all zeros, the second starts with some
        }
        try (ArchiveReader r = archive(data)) {
            ArchiveTree.FileSpan file = ArchiveTree.of(r, "f", 0, 0, 0).largestFile().orElseThrow();
            long[] at = MountWarmup.storedBlockOffsets(r, file, 4096);
            assertEquals(64L << 10, at[0]);
            for (long a : at) {
                assertEquals(0, a % 4096, a + " is not aligned");
                assertTrue(a < data.length);
            }
        }
    }

    @Test
    void aFileOfZerosIsReadAtItsStart() throws Exception {
        try (ArchiveReader r = archive(new byte[1 << 20])) {
            ArchiveTree.FileSpan file = ArchiveTree.of(r, "zeros", 0, 0, 0).largestFile().orElseThrow();
            assertArrayEquals(new long[] {0}, MountWarmup.storedBlockOffsets(r, file, 4096));
        }
    }
}
