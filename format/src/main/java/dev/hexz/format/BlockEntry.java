package dev.hexz.format;

import dev.hexz.format.codec.CodecId;
import java.util.HexFormat;

/**
 * One block of an archive's logical stream, as its index page records it: where it sits in the
 * logical stream, where its stored bytes are, their checksum and codec, and the BLAKE3-256 of its
 * raw bytes. A zero block has no stored bytes.
 */
public record BlockEntry(
        long number,
        long logicalOffset,
        int rawLength,
        long storedOffset,
        int storedLength,
        int crc32c,
        CodecId codec,
        int flags,
        int source,
        byte[] hash) {

    /** Flag: all raw bytes are zero; nothing is stored. */
    public static final int FLAG_ZERO = 1;
    /** Flag: the stored bytes are shared with an earlier entry of this archive (dedup). */
    public static final int FLAG_DUPLICATE = 1 << 1;

    public boolean isZero() {
        return (flags & FLAG_ZERO) != 0;
    }

    public boolean isDuplicate() {
        return (flags & FLAG_DUPLICATE) != 0;
    }

    public long logicalEnd() {
        return logicalOffset + rawLength;
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }
}
