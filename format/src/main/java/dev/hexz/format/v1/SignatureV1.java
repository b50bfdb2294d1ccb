package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.u32;

import dev.hexz.format.CorruptArchiveException;
import dev.hexz.format.SignatureSlot;
import java.util.Arrays;

/**
 * The signature section (format/SPEC.md, "Signature"): a codec-0 section with magic "HXSG"
 * whose 100-byte body is the algorithm, the signer's public key and the signature.
 */
public final class SignatureV1 {

    public static final byte[] MAGIC = {'H', 'X', 'S', 'G'};
    static final int BODY_LENGTH = 4 + 32 + 64;
    /** The whole section: the 32-byte section header and the body. */
    public static final long SECTION_LENGTH = SectionV1.HEADER + BODY_LENGTH;
    /**
     * What Ed25519 signs: this text, then the 32-byte archive digest. The text keeps a hexz
     * signature from being valid as anything else signed with the same key.
     */
    public static final byte[] CONTEXT = "hexz archive signature v1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The section's decoded body. */
    public record Body(int algorithm, byte[] publicKey, byte[] signature) {
    }

    private SignatureV1() {
    }

    public static byte[] encode(byte[] publicKey, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            throw new IllegalArgumentException("Ed25519: 32-byte key and 64-byte signature, got " + publicKey.length
                    + " and " + signature.length);
        }
        byte[] body = new byte[BODY_LENGTH];
        put32(body, 0, SignatureSlot.ED25519);
        System.arraycopy(publicKey, 0, body, 4, 32);
        System.arraycopy(signature, 0, body, 36, 64);
        return SectionV1.encodeRaw(MAGIC, body);
    }

    /** Checks the section read at {@code at} (its frame, checksum and algorithm) and returns its body. */
    public static Body decode(byte[] section, long at, String name) throws CorruptArchiveException {
        byte[] body = SectionV1.decode(section, MAGIC, at, "signature section", name);
        if (body.length != BODY_LENGTH) {
            throw new CorruptArchiveException(name, at + 8, "signature section holds " + body.length
                    + " bytes, expected " + BODY_LENGTH);
        }
        long algorithm = u32(body, 0);
        if (algorithm != SignatureSlot.ED25519) {
            throw new CorruptArchiveException(name, at + SectionV1.HEADER, "signature section names algorithm "
                    + algorithm + ", the header says Ed25519");
        }
        return new Body((int) algorithm, Arrays.copyOfRange(body, 4, 36), Arrays.copyOfRange(body, 36, 100));
    }
}
