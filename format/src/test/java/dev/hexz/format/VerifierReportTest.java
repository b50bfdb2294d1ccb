package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifierReportTest {

    @TempDir
    Path tmp;

    @Test
    void aDamagedBlockIsReportedOnceWithItsPlaceAndFileAndABareMessage() throws IOException {
        Path out = tmp.resolve("t.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(out, WriterOptions.treeDefaults())) {
            w.addFile("a.bin", new ByteArrayInputStream(TestData.semiCompressible(100_000, 1)), 0644, 0, 0);
            w.addFile("b.bin", new ByteArrayInputStream(TestData.semiCompressible(100_000, 2)), 0644, 0, 0);
            w.finish();
        }
        BlockEntry first;
        try (ArchiveReader r = ArchiveReader.open(out)) {
            first = r.pageEntries(0)[0];
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, first.storedOffset() + 10);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, first.storedOffset() + 10);
        }
        try (ArchiveReader r = ArchiveReader.open(out)) {
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
            assertFalse(report.ok());
            assertEquals(1, report.problems().size());
            ArchiveVerifier.Problem p = report.problems().get(0);
            assertEquals(first.number(), p.blockNumber());
            assertEquals(first.logicalOffset(), p.logicalOffset());
            assertEquals(first.storedOffset(), p.storedOffset());
            assertEquals(List.of("a.bin"), p.files());
            assertTrue(p.message().startsWith("checksum mismatch: index says "), p.message());
            assertFalse(p.message().contains(out.toString()), p.message());
        }
    }
}
