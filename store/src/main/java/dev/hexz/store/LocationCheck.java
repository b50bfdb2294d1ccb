package dev.hexz.store;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.BlockEntry;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Checks a location from the store against the archive it names before anyone uses it. The
 * store is an index, and an index can be stale: the file at the recorded path may since have been
 * replaced by another archive, rewritten, or truncated. A location is used only if the archive
 * open at that path is the one recorded (same archive id) and its entry still holds a locally
 * stored block with the same hash and length; the block's own CRC-32C is then checked by every
 * read, as always. Anything else is a stale entry: ignored, never trusted.
 */
public final class LocationCheck {

    private LocationCheck() {
    }

    /** The archive's index entry for {@code location}, if it still holds the block {@code hash}. */
    public static Optional<BlockEntry> entry(ArchiveReader reader, BlockLocation location, byte[] hash)
            throws IOException {
        BlockBatch.checkHash(hash);
        if (!reader.header().archiveId().equals(location.archive())) {
            return Optional.empty();
        }
        long n = location.entryNumber();
        if (n >= reader.blockCount()) {
            return Optional.empty();
        }
        BlockEntry e = reader.entry(n);
        boolean same = e.number() == n && !e.isZero() && e.source() == 0 && e.rawLength() == location.rawLength()
                && Arrays.equals(e.hash(), hash);
        return same ? Optional.of(e) : Optional.empty();
    }
}
