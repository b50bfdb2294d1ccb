package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --encrypt}, {@code --password-file}, {@code --key-file} across pack, build, the readers, flatten and sign. */
class EncryptCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String savedHome;
    private String savedArgon2;
    private Path tree;
    private Path pw;

    @BeforeEach
    void setUp() throws IOException {
        savedHome = System.getProperty(HexzHome.PROPERTY);
        savedArgon2 = System.getProperty(Secrets.ARGON2_PROPERTY);
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
        System.setProperty(Secrets.ARGON2_PROPERTY, "64,1,1"); // the format, not the KDF's cost, is under test
        tree = Files.createDirectories(tmp.resolve("tree"));
        Files.write(tree.resolve("weights.bin"), TestTrees.random(300_000, 1));
        Files.writeString(tree.resolve("confidential-notes.txt"), "the merger closes friday\n");
        pw = tmp.resolve("pw");
        Files.writeString(pw, "open sesame\n");
    }

    @AfterEach
    void tearDown() {
        restore(HexzHome.PROPERTY, savedHome);
        restore(Secrets.ARGON2_PROPERTY, savedArgon2);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private Path encrypted(String name) {
        Path a = tmp.resolve(name);
        Cli.run("pack", tree.toString(), a.toString(), "--encrypt", "--password-file", pw.toString()).expect(ExitCodes.OK);
        return a;
    }

    @Test
    void anEncryptedArchiveReadsWithItsPasswordAndHidesItsNames() throws IOException {
        Path a = encrypted("e.hxz");
        String bytes = new String(Files.readAllBytes(a), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("confidential-notes") || bytes.contains("merger"), "names and content are hidden");

        assertEquals("the merger closes friday\n", Cli.run("cat", "--password-file", pw.toString(), a.toString(),
                "confidential-notes.txt").expect(ExitCodes.OK).out());
        Cli.run("verify", "--password-file", pw.toString(), a.toString()).expect(ExitCodes.OK);
        Path out = tmp.resolve("out");
        Cli.run("extract", "--password-file", pw.toString(), a.toString(), out.toString()).expect(ExitCodes.OK);
        assertArrayEquals(Files.readAllBytes(tree.resolve("weights.bin")), Files.readAllBytes(out.resolve("weights.bin")));

        JsonNode n = JSON.readTree(Cli.run("inspect", "--json", "--password-file", pw.toString(), a.toString())
                .expect(ExitCodes.OK).out());
        assertTrue(n.get("encrypted").asBoolean());
        assertEquals("password", n.get("encryption").get("keySource").asText());
        assertEquals(2, n.get("files").asInt());
    }

    @Test
    void passwordMistakesAreOneLineWithTheirOwnExitCodes() throws IOException {
        Path a = encrypted("e.hxz");
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "open sesame!\n");
        Cli.Result w = Cli.run("cat", "--password-file", wrong.toString(), a.toString(), "confidential-notes.txt")
                .expect(ExitCodes.WRONG_PASSWORD);
        assertEquals("hexz: " + a + ": wrong password\n", w.err());
        Cli.Result none = Cli.run("cat", a.toString(), "confidential-notes.txt").expect(ExitCodes.WRONG_PASSWORD);
        assertTrue(none.err().contains("is encrypted") && none.err().lines().count() == 1, none.err());

        // inspect without the password says what the plain header says, then fails the same way
        Cli.Result locked = Cli.run("inspect", a.toString()).expect(ExitCodes.WRONG_PASSWORD);
        assertTrue(locked.out().contains("encrypted     yes, AES-256-GCM, with a password (Argon2id"), locked.out());

        Path plain = tmp.resolve("plain.hxz");
        Cli.run("pack", tree.toString(), plain.toString()).expect(ExitCodes.OK);
        assertTrue(Cli.run("cat", "--password-file", pw.toString(), plain.toString(), "confidential-notes.txt")
                .expect(ExitCodes.USAGE).err().contains("is not encrypted"));
        assertTrue(Cli.run("pack", tree.toString(), tmp.resolve("x.hxz").toString(), "--password-file", pw.toString())
                .expect(ExitCodes.USAGE).err().contains("without --encrypt"));
        assertFalse(Files.exists(tmp.resolve("x.hxz")));
        Path empty = tmp.resolve("empty");
        Files.writeString(empty, "\n");
        assertTrue(Cli.run("pack", tree.toString(), tmp.resolve("y.hxz").toString(), "--encrypt", "--password-file",
                empty.toString()).expect(ExitCodes.WRONG_PASSWORD).err().contains("first line is empty"));
        assertFalse(Files.exists(tmp.resolve("y.hxz")), "nothing written");
    }

    @Test
    void aKeyFileEncryptsAndItsKindIsChecked() throws IOException {
        Cli.run("keygen", "--encryption", "-o", tmp.resolve("keys").toString()).expect(ExitCodes.OK);
        Path key = tmp.resolve("keys/hexz.hexzkey");
        Path a = tmp.resolve("k.hxz");
        Cli.run("pack", tree.toString(), a.toString(), "--encrypt", "--key-file", key.toString()).expect(ExitCodes.OK);
        assertEquals("the merger closes friday\n", Cli.run("cat", "--key-file", key.toString(), a.toString(),
                "confidential-notes.txt").expect(ExitCodes.OK).out());
        assertTrue(Cli.run("cat", "--password-file", pw.toString(), a.toString(), "confidential-notes.txt")
                .expect(ExitCodes.WRONG_PASSWORD).err().contains("encrypted with a key file"));
        Cli.run("keygen", "-o", tmp.resolve("keys").toString()).expect(ExitCodes.OK);
        assertTrue(Cli.run("cat", "--key-file", tmp.resolve("keys/hexz.key").toString(), a.toString(),
                "confidential-notes.txt").expect(ExitCodes.BAD_KEY).err().contains("is a signing key"));
    }

    @Test
    void aMountSaysWhatIsWrongWithItsKeyOrPasswordFile() throws IOException {
        Cli.run("keygen", "--encryption", "-o", tmp.resolve("keys").toString()).expect(ExitCodes.OK);
        Path key = tmp.resolve("keys/hexz.hexzkey");
        Path byKey = tmp.resolve("k.hxz");
        Cli.run("pack", tree.toString(), byKey.toString(), "--encrypt", "--key-file", key.toString()).expect(ExitCodes.OK);
        Path byPassword = encrypted("p.hxz");
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        Path junk = Files.writeString(tmp.resolve("junk.key"), "not a key\n");
        // before, the launcher took these for damage to the archive and the server asked for a key
        assertTrue(Cli.run("mount", "--key-file", tmp.resolve("missing.key").toString(), byKey.toString(),
                mnt.toString()).expect(ExitCodes.NOT_FOUND).err().contains("missing.key"));
        assertTrue(Cli.run("mount", "--key-file", junk.toString(), byKey.toString(), mnt.toString())
                .expect(ExitCodes.BAD_KEY).err().contains("not a hexz key file"));
        assertTrue(Cli.run("mount", "--password-file", tmp.resolve("missing.pw").toString(), byPassword.toString(),
                mnt.toString()).expect(ExitCodes.NOT_FOUND).err().contains("missing.pw"));
        try (var left = Files.list(mnt)) {
            assertEquals(0, left.count(), "nothing was mounted");
        }
    }

    @Test
    void aThinPackOnAnEncryptedBaseIsEncryptedAndStoresOnlyTheChange() throws IOException {
        Path base = encrypted("base.hxz");
        byte[] w = Files.readAllBytes(tree.resolve("weights.bin"));
        w[150_000] ^= 1;
        Files.write(tree.resolve("weights.bin"), w);
        Path child = tmp.resolve("child.hxz");
        Cli.run("pack", tree.toString(), child.toString(), "--base", base.toString(), "--password-file", pw.toString())
                .expect(ExitCodes.OK);
        assertTrue(Files.size(child) < Files.size(base) / 4, Files.size(child) + " vs " + Files.size(base));
        JsonNode n = JSON.readTree(Cli.run("inspect", "--json", "--password-file", pw.toString(), child.toString())
                .expect(ExitCodes.OK).out());
        assertTrue(n.get("encrypted").asBoolean() && n.get("thin").asBoolean());
        Path out = tmp.resolve("out");
        Cli.run("extract", "--password-file", pw.toString(), child.toString(), out.toString()).expect(ExitCodes.OK);
        assertArrayEquals(w, Files.readAllBytes(out.resolve("weights.bin")));

        // flattening keeps it encrypted, under the same password
        Path flat = tmp.resolve("flat.hxz");
        Cli.run("flatten", "--password-file", pw.toString(), child.toString(), flat.toString()).expect(ExitCodes.OK);
        Cli.run("verify", flat.toString()).expect(ExitCodes.WRONG_PASSWORD);
        Cli.run("verify", "--password-file", pw.toString(), flat.toString()).expect(ExitCodes.OK);
    }

    @Test
    void diffComparesBytesWhenTheTwoArchivesNameBlocksUnderDifferentKeys() throws IOException {
        Path one = encrypted("one.hxz"); // same tree, same password, each its own salt: other keys
        Path two = encrypted("two.hxz");
        Path plain = tmp.resolve("plain.hxz");
        Cli.run("pack", tree.toString(), plain.toString()).expect(ExitCodes.OK);
        for (Path other : new Path[] {two, plain}) {
            JsonNode n = JSON.readTree(Cli.run("diff", "--json", "--password-file", pw.toString(), one.toString(),
                    other.toString()).expect(ExitCodes.OK).out());
            assertTrue(n.get("identical").asBoolean(), n.toString());
            assertFalse(n.get("blocksComparable").asBoolean());
            assertEquals(0, n.get("files").get("changes").size(), "no file differs: " + n);
        }
        assertTrue(Cli.run("diff", "--password-file", pw.toString(), one.toString(), two.toString()).expect(ExitCodes.OK)
                .out().contains("not comparable"));
    }

    @Test
    void ambiguousOrMisplacedSecretsAreUsageErrors() throws IOException {
        Cli.run("keygen", "--encryption", "-o", tmp.resolve("keys").toString()).expect(ExitCodes.OK);
        Path key = tmp.resolve("keys/hexz.hexzkey");
        assertTrue(Cli.run("pack", tree.toString(), tmp.resolve("both.hxz").toString(), "--encrypt", "--key-file",
                key.toString(), "--password-file", pw.toString()).expect(ExitCodes.USAGE).err().contains("only the one"));
        assertFalse(Files.exists(tmp.resolve("both.hxz")));
        Path plain = tmp.resolve("plain.hxz");
        Cli.run("pack", tree.toString(), plain.toString()).expect(ExitCodes.OK);
        String chain = Cli.run("pack", tree.toString(), tmp.resolve("c.hxz").toString(), "--base", plain.toString(),
                "--encrypt", "--password-file", pw.toString()).expect(ExitCodes.USAGE).err();
        assertTrue(chain.contains("a chain is encrypted as a whole") && chain.contains("flatten --encrypt"), chain);
        Cli.run("keygen", "-o", tmp.resolve("keys").toString()).expect(ExitCodes.OK);
        Path a = encrypted("e.hxz");
        assertTrue(Cli.run("verify", "--key", key.toString(), "--password-file", pw.toString(), a.toString())
                .expect(ExitCodes.BAD_KEY).err().contains("is an encryption key"));
    }

    @Test
    void anEncryptedArchiveIsSignedAndCheckedWithItsPassword() throws IOException {
        Path a = encrypted("e.hxz");
        Path keys = tmp.resolve("keys");
        Cli.run("keygen", "-o", keys.toString()).expect(ExitCodes.OK);
        Cli.run("sign", "--key", keys.resolve("hexz.key").toString(), "--password-file", pw.toString(), a.toString())
                .expect(ExitCodes.OK);
        Cli.Result v = Cli.run("verify", "--key", keys.resolve("hexz.pub").toString(), "--password-file", pw.toString(),
                a.toString()).expect(ExitCodes.OK);
        assertTrue(v.out().contains("(the key given)"), v.out());
        assertTrue(Cli.run("inspect", "--password-file", pw.toString(), a.toString()).expect(ExitCodes.OK).out()
                .contains("signed        yes, by key ed25519:"));
    }
}
