package dev.hexz.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hexz keygen}, {@code sign}, {@code verify --key} and what {@code inspect} says of signatures. */
class SignCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private String savedHome;

    @BeforeEach
    void home() {
        savedHome = System.getProperty(HexzHome.PROPERTY);
        System.setProperty(HexzHome.PROPERTY, tmp.resolve("home").toString());
    }

    @AfterEach
    void restoreHome() {
        if (savedHome == null) {
            System.clearProperty(HexzHome.PROPERTY);
        } else {
            System.setProperty(HexzHome.PROPERTY, savedHome);
        }
    }

    private Path archive(String name, int seed) throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("tree-" + name));
        Files.write(tree.resolve("a.bin"), TestTrees.random(150_000, seed));
        Files.writeString(tree.resolve("b.txt"), "hello\n");
        Path a = tmp.resolve(name + ".hxz");
        Cli.run("pack", tree.toString(), a.toString()).expect(ExitCodes.OK);
        return a;
    }

    private Path keys(String name) {
        Cli.Result r = Cli.run("keygen", "-o", tmp.resolve("keys").toString(), "--name", name).expect(ExitCodes.OK);
        assertTrue(r.out().contains("fingerprint: ed25519:"), r.out());
        return tmp.resolve("keys");
    }

    @Test
    void keygenWritesAPrivateSecretKeyAndAPublicKeyIntoHexzHomeByDefault() throws IOException {
        Cli.Result r = Cli.run("keygen").expect(ExitCodes.OK);
        Path dir = tmp.resolve("home/keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hexz.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("hexz.pub"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(r.out().contains(dir.resolve("hexz.key").toString()), r.out());

        String before = Files.readString(dir.resolve("hexz.key"));
        Cli.Result again = Cli.run("keygen").expect(ExitCodes.FAILURE);
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(before, Files.readString(dir.resolve("hexz.key")), "the old key is kept");
        Cli.run("keygen", "--force").expect(ExitCodes.OK);
        assertTrue(!before.equals(Files.readString(dir.resolve("hexz.key"))), "--force replaces it");
    }

    @Test
    void aSignedArchiveVerifiesWithItsPublicKeyAndInspectNamesTheKey() throws IOException {
        Path k = keys("me");
        Path a = archive("a", 1);
        Cli.Result signed = Cli.run("sign", "--key", k.resolve("me.key").toString(), a.toString()).expect(ExitCodes.OK);
        String fingerprint = signed.out().substring(signed.out().indexOf("ed25519:")).strip();

        Cli.Result v = Cli.run("verify", "--key", k.resolve("me.pub").toString(), a.toString()).expect(ExitCodes.OK);
        assertTrue(v.out().startsWith("ok: ") && v.out().contains("signed by " + fingerprint + " (the key given)"), v.out());
        JsonNode n = JSON.readTree(Cli.run("verify", "--key", k.resolve("me.pub").toString(), "--json", a.toString())
                .expect(ExitCodes.OK).out());
        assertTrue(n.get("signature").get("keyGiven").asBoolean());
        assertEquals(fingerprint, n.get("signature").get("key").asText());

        assertTrue(Cli.run("inspect", a.toString()).expect(ExitCodes.OK).out()
                .contains("signed        yes, by key " + fingerprint), "inspect names the key");
        JsonNode i = JSON.readTree(Cli.run("inspect", "--json", a.toString()).expect(ExitCodes.OK).out());
        assertEquals(fingerprint, i.get("signature").get("key").asText());
        assertTrue(!i.get("encrypted").asBoolean());
        // the archive still reads as before
        assertEquals("hello\n", Cli.run("cat", a.toString(), "b.txt").expect(ExitCodes.OK).out());
    }

    @Test
    void eachSignatureFailureIsOneLineAndExit14() throws IOException {
        Path k = keys("me");
        keys("other");
        Path a = archive("a", 1);
        Path unsigned = archive("u", 2);
        Cli.run("sign", "--key", k.resolve("me.key").toString(), a.toString()).expect(ExitCodes.OK);

        String other = Cli.run("verify", "--key", k.resolve("other.pub").toString(), a.toString())
                .expect(ExitCodes.BAD_SIGNATURE).err();
        assertTrue(other.contains("is signed by key") && other.contains("not by the key given"), other);
        Cli.Result otherJson = Cli.run("verify", "--key", k.resolve("other.pub").toString(), "--json", a.toString())
                .expect(ExitCodes.BAD_SIGNATURE);
        JsonNode j = JSON.readTree(otherJson.out());
        assertFalse(j.get("ok").asBoolean());
        assertFalse(j.get("signature").get("valid").asBoolean());
        assertTrue(j.get("signature").get("message").asText().contains("not by the key given"), otherJson.out());
        assertEquals(other, otherJson.err(), "the same one line on stderr with --json");
        String notSigned = Cli.run("verify", "--key", k.resolve("me.pub").toString(), unsigned.toString())
                .expect(ExitCodes.BAD_SIGNATURE).err();
        assertEquals("hexz: " + unsigned + ": is not signed\n", notSigned);

        // a's signature section put on another archive signed by the same key
        Path b = archive("b", 3);
        Cli.run("sign", "--key", k.resolve("me.key").toString(), b.toString()).expect(ExitCodes.OK);
        byte[] ab = Files.readAllBytes(a);
        byte[] bb = Files.readAllBytes(b);
        System.arraycopy(ab, ab.length - 132, bb, bb.length - 132, 132);
        Files.write(b, bb);
        String moved = Cli.run("verify", "--key", k.resolve("me.pub").toString(), b.toString())
                .expect(ExitCodes.BAD_SIGNATURE).err();
        assertTrue(moved.contains("the signature does not match the archive"), moved);
        assertEquals(1, moved.lines().count(), moved);
        // plain verify of a signed archive checks the signature against the key it names
        Cli.run("verify", b.toString()).expect(ExitCodes.BAD_SIGNATURE);
    }

    @Test
    void badKeyFilesAreOneLineAndExit13() throws IOException {
        Path k = keys("me");
        Path a = archive("a", 1);
        String pub = Cli.run("sign", "--key", k.resolve("me.pub").toString(), a.toString()).expect(ExitCodes.BAD_KEY).err();
        assertTrue(pub.contains("is a public key"), pub);
        Path truncated = tmp.resolve("truncated.key");
        Files.writeString(truncated, Files.readString(k.resolve("me.key")).substring(0, 40));
        assertTrue(Cli.run("sign", "--key", truncated.toString(), a.toString()).expect(ExitCodes.BAD_KEY).err()
                .contains("truncated"));
        Path garbage = tmp.resolve("garbage.pub");
        Files.write(garbage, TestTrees.random(500, 9));
        assertTrue(Cli.run("verify", "--key", garbage.toString(), a.toString()).expect(ExitCodes.BAD_KEY).err()
                .contains("not a hexz key file"));
        Cli.run("sign", "--key", tmp.resolve("missing.key").toString(), a.toString()).expect(ExitCodes.NOT_FOUND);
        Cli.run("sign", "--key", k.resolve("me.key").toString(), tmp.resolve("missing.hxz").toString())
                .expect(ExitCodes.NOT_FOUND);
        assertTrue(!Cli.run("inspect", a.toString()).expect(ExitCodes.OK).out().contains("signed        yes"),
                "nothing was signed by the failed attempts");
    }
}
