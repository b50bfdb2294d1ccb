package dev.hexz.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hexz.format.io.ByteArraySource;
import java.io.IOException;

/**
 * Fuzzes open-and-read with arbitrary bytes. The only acceptable outcomes are success or one of
 * the format's checked errors: any other exception, an OutOfMemoryError from an unchecked
 * length, or a hang is a bug. In a normal build Jazzer runs the regression inputs under
 * {@code ArchiveFuzzTestInputs/openAndRead/} (the golden archives and their corrupt twins and
 * every crash ever found); {@code JAZZER_FUZZ=1 mvn -pl format test -Dtest=ArchiveFuzzTest} fuzzes.
 */
class ArchiveFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void openAndRead(byte[] input) {
        try (ArchiveReader r = ArchiveReader.open(new ByteArraySource(input, "fuzz.hxz"),
                ReaderOptions.defaults().withCacheBytes(1 << 20).withReadAheadBlocks(0))) {
            r.manifest();
            r.metadataJson();
            byte[] buf = new byte[4096];
            long size = r.size();
            for (long off : new long[] {0, size / 3, size / 2, Math.max(0, size - 10)}) {
                try {
                    r.read(off, buf, 0, buf.length);
                } catch (CorruptArchiveException expected) {
                    // damaged block: reported, and reading elsewhere goes on
                }
            }
            new ArchiveVerifier(r, 1).verify(n -> { });
        } catch (CorruptArchiveException | UnsupportedFormatVersionException | ParentChainException expected) {
            // a clear, checked error is the right answer to a hostile archive
        } catch (IOException e) {
            throw new AssertionError("unexpected I/O error type for in-memory input: " + e, e);
        }
    }
}
