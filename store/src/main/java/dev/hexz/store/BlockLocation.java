package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.util.Objects;

/**
 * Where one block's bytes are stored: entry {@code entryNumber} of archive {@code archive}'s index
 * holds them. The store keeps no offsets or codecs: the archive's own index entry (checksum, codec,
 * stored offset and length) is the truth, so a location can never disagree with the bytes it
 * points at; a reader checks that the entry still has the block's hash before it uses it
 * ({@link LocationCheck}).
 *
 * @param archive the archive whose data region holds the block
 * @param entryNumber the block's entry number in that archive's index (0-based, across pages)
 * @param rawLength the block's uncompressed length
 */
public record BlockLocation(ArchiveId archive, long entryNumber, int rawLength) {

    public BlockLocation {
        Objects.requireNonNull(archive, "archive");
        if (entryNumber < 0) {
            throw new IllegalArgumentException("entry number must not be negative, got " + entryNumber);
        }
        if (rawLength <= 0) {
            throw new IllegalArgumentException("raw length must be positive, got " + rawLength);
        }
    }
}
