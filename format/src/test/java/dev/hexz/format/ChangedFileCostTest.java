package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.manifest.ManifestEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit's cost follows the change, not the file: a 4 KiB write into a 64 MiB file of random
 * bytes (so that no block dedups by chance) stores a few blocks, shares the parent's untouched
 * index pages, and reads only a few chunks' worth of the new file.
 */
class ChangedFileCostTest {

    @TempDir
    Path tmp;

    @Test
    void aFourKibChangeInA64MibFileCostsAFewBlocksAndReadsOnlyAroundTheChange() throws IOException {
        WriterOptions o = WriterOptions.defaults().withPageCapacity(64);
        byte[] v1 = new byte[64 << 20];
        new Random(42).nextBytes(v1);
        Path a = tmp.resolve("v1.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(a, o)) {
            w.addSingleFile("disk.img", new ByteArrayInputStream(v1), 0644, 1, 0);
            w.finish();
        }
        byte[] patch = new byte[4096];
        new Random(43).nextBytes(patch);
        EditedContent c = EditedContent.of(v1).write(40_000_000, patch);
        v1 = null; // c holds the new bytes; keep the heap small
        ArchiveSummary s;
        try (ArchiveReader p = ArchiveReader.open(a);
                ArchiveWriter w = ArchiveWriter.createThin(tmp.resolve("v2.hxz"), o, p)) {
            ManifestEntry parentFile = p.manifest().entries().get(0);
            s = w.addChangedSingleFile("disk.img", 0644, 2, 0, parentFile, c).finish();
        }
        assertTrue(s.bytesStored() < 1 << 20, "stored " + s.bytesStored() + " bytes: " + s);
        assertTrue(s.uniqueBlocks() <= 4, s.toString());
        assertTrue(s.referencedBlocks() >= s.blocks() - 4, s.toString());
        assertTrue(c.bytesRead() < 1 << 20, "read " + c.bytesRead() + " bytes of the new file in " + c.reads()
                + " reads");
        long fullIndex = 64L * s.blocks();
        assertTrue(s.archiveBytes() - s.bytesStored() < fullIndex / 2, "index and the rest cost "
                + (s.archiveBytes() - s.bytesStored()) + " bytes; a whole index is " + fullIndex);
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("v2.hxz"))) {
            long shared = r.pageDescriptors().stream().filter(d -> d.source() == 1).count();
            assertTrue(shared >= r.pageCount() - 2, "shared pages " + shared + " of " + r.pageCount());
            byte[] back = new byte[(int) r.size()];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(c.bytes(), back);
            assertEquals(c.size(), r.manifest().entries().get(0).size());
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
            assertTrue(report.ok(), report.problems().toString());
        }
    }
}
