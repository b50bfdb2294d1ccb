package dev.hexz.format;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The header's signature slot (format/SPEC.md, "Signature"): where the signature section is,
 * which algorithm made it, and the fingerprint of the public key it verifies under. The slot is
 * part of what the signature covers, so the key an archive claims cannot be swapped unnoticed.
 *
 * @param offset where the signature section starts in the file
 * @param length the section's length in bytes
 * @param algorithm {@link #ED25519}, the only algorithm defined
 * @param fingerprint BLAKE3-256 of the signer's 32-byte public key
 */
public record SignatureSlot(long offset, long length, int algorithm, byte[] fingerprint) {

    /** Algorithm id of Ed25519 (RFC 8032, pure, no context). */
    public static final int ED25519 = 1;

    public SignatureSlot {
        if (fingerprint.length != 32) {
            throw new IllegalArgumentException("a key fingerprint is 32 bytes, got " + fingerprint.length);
        }
        fingerprint = fingerprint.clone();
    }

    @Override
    public byte[] fingerprint() {
        return fingerprint.clone();
    }

    /** The fingerprint as people compare it: the first 16 bytes in hex, in groups of four digits. */
    public String fingerprintText() {
        return fingerprintText(fingerprint);
    }

    /** {@code ed25519:} and the first 16 bytes of {@code fingerprint} in hex, grouped by four digits. */
    public static String fingerprintText(byte[] fingerprint) {
        String hex = HexFormat.of().formatHex(fingerprint, 0, 16);
        StringBuilder s = new StringBuilder("ed25519:");
        for (int i = 0; i < hex.length(); i += 4) {
            s.append(i == 0 ? "" : ":").append(hex, i, i + 4);
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureSlot s && offset == s.offset && length == s.length && algorithm == s.algorithm
                && Arrays.equals(fingerprint, s.fingerprint);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(offset) * 31 + Arrays.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return "SignatureSlot[offset=" + offset + ", length=" + length + ", algorithm=" + algorithm + ", key="
                + fingerprintText() + "]";
    }
}
