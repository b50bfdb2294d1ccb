package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.sign.SigningKey;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.SignatureV1;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing an archive in place and checking the signature (format/SPEC.md, "Signature"). */
class SignatureTest {

    static final SigningKey KEY = SigningKey.ofSeed(seed(1));
    static final SigningKey OTHER = SigningKey.ofSeed(seed(2));

    @TempDir
    Path tmp;

    static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    private Path copyOfGolden(String name) throws IOException {
        Path p = tmp.resolve(name + ".hxz");
        Files.write(p, GoldenArchives.read(name));
        return p;
    }

    private static SignatureVerifier.Result check(Path p, SigningKey trusted) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(p)) {
            return SignatureVerifier.check(r, trusted == null ? null : trusted.publicKey());
        }
    }

    private static SignatureException.Kind failure(Path p, SigningKey trusted) {
        return assertThrows(SignatureException.class, () -> check(p, trusted)).kind();
    }

    @Test
    void aSignedArchiveVerifiesUnderItsKeyAndReadsAsBefore() throws IOException {
        Path p = copyOfGolden("directory");
        byte[] before = Files.readAllBytes(p);
        SignatureSlot slot = ArchiveSigner.sign(p, KEY);
        byte[] after = Files.readAllBytes(p);

        assertEquals(before.length + SignatureV1.SECTION_LENGTH, after.length, "one section appended");
        assertEquals(before.length, slot.offset());
        assertArrayEquals(Arrays.copyOfRange(before, HeaderV1.SIZE, before.length),
                Arrays.copyOfRange(after, HeaderV1.SIZE, before.length), "nothing after the header changed");
        SignatureVerifier.Result r = check(p, KEY);
        assertEquals(KEY.publicKey(), r.signer());
        assertArrayEquals(KEY.publicKey().fingerprint(), r.slot().fingerprint());
        try (ArchiveReader a = ArchiveReader.open(p)) {
            assertTrue(a.header().isSigned());
            assertEquals(slot, a.header().signature());
            assertArrayEquals("hexz golden tree\n".getBytes(), a.file("docs/readme.txt").orElseThrow().readAllBytes());
            assertTrue(new ArchiveVerifier(a, 2).verify(n -> { }).ok());
        }
        // without a trusted key the signature is still checked, against the key it names
        assertEquals(KEY.publicKey(), check(p, null).signer());
    }

    @Test
    void signingIsDeterministicAndResigningReplacesTheSignature() throws IOException {
        Path a = copyOfGolden("lz4-cdc");
        Path b = tmp.resolve("b.hxz");
        Files.copy(a, b);
        ArchiveSigner.sign(a, KEY);
        ArchiveSigner.sign(b, KEY);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "Ed25519 is deterministic");

        long size = Files.size(a);
        ArchiveSigner.sign(a, OTHER);
        assertEquals(size, Files.size(a), "the new section replaces the old one");
        assertEquals(OTHER.publicKey(), check(a, OTHER).signer());
        assertEquals(SignatureException.Kind.OTHER_KEY, failure(a, KEY));
    }

    @Test
    void anUnsignedArchiveIsReportedAsSuch() throws IOException {
        assertEquals(SignatureException.Kind.NOT_SIGNED, failure(copyOfGolden("lz4-cdc"), KEY));
    }

    @Test
    void aChangeToTheHeaderOrAnySectionBreaksTheSignature() throws IOException {
        Path signed = copyOfGolden("directory");
        ArchiveSigner.sign(signed, KEY);
        byte[] good = Files.readAllBytes(signed);
        ArchiveHeader h;
        try (ArchiveReader r = ArchiveReader.open(signed)) {
            h = r.header();
        }
        // the created time (header), a byte of the metadata's stored body, of the manifest
        // section and of the master index: each re-sealed where a checksum would notice, as an
        // attacker would
        long[][] victims = {
            {72, -1},
            {h.metadataOffset() + 32, h.metadataOffset()},
            {h.manifestOffset() + 40, h.manifestOffset()},
            {h.masterIndexOffset() + 8, h.masterIndexOffset()},
        };
        for (long[] v : victims) {
            byte[] bad = good.clone();
            bad[(int) v[0]] ^= 0x01;
            resealHeader(bad);
            Path p = tmp.resolve("bad-" + v[0] + ".hxz");
            Files.write(p, bad);
            IOException e = assertThrows(IOException.class, () -> check(p, KEY), "byte " + v[0]);
            assertTrue(e instanceof SignatureException || e instanceof CorruptArchiveException, e.toString());
            if (e instanceof SignatureException s) {
                assertEquals(SignatureException.Kind.MISMATCH, s.kind(), "byte " + v[0]);
            }
        }
    }

    @Test
    void anIndexPageChangedWithoutChangingItsChecksumFailsTheIndexDigest() throws IOException {
        Path p = copyOfGolden("multi-page");
        ArchiveSigner.sign(p, KEY);
        byte[] b = Files.readAllBytes(p);
        long pageAt;
        int pageLen;
        try (ArchiveReader r = ArchiveReader.open(p)) {
            pageAt = r.pageDescriptors().get(1).pageOffset();
            pageLen = r.pageDescriptors().get(1).pageLength();
        }
        // a first entry's hash changed so that the page's CRC-32C stays the same (as a forger
        // would): page, master index and header all still check, the signed digest is unchanged
        crcNeutralChange(b, (int) pageAt, pageLen - 4, 16 + 32);
        Files.write(p, b);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            r.pageEntries(1); // still reads
        }
        SignatureException e = assertThrows(SignatureException.class, () -> check(p, KEY));
        assertEquals(SignatureException.Kind.MISMATCH, e.kind());
        assertTrue(e.getMessage().contains("index pages do not match"), e.getMessage());
    }

    @Test
    void aDamagedIndexPageOfASignedArchiveIsDamageNotTampering() throws IOException {
        Path p = copyOfGolden("multi-page");
        ArchiveSigner.sign(p, KEY);
        byte[] b = Files.readAllBytes(p);
        long pageAt;
        try (ArchiveReader r = ArchiveReader.open(p)) {
            pageAt = r.pageDescriptors().get(1).pageOffset();
        }
        b[(int) pageAt + 16 + 40] ^= 0x01; // a bit flip: the page's checksum no longer matches
        Files.write(p, b);
        try (ArchiveReader r = ArchiveReader.open(p)) {
            assertThrows(CorruptIndexException.class, () -> SignatureVerifier.check(r, KEY.publicKey()));
        }
    }

    @Test
    void aSignatureMovedToAnotherArchiveDoesNotVerify() throws IOException {
        Path a = copyOfGolden("lz4-cdc");
        Path b = copyOfGolden("zstd-fixed");
        ArchiveSigner.sign(a, KEY);
        ArchiveSigner.sign(b, KEY);
        byte[] aBytes = Files.readAllBytes(a);
        byte[] bBytes = Files.readAllBytes(b);
        // b keeps its own header (naming the same key) but carries a's signature section
        byte[] forged = Arrays.copyOf(bBytes, bBytes.length);
        System.arraycopy(aBytes, aBytes.length - (int) SignatureV1.SECTION_LENGTH, forged,
                forged.length - (int) SignatureV1.SECTION_LENGTH, (int) SignatureV1.SECTION_LENGTH);
        Files.write(b, forged);
        assertEquals(SignatureException.Kind.MISMATCH, failure(b, KEY));
    }

    @Test
    void aThinArchivesSignatureCoversItsParentsIdentity() throws IOException {
        Path parent = tmp.resolve("parent.hxz");
        WriterOptions o = WriterOptions.defaults().withChunking(ChunkingParams.fixed(4096)).withThreads(2);
        byte[] data = TestData.semiCompressible(200_000, 9);
        try (ArchiveWriter w = ArchiveWriter.create(parent, o)) {
            w.addBytes(data);
            w.finish();
        }
        Path child = tmp.resolve("child.hxz");
        data[100_000] ^= 1;
        try (ArchiveReader p = ArchiveReader.open(parent); ArchiveWriter w = ArchiveWriter.createThin(child, o, p)) {
            w.addBytes(data);
            w.finish();
        }
        ArchiveSigner.sign(child, KEY);
        assertEquals(KEY.publicKey(), check(child, KEY).signer());

        // the child made to name another parent (slot and ancestors section both rewritten,
        // consistently, checksums re-sealed): the signature no longer matches
        Path forged = tmp.resolve("forged.hxz");
        Files.write(forged, withOtherParentDigest(Files.readAllBytes(child)));
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(forged)) {
            SignatureException e = assertThrows(SignatureException.class, () -> SignatureVerifier.check(r, KEY.publicKey()));
            assertEquals(SignatureException.Kind.MISMATCH, e.kind());
        }

        // a parent's page changed without changing its checksum: its index digest no longer
        // matches the one the child's signed ancestors section records
        byte[] pb = Files.readAllBytes(parent);
        long master;
        try (ArchiveReader r = ArchiveReader.open(parent)) {
            master = r.header().masterIndexOffset();
        }
        long pageAt = le(pb).getLong((int) master + 8 + 8);
        int pageLen = le(pb).getInt((int) master + 8 + 16);
        crcNeutralChange(pb, (int) pageAt, pageLen - 4, 16 + 32);
        Files.write(parent, pb);
        SignatureException e = assertThrows(SignatureException.class, () -> check(child, KEY));
        assertTrue(e.getMessage().contains("ancestor 1"), e.getMessage());
    }

    @Test
    void aNewKeyPairSignsAndVerifies() {
        SigningKey k = SigningKey.generate(new SecureRandom());
        byte[] sig = k.sign(new byte[] {1, 2, 3});
        assertTrue(k.publicKey().verifies(new byte[] {1, 2, 3}, sig));
        assertFalse(k.publicKey().verifies(new byte[] {1, 2, 4}, sig));
        assertFalse(KEY.publicKey().verifies(new byte[] {1, 2, 3}, sig));
    }

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    static int crc32c(byte[] b, int off, int len) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** A thin archive's bytes with its parent's recorded index digest changed in the slot and the ancestors section. */
    private static byte[] withOtherParentDigest(byte[] b) throws IOException {
        ArchiveHeader h;
        try (ArchiveReader r = ArchiveReader.open(new dev.hexz.format.io.ByteArraySource(b), ReaderOptions.defaults(), null)) {
            h = r.header();
        }
        byte[] section = Arrays.copyOfRange(b, (int) h.ancestorsOffset(), (int) (h.ancestorsOffset() + h.ancestorsLength()));
        byte[] body = dev.hexz.format.v1.SectionV1.decode(section, dev.hexz.format.v1.AncestorsV1.MAGIC, 0, "ancestors", "t");
        java.util.List<AncestorRef> refs = dev.hexz.format.v1.AncestorsV1.decode(body, h.chainDepth(), h.archiveId(),
                h.parent(), 0, "t");
        byte[] digest = refs.get(0).indexDigest();
        digest[0] ^= 1;
        AncestorRef changed = new AncestorRef(1, refs.get(0).id(), digest, refs.get(0).path());
        byte[] newSection = dev.hexz.format.v1.SectionV1.encode(dev.hexz.format.v1.AncestorsV1.MAGIC,
                dev.hexz.format.v1.AncestorsV1.encode(java.util.List.of(changed)));
        // the new section goes where the signature section was, the signature section after it
        long sigAt = h.signature().offset();
        byte[] sig = Arrays.copyOfRange(b, (int) sigAt, b.length);
        byte[] out = Arrays.copyOf(b, (int) sigAt + newSection.length + sig.length);
        System.arraycopy(newSection, 0, out, (int) sigAt, newSection.length);
        System.arraycopy(sig, 0, out, (int) sigAt + newSection.length, sig.length);
        le(out).putLong(240, sigAt);
        le(out).putLong(248, newSection.length);
        le(out).putLong(HeaderV1.SIGNATURE_SLOT, sigAt + newSection.length);
        out[512 + 16] ^= 1;
        resealHeader(out);
        return out;
    }

    /**
     * XORs into {@code b[region + at ..]} the 33-bit generator polynomial of CRC-32C, laid out in
     * the reflected bit order of the stream: a change that leaves the CRC-32C of the region as it
     * was (checked here).
     */
    static void crcNeutralChange(byte[] b, int region, int regionLength, int at) {
        int before = crc32c(b, region, regionLength);
        long d = 1L | (0x82F63B78L << 1);
        for (int i = 0; i < 5; i++) {
            b[region + at + i] ^= (byte) (d >>> (8 * i));
        }
        assertEquals(before, crc32c(b, region, regionLength), "the change keeps the region's CRC-32C");
    }

    static void resealHeader(byte[] b) {
        le(b).putInt(HeaderV1.SIZE - 4, crc32c(b, 0, HeaderV1.SIZE - 4));
    }
}
