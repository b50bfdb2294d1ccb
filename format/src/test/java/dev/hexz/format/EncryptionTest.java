package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.crypt.Argon2Params;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.crypt.PasswordKdf;
import dev.hexz.format.hash.Blake3;
import dev.hexz.format.v1.HeaderV1;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted archives (format/SPEC.md, "Encryption"): written, read, checked, chained. */
class EncryptionTest {

    /** Cheap Argon2id costs: the tests are about the format, not the KDF's cost. */
    static final Argon2Params FAST = new Argon2Params(64, 1, 1);

    @TempDir
    Path tmp;

    static KeySource password(String pw) {
        return (name, slot) -> PasswordKdf.derive(pw.toCharArray(), slot.kdfSalt(), slot.kdf());
    }

    /** The key source of {@code pw} that counts in {@code asked} how often it is asked. */
    static KeySource counting(int[] asked, String pw) {
        return (name, slot) -> {
            asked[0]++;
            return password(pw).masterKey(name, slot);
        };
    }

    static WriterOptions encrypted(String pw) {
        return WriterOptions.defaults().withChunking(ChunkingParams.fastCdc(1 << 10, 4 << 10, 16 << 10)).withThreads(2)
                .withEncryption(WriterEncryption.password(pw.toCharArray(), FAST, new SecureRandom()));
    }

    private static ArchiveReader open(Path p, KeySource keys) throws IOException {
        return ArchiveReader.open(p, ReaderOptions.defaults().withKeys(keys));
    }

