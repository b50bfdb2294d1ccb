package dev.hexz.format;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** The random 128-bit identity of one archive, written once by its writer and never reused. */
public final class ArchiveId {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] bytes;

    private ArchiveId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ArchiveId random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return new ArchiveId(b);
    }

    public static ArchiveId of(byte[] sixteenBytes) {
        if (sixteenBytes.length != 16) {
            throw new IllegalArgumentException("an archive id is 16 bytes, got " + sixteenBytes.length);
        }
        return new ArchiveId(sixteenBytes.clone());
    }

    /** Parses 32 hex digits. */
    public static ArchiveId parse(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchiveId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
