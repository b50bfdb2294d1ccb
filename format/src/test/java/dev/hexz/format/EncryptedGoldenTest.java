package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.crypt.PasswordKdf;
import dev.hexz.format.v1.HeaderV1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypted golden archive (the golden tree, password "hexz golden", fixed salts and cheap
 * Argon2id costs) pins format/SPEC.md, "Encryption": key derivation, sealing, the plain and the
 * sealed header. Its corrupt twins pin the errors. Regenerated with the other golden files
 * ({@code -Dhexz.golden.write=true}).
 */
class EncryptedGoldenTest {

    static final String PASSWORD = "hexz golden";
    static final Path ENCRYPTED = GoldenArchives.DIR.resolve("encrypted-directory.hxz");
    static final Path TAMPERED_BLOCK = CorruptTwins.DIR.resolve("encrypted-tampered-block.hxz");
    static final Path NO_SEALED_HEADER = CorruptTwins.DIR.resolve("encrypted-sealed-header-cut.hxz");

    @TempDir
    Path tmp;

    static GoldenArchives.Case golden() {
        byte[] kdfSalt = new byte[16];
        Arrays.fill(kdfSalt, (byte) 0x11);
        byte[] archiveSalt = new byte[16];
        Arrays.fill(archiveSalt, (byte) 0x22);
        WriterOptions o = WriterOptions.defaults().withArchiveId(GoldenArchives.ID)
                .withCreatedMillis(GoldenArchives.CREATED).withThreads(2)
                .withChunking(ChunkingParams.fastCdc(1 << 10, 4 << 10, 16 << 10))
                .withEncryption(WriterEncryption.password(PASSWORD.toCharArray(), EncryptionTest.FAST, kdfSalt)
                        .withArchiveSalt(archiveSalt));
        return new GoldenArchives.Case("encrypted-directory", o, null, GoldenArchives.tree());
    }

    private static ReaderOptions withPassword(String pw) {
        return ReaderOptions.defaults().withKeys((n, slot) -> PasswordKdf.derive(pw.toCharArray(), slot.kdfSalt(), slot.kdf()));
    }

    @Test
    void reencodingGivesTheCommittedBytesAndTheTwinsAreTheirDocumentedDamage() throws IOException {
        Path p = tmp.resolve("e.hxz");
        golden().write(p);
        byte[] now = Files.readAllBytes(p);
        byte[] tampered = now.clone();
        tampered[HeaderV1.SIZE + 100] ^= 0x40;
        byte[] cut;
        try (ArchiveReader r = ArchiveReader.open(p, withPassword(PASSWORD))) {
            cut = Arrays.copyOf(now, (int) r.header().encryption().sealedOffset() + 100);
        }
        if (Boolean.getBoolean("hexz.golden.write")) {
            Files.write(ENCRYPTED, now);
            Files.write(TAMPERED_BLOCK, tampered);
            Files.write(NO_SEALED_HEADER, cut);
        }
        assertArrayEquals(Files.readAllBytes(ENCRYPTED), now);
        assertArrayEquals(Files.readAllBytes(TAMPERED_BLOCK), tampered);
        assertArrayEquals(Files.readAllBytes(NO_SEALED_HEADER), cut);
    }

    @Test
    void theCommittedArchiveDecodesToTheGoldenTreeWithItsPassword() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(ENCRYPTED, withPassword(PASSWORD))) {
            for (Map.Entry<String, byte[]> f : GoldenArchives.tree().entrySet()) {
                assertArrayEquals(f.getValue(), r.file(f.getKey()).orElseThrow().readAllBytes(), f.getKey());
            }
            assertEquals("docs/readme.txt", r.manifest().find("latest").orElseThrow().symlinkTarget());
            assertEquals(ArchiveHeader.HASH_BLAKE3_256_KEYED, r.header().hashAlgorithm());
            assertTrue(new ArchiveVerifier(r, 2).verify(n -> { }).ok());
        }
        assertThrows(WrongKeyException.class, () -> ArchiveReader.open(ENCRYPTED, withPassword("hexz golden!")));
        assertThrows(KeyRequiredException.class, () -> ArchiveReader.open(ENCRYPTED));
    }

    @Test
    void theTwinWithATamperedBlockFailsAuthentication() throws IOException {
        try (ArchiveReader r = ArchiveReader.open(TAMPERED_BLOCK, withPassword(PASSWORD))) {
            ArchiveVerifier.Report report = new ArchiveVerifier(r, 1).verify(n -> { });
            assertEquals(1, report.problems().size(), report.problems().toString());
            assertTrue(report.problems().get(0).message().contains("fails authentication"));
        }
    }

    @Test
    void theTwinCutBeforeItsSealedHeaderEndsIsACorruptHeader() {
        CorruptHeaderException e = assertThrows(CorruptHeaderException.class,
                () -> ArchiveReader.open(NO_SEALED_HEADER, withPassword(PASSWORD)));
        assertTrue(e.getMessage().contains("sealed header"), e.getMessage());
    }
}