    private Path tree(WriterOptions o, String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(p, o)) {
            w.addDirectory("secret-plans", 0755, 1_700_000_000L, 0);
            w.addFile("secret-plans/quarterly-report.txt", new ByteArrayInputStream(
                    "TOP SECRET: the launch is on Tuesday\n".getBytes(StandardCharsets.UTF_8)), 0644, 1_700_000_001L, 0);
            w.addFile("secret-plans/data.bin", new ByteArrayInputStream(data), 0600, 1_700_000_002L, 0);
            w.addFile("zeros.bin", new ByteArrayInputStream(new byte[40_000]), 0644, 1_700_000_003L, 0);
            w.setMetadata("{\"owner\":\"alice-the-analyst\"}");
            w.finish();
        }
        return p;
    }

    @Test
    void anEncryptedTreeReadsBackWithItsPasswordAndVerifies() throws IOException {
        byte[] data = TestData.semiCompressible(300_000, 1);
        Path p = tree(encrypted("correct horse"), "e.hxz", data);
        try (ArchiveReader r = open(p, password("correct horse"))) {
            assertTrue(r.isEncrypted());
            assertTrue(r.header().isEncrypted());
            assertArrayEquals(data, r.file("secret-plans/data.bin").orElseThrow().readAllBytes());
            assertEquals("TOP SECRET: the launch is on Tuesday\n", new String(
                    r.file("secret-plans/quarterly-report.txt").orElseThrow().readAllBytes(), StandardCharsets.UTF_8));
            assertArrayEquals(new byte[40_000], r.file("zeros.bin").orElseThrow().readAllBytes());
            assertEquals("{\"owner\":\"alice-the-analyst\"}", r.metadataJson().orElseThrow());
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
            // blocks are named by keyed BLAKE3: not the plain hash of their bytes
            BlockEntry first = r.entry(0);
            byte[] raw = r.readBlock(first);
            assertArrayEquals(r.blockHash(raw, 0, raw.length), first.hash());
            assertFalse(Arrays.equals(Blake3.hash(raw, 0, raw.length), first.hash()));
        }
    }

    @Test
    void incompressibleBlocksStoredAsIsReadBackEncrypted() throws IOException {
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data); // no codec shrinks these: stored as NONE, then sealed
        Path p = tree(encrypted("pw"), "raw.hxz", data);
        // no block cache: every read decodes, through this thread's scratch array
        try (ArchiveReader r = ArchiveReader.open(p, ReaderOptions.defaults().withKeys(password("pw")).withCacheBytes(0))) {
            boolean stored = false;
            for (long i = 0; i < r.blockCount(); i++) {
                stored |= r.entry(i).codec() == dev.hexz.format.codec.CodecId.NONE;
            }
            assertTrue(stored, "no block was stored without compression");
            for (int round = 0; round < 2; round++) {
                assertArrayEquals(data, r.file("secret-plans/data.bin").orElseThrow().readAllBytes());
            }
        }
    }

    @Test
    void noNameSizeOrContentIsInTheClear() throws IOException {
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 'Q'); // compressible, so a plain archive would show runs of it in its blocks
        Path p = tree(encrypted("pw"), "e.hxz", data);
        byte[] file = Files.readAllBytes(p);
        String latin = new String(file, StandardCharsets.ISO_8859_1);
        for (String secret : new String[] {"secret-plans", "quarterly-report", "TOP SECRET", "alice-the-analyst", "zeros.bin"}) {
            assertFalse(latin.contains(secret), secret + " appears in the archive's bytes");
        }
        // the plain header: magic, version, the flag, the encryption slot; no size, count or offset
        ArchiveHeader h;
        try (ArchiveReader r = open(p, password("pw"))) {
            h = r.header();
        }
        assertEquals(ArchiveHeader.FLAG_ENCRYPTED, SignatureTest.le(file).getLong(16));
        for (int off = 24; off < HeaderV1.ENCRYPTION_SLOT; off++) {
            assertEquals(0, file[off], "plain header byte " + off);
        }
        assertTrue(h.logicalSize() > 240_000 && h.fileCount() == 3, "the sealed header has the real fields");
    }

    @Test
    void aWrongPasswordIsToldApartFromDamage() throws IOException {
        Path p = tree(encrypted("right"), "e.hxz", TestData.semiCompressible(50_000, 2));
        WrongKeyException wrong = assertThrows(WrongKeyException.class, () -> open(p, password("wrong")));
        assertEquals(p + ": wrong password", wrong.getMessage());
        KeyRequiredException none = assertThrows(KeyRequiredException.class, () -> ArchiveReader.open(p));
        assertTrue(none.getMessage().contains("is encrypted"), none.getMessage());
    }

    @Test
    void anAlteredKeyCheckOrHostileCostsAreDamageNotAWrongPassword() throws IOException {
        Path p = tree(encrypted("pw"), "e.hxz", TestData.semiCompressible(20_000, 12));
        byte[] good = Files.readAllBytes(p);
        byte[] bad = good.clone();
        bad[HeaderV1.ENCRYPTION_SLOT + 48] ^= 1;
        SignatureTest.resealHeader(bad);
        Files.write(p, bad);
        CorruptHeaderException e = assertThrows(CorruptHeaderException.class, () -> open(p, password("pw")));
        assertTrue(e.getMessage().contains("plain header was altered"), e.getMessage());
        assertThrows(WrongKeyException.class, () -> open(p, password("other")), "still a wrong password for another");

        bad = good.clone();
        SignatureTest.le(bad).putInt(HeaderV1.ENCRYPTION_SLOT + 4, Integer.MAX_VALUE); // 2 TiB of Argon2id memory
        SignatureTest.resealHeader(bad);
        Files.write(p, bad);
        int[] asked = {0};
        CorruptHeaderException h = assertThrows(CorruptHeaderException.class, () -> open(p, counting(asked, "pw")));
        assertTrue(h.getMessage().contains("Argon2id parameters out of range"), h.getMessage());
        assertEquals(0, asked[0], "refused before any derivation");
    }

    @Test
    void aTamperedBlockFailsAuthenticationNamingBlockAndFile() throws IOException {
        byte[] data = TestData.semiCompressible(100_000, 3);
        Path p = tree(encrypted("pw"), "e.hxz", data);
        BlockEntry victim;
        try (ArchiveReader r = open(p, password("pw"))) {
            ArchiveFile f = r.file("secret-plans/data.bin").orElseThrow();
            victim = null;
            for (int i = 0; i < r.blockCount(); i++) {
                BlockEntry e = r.entry(i);
                if (!e.isZero() && e.logicalOffset() >= f.entry().logicalOffset() + 20_000 && victim == null) {
                    victim = e;
                }
            }
        }
        byte[] b = Files.readAllBytes(p);
        b[(int) victim.storedOffset() + 5] ^= 0x10;
        Files.write(p, b);
        try (ArchiveReader r = open(p, password("pw"))) {
            CorruptBlockException e = assertThrows(CorruptBlockException.class,
                    () -> r.file("secret-plans/data.bin").orElseThrow().readAllBytes());
            assertTrue(e.getMessage().contains("fails authentication"), e.getMessage());
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 2).verify(n -> { });
            assertEquals(1, report.problems().size());
            ArchiveVerifier.Problem pr = report.problems().get(0);
            assertEquals(victim.number(), pr.blockNumber());
            assertEquals(java.util.List.of("secret-plans/data.bin"), pr.files());
            assertTrue(pr.message().contains("fails authentication"), pr.message());
        }
    }

    @Test
    void aTamperedSealedHeaderOrIndexIsDamageNotAWrongPassword() throws IOException {
        Path p = tree(encrypted("pw"), "e.hxz", TestData.semiCompressible(50_000, 4));
        byte[] good = Files.readAllBytes(p);
        EncryptionSlot slot;
        ArchiveHeader h;
        try (ArchiveReader r = open(p, password("pw"))) {
            h = r.header();
            slot = h.encryption();
        }
        byte[] bad = good.clone();
        bad[(int) slot.sealedOffset() + 100] ^= 1;
        Files.write(p, bad);
        CorruptHeaderException e = assertThrows(CorruptHeaderException.class, () -> open(p, password("pw")));
        assertTrue(e.getMessage().contains("sealed header fails authentication"), e.getMessage());

        bad = good.clone();
        bad[(int) h.masterIndexOffset() + 3] ^= 1;
        Files.write(p, bad);
        CorruptArchiveException m = assertThrows(CorruptArchiveException.class, () -> open(p, password("pw")));
        assertTrue(m.getMessage().contains("master index fails authentication"), m.getMessage());
    }

    @Test
    void equalBlocksDedupInsideAnEncryptedArchive() throws IOException {
        byte[] half = TestData.semiCompressible(64 << 10, 5); // 16 whole fixed blocks
        byte[] data = new byte[128 << 10];
        System.arraycopy(half, 0, data, 0, half.length);
        System.arraycopy(half, 0, data, half.length, half.length);
        Path p = tmp.resolve("d.hxz");
        ArchiveSummary s;
        try (ArchiveWriter w = ArchiveWriter.create(p, encrypted("pw").withChunking(ChunkingParams.fixed(4096)))) {
            w.addBytes(data);
            s = w.finish();
        }
        assertTrue(s.dedupBlocks() >= 15, "second half stored once: " + s);
        try (ArchiveReader r = open(p, password("pw"))) {
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void aThinArchiveOfAnEncryptedParentIsEncryptedWithItsKeyAndReferencesItsBlocks() throws IOException {
        WriterOptions o = encrypted("pw").withChunking(ChunkingParams.fixed(4096));
        byte[] data = TestData.semiCompressible(400_000, 6);
        Path parent = tmp.resolve("p.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(parent, o)) {
            w.addBytes(data);
            w.finish();
        }
        data[200_000] ^= 1;
        Path child = tmp.resolve("c.hxz");
        ArchiveSummary s;
        try (ArchiveReader p = open(parent, password("pw"));
                ArchiveWriter w = ArchiveWriter.createThin(child, o.withEncryption(null), p)) {
            w.addBytes(data);
            s = w.finish();
        }
        assertTrue(s.referencedBlocks() >= 95 && s.uniqueBlocks() <= 2, "only the changed block stored: " + s);
        // one password derivation opens the chain: the key source is asked once
        int[] asked = {0};
        KeySource counting = counting(asked, "pw");
        try (ArchiveReader r = open(child, counting)) {
            assertTrue(r.isEncrypted());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
        assertEquals(1, asked[0]);
        assertThrows(WrongKeyException.class, () -> open(child, password("nope")));

        // a plain parent cannot get an encrypted child, nor an encrypted parent a child under another key
        Path plain = tmp.resolve("plain.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(plain, o.withEncryption(null))) {
            w.addBytes(data);
            w.finish();
        }
        try (ArchiveReader p = ArchiveReader.open(plain)) {
            IOException e = assertThrows(IOException.class, () -> ArchiveWriter.createThin(tmp.resolve("x.hxz"), o, p));
            assertTrue(e.getMessage().contains("is not encrypted"), e.getMessage());
        }
        try (ArchiveReader p = open(parent, password("pw"))) {
            IOException e = assertThrows(IOException.class, () -> ArchiveWriter.createThin(tmp.resolve("y.hxz"),
                    encrypted("other"), p));
            assertTrue(e.getMessage().contains("parent's key"), e.getMessage());
        }
    }

    @Test
    void aParentCandidateUnderAnotherKeyIsAnotherArchiveAndTheSearchGoesOn() throws IOException {
        WriterOptions o = encrypted("pw").withChunking(ChunkingParams.fixed(4096));
        byte[] data = TestData.semiCompressible(100_000, 13);
        Path parent = tmp.resolve("p.hxz");
        try (ArchiveWriter w = ArchiveWriter.create(parent, o)) {
            w.addBytes(data);
            w.finish();
        }
        Path child = tmp.resolve("c.hxz");
        try (ArchiveReader p = open(parent, password("pw")); ArchiveWriter w = ArchiveWriter.createThin(child, o, p)) {
            w.addBytes(data);
            w.finish();
        }
        // the path hint now holds another archive under another password; the real parent moved
        Path moved = Files.createDirectories(tmp.resolve("moved")).resolve("p.hxz");
        Files.move(parent, moved);
        try (ArchiveWriter w = ArchiveWriter.create(parent, encrypted("other"))) {
            w.addBytes(data);
            w.finish();
        }
        int[] asked = {0};
        KeySource counting = counting(asked, "pw");
        ReplacedParentException e = assertThrows(ReplacedParentException.class, () -> open(child, counting));
        assertTrue(e.getMessage().contains("encrypted with another key"), e.getMessage());
        assertEquals(1, asked[0], "asked for the child only, never for a candidate");
        ParentResolver movedHere = new ParentResolver() {
            @Override
            public java.util.List<Path> candidates(AncestorRef ref) {
                return java.util.List.of(parent, moved);
            }
        };
        try (ArchiveReader r = ArchiveReader.open(dev.hexz.format.io.FileSource.open(child),
                ReaderOptions.defaults().withKeys(password("pw")), movedHere)) {
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
    }

    @Test
    void aKeyFileEncryptsAndTheWrongOneIsSaidToBeWrong() throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path p = tmp.resolve("k.hxz");
        byte[] data = TestData.semiCompressible(30_000, 7);
        try (ArchiveWriter w = ArchiveWriter.create(p, WriterOptions.defaults().withEncryption(WriterEncryption.keyFile(key)))) {
            w.addBytes(data);
            w.finish();
        }
        try (ArchiveReader r = open(p, (n, slot) -> MasterKey.of(key))) {
            assertEquals(EncryptionSlot.KEY_FILE, r.header().encryption().keySource());
            assertNull(r.header().encryption().kdf());
            byte[] back = new byte[data.length];
            r.readFully(0, back, 0, back.length);
            assertArrayEquals(data, back);
        }
        byte[] other = key.clone();
        other[0] ^= 1;
        WrongKeyException e = assertThrows(WrongKeyException.class, () -> open(p, (n, slot) -> MasterKey.of(other)));
        assertTrue(e.getMessage().contains("wrong key file"), e.getMessage());
    }

    @Test
    void anEncryptedArchiveCanBeSignedAndItsSignatureChecked() throws IOException {
        Path p = tree(encrypted("pw"), "e.hxz", TestData.semiCompressible(60_000, 8));
        ArchiveSigner.sign(p, SignatureTest.KEY, password("pw"));
        try (ArchiveReader r = open(p, password("pw"))) {
            assertTrue(r.header().isSigned() && r.header().isEncrypted());
            assertEquals(SignatureTest.KEY.publicKey(), SignatureVerifier.check(r, SignatureTest.KEY.publicKey()).signer());
        }
    }
}
