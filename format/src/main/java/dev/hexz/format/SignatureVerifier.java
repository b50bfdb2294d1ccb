package dev.hexz.format;

import dev.hexz.format.sign.VerifyingKey;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.SignatureV1;
import java.io.IOException;
import java.util.Arrays;

/**
 * Checks an archive's signature (format/SPEC.md, "Signature"): that the signature section is
 * sound and made by the key the header names, that it signs this archive's digest, and that the
 * index pages are the ones the signed header's index digest names. Together with a check of
 * every block's hash ({@link ArchiveVerifier}) this proves every byte of the archive is as
 * signed. Reads the header, the small sections and the index (of each ancestor too, when the
 * reader opened them); no block.
 */
public final class SignatureVerifier {

    /** A good signature: by {@code signer}, whose fingerprint the header records. */
    public record Result(SignatureSlot slot, VerifyingKey signer) {
    }

    private SignatureVerifier() {
    }

    /**
     * Checks the signature of {@code reader}'s archive; when {@code trusted} is given, it must
     * also be the key that signed.
     *
     * @throws SignatureException if the archive is unsigned, signed by another key than
     *     {@code trusted}, or its signature does not match its bytes
     * @throws CorruptArchiveException if the signature section itself is damaged
     */
    public static Result check(ArchiveReader reader, VerifyingKey trusted) throws IOException {
        ArchiveHeader h = reader.header();
        String name = reader.name();
        SignatureSlot slot = h.signature();
        if (slot == null) {
            throw new SignatureException(SignatureException.Kind.NOT_SIGNED, name, "is not signed");
        }
        long fileSize = reader.archiveFileSize();
        if (slot.offset() + slot.length() != fileSize) {
            throw new SignatureException(SignatureException.Kind.MISMATCH, name, (fileSize - slot.offset() - slot.length())
                    + " bytes follow the signature section: the archive was changed after signing");
        }
        byte[] section = reader.readOwnRange(slot.offset(), (int) slot.length(), "signature section");
        SignatureV1.Body body = SignatureV1.decode(section, slot.offset(), name);
        VerifyingKey signer;
        try {
            signer = VerifyingKey.of(body.publicKey());
        } catch (IllegalArgumentException e) {
            throw new CorruptArchiveException(name, slot.offset(), "the signature section's public key is not an"
                    + " Ed25519 key");
        }
        if (!Arrays.equals(signer.fingerprint(), slot.fingerprint())) {
            throw new SignatureException(SignatureException.Kind.MISMATCH, name, "the signature section holds key "
                    + signer.fingerprintText() + " but the header names " + slot.fingerprintText()
                    + ": the archive was changed after signing");
        }
        if (trusted != null && !trusted.equals(signer)) {
            throw new SignatureException(SignatureException.Kind.OTHER_KEY, name, "is signed by key "
                    + signer.fingerprintText() + ", not by the key given (" + trusted.fingerprintText() + ")");
        }
        byte[] header = reader.readOwnRange(0, HeaderV1.SIZE, "header");
        byte[] digest = ArchiveDigest.of(header, h, reader.source());
        if (!signer.verifies(ArchiveDigest.message(digest), body.signature())) {
            throw new SignatureException(SignatureException.Kind.MISMATCH, name, "the signature does not match the"
                    + " archive: its header or sections were changed after signing, or the signature was made for"
                    + " another archive");
        }
        if (!Arrays.equals(reader.recomputeIndexDigest(0), h.indexDigest())) {
            throw new SignatureException(SignatureException.Kind.MISMATCH, name, "the index pages do not match the"
                    + " index digest the signature covers: the index was changed after signing");
        }
        if (reader.ancestorsOpened()) {
            // a thin archive's entries may sit in pages its ancestors store: their index digests are
            // in the signed ancestors section, so their pages must match them too
            for (AncestorRef a : reader.ancestors()) {
                if (!Arrays.equals(reader.recomputeIndexDigest(a.depth()), a.indexDigest())) {
                    throw new SignatureException(SignatureException.Kind.MISMATCH, name, "the index pages of ancestor "
                            + a.depth() + " (" + reader.ancestorPath(a.depth()) + ") do not match the index digest"
                            + " the signature covers: that ancestor was changed");
                }
            }
        }
        return new Result(slot, signer);
    }
}
