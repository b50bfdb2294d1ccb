package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.sign.SigningKey;
import dev.hexz.format.v1.HeaderV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed golden archive (the golden directory archive signed with a fixed test key) pins the
 * signature section, the header's slot and the archive digest of format/SPEC.md, "Signature";
 * its corrupt twins pin the errors. Regenerated with the other golden files
 * ({@code -Dhexz.golden.write=true}).
 */
class SignedGoldenTest {

    /** The test key: seed 32 × 0x01. Its public half is committed beside the archive, for the CLI. */
    static final SigningKey KEY = SignatureTest.KEY;
    static final Path SIGNED = GoldenArchives.DIR.resolve("signed-directory.hxz");
    static final Path METADATA_CHANGED = CorruptTwins.DIR.resolve("signed-metadata-changed.hxz");
    static final Path SIGNATURE_CUT = CorruptTwins.DIR.resolve("signed-signature-truncated.hxz");

    @TempDir
    Path tmp;

    private Path signedNow() throws IOException {
        Path p = tmp.resolve("signed.hxz");
        Files.write(p, GoldenArchives.read("directory"));
        ArchiveSigner.sign(p, KEY);
        return p;
    }

    /** The directory golden signed, then a metadata byte changed and the section's checksum re-sealed. */
    private byte[] metadataChanged(byte[] signed) throws IOException {
        byte[] b = signed.clone();
        ArchiveHeader h;
        try (ArchiveReader r = ArchiveReader.open(new dev.hexz.format.io.ByteArraySource(b), ReaderOptions.defaults())) {
            h = r.header();
        }
        // the metadata section is zstd-compressed: append a replacement and point the header at it
        byte[] section = dev.hexz.format.v1.SectionV1.encode(dev.hexz.format.v1.SectionV1.METADATA_MAGIC,
                "{\"message\":\"golden tree\",\"epoch\":2}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long sigAt = h.signature().offset();
        byte[] sig = Arrays.copyOfRange(b, (int) sigAt, b.length);
        byte[] out = Arrays.copyOf(b, b.length + section.length);
        System.arraycopy(section, 0, out, (int) sigAt, section.length);
        System.arraycopy(sig, 0, out, (int) sigAt + section.length, sig.length);
        SignatureTest.le(out).putLong(128, sigAt);
        SignatureTest.le(out).putLong(136, section.length);
        SignatureTest.le(out).putLong(HeaderV1.SIGNATURE_SLOT, sigAt + section.length);
        SignatureTest.resealHeader(out);
        return out;
    }

    @Test
    void signingTheGoldenDirectoryArchiveGivesTheCommittedBytes() throws IOException {
        byte[] now = Files.readAllBytes(signedNow());
        if (Boolean.getBoolean("hexz.golden.write")) {
            Files.write(SIGNED, now);
            Files.writeString(GoldenArchives.DIR.resolve("signed-directory.pub"),
                    dev.hexz.format.sign.KeyText.publicKey(KEY.publicKey()));
            Files.write(METADATA_CHANGED, metadataChanged(now));
            Files.write(SIGNATURE_CUT, Arrays.copyOf(now, now.length - 50));
        }
        assertArrayEquals(Files.readAllBytes(SIGNED), now);
        assertArrayEquals(Files.readAllBytes(METADATA_CHANGED), metadataChanged(now));
        assertArrayEquals(Files.readAllBytes(SIGNATURE_CUT), Arrays.copyOf(now, now.length - 50));
    }

    @Test
    void theCommittedSignedArchiveVerifiesUnderTheTestKey() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(SIGNED)) {
            assertEquals(KEY.publicKey(), SignatureVerifier.check(r, KEY.publicKey()).signer());
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
            assertEquals(GoldenArchives.read("directory").length, r.header().signature().offset());
        }
        assertEquals(KEY.publicKey(), dev.hexz.format.sign.KeyText.parsePublic(
                Files.readString(GoldenArchives.DIR.resolve("signed-directory.pub")), "pub"));
    }

    @Test
    void theTwinWithChangedMetadataOpensButFailsItsSignature() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(METADATA_CHANGED)) {
            assertEquals("{\"message\":\"golden tree\",\"epoch\":2}", r.metadataJson().orElseThrow());
            SignatureException e = assertThrows(SignatureException.class, () -> SignatureVerifier.check(r, KEY.publicKey()));
            assertEquals(SignatureException.Kind.MISMATCH, e.kind());
        }
    }

    @Test
    void theTwinCutInsideItsSignatureIsACorruptHeader() {
        CorruptHeaderException e = assertThrows(CorruptHeaderException.class, () -> ArchiveReader.open(SIGNATURE_CUT));
        assertTrue(e.getMessage().contains("signature section"), e.getMessage());
        assertEquals(HeaderV1.SIGNATURE_SLOT, e.offset());
    }

    @Test
    void bytesAfterTheLastPartAreIgnoredAsAnInterruptedSigningLeavesThem() throws IOException {
        Path p = tmp.resolve("tail.hxz");
        byte[] golden = GoldenArchives.read("directory");
        Files.write(p, Arrays.copyOf(golden, golden.length + 132));
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertTrue(new ArchiveVerifier(r, 1).verify(n -> { }).ok());
        }
        ArchiveSigner.sign(p, KEY); // over the stray bytes: the signature follows the last part
        assertEquals(golden.length + 132L, Files.size(p));
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertEquals(golden.length, r.header().signature().offset());
            assertEquals(KEY.publicKey(), SignatureVerifier.check(r, KEY.publicKey()).signer());
        }
        // bytes appended after the signature fail the check
        Files.write(p, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            SignatureException e = assertThrows(SignatureException.class, () -> SignatureVerifier.check(r, KEY.publicKey()));
            assertTrue(e.getMessage().contains("3 bytes follow the signature"), e.getMessage());
        }
        // a signature slot pointing into the archive's parts is a corrupt header, and sign refuses it
        byte[] b = Files.readAllBytes(p);
        SignatureTest.le(b).putLong(HeaderV1.SIGNATURE_SLOT, HeaderV1.SIZE);
        SignatureTest.resealHeader(b);
        Files.write(p, b);
        long before = Files.size(p);
        assertThrows(CorruptHeaderException.class, () -> ArchiveReader.open(p));
        assertThrows(CorruptHeaderException.class, () -> ArchiveSigner.sign(p, KEY));
        assertEquals(before, Files.size(p), "nothing written");
    }
}
