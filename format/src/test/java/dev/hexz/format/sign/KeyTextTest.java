package dev.hexz.format.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyTextTest {

    private final SigningKey key = SigningKey.generate(new SecureRandom());

    @Test
    void bothHalvesRoundTripThroughTheirText() throws KeyFileException {
        String secret = KeyText.secret(key);
        String pub = KeyText.publicKey(key.publicKey());
        assertTrue(secret.startsWith("hexz-ed25519-secret-key ") && secret.endsWith("\n"), secret);
        assertTrue(pub.startsWith("hexz-ed25519-public-key "), pub);
        assertArrayEquals(key.seed(), KeyText.parseSecret(secret, "k").seed());
        assertEquals(key.publicKey(), KeyText.parsePublic(pub, "k.pub"));
        assertEquals(key.publicKey(), KeyText.parsePublic("  " + pub.strip() + "\r\n\n", "k.pub"), "white space ignored");
        assertEquals(key.publicKey(), KeyText.parsePublic(secret, "k"), "a secret key yields its public half");
    }

    private static String problem(String text, boolean secret) {
        KeyFileException e = assertThrows(KeyFileException.class,
                () -> {
                    if (secret) {
                        KeyText.parseSecret(text, "F");
                    } else {
                        KeyText.parsePublic(text, "F");
                    }
                });
        assertTrue(e.getMessage().startsWith("F: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        return e.getMessage();
    }

    @Test
    void eachBadKeyFileGetsItsOwnMessage() {
        String secret = KeyText.secret(key);
        String pub = KeyText.publicKey(key.publicKey());
        assertTrue(problem(pub, true).contains("is a public key; signing needs the secret key"));
        assertTrue(problem("", true).contains("empty file"));
        assertTrue(problem(secret.substring(0, secret.length() - 10), true).contains("truncated"));
        assertTrue(problem("hexz-ed25519-secret-key", true).contains("truncated"));
        assertTrue(problem("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host", false).contains("not a hexz key file"));
        assertTrue(problem("hexz-ed25519-public-key !!!notbase64!!!", false).contains("not valid base64"));
        // one character of the key changed: the check bytes catch it
        int at = "hexz-ed25519-secret-key ".length() + 5;
        char c = secret.charAt(at) == 'A' ? 'B' : 'A';
        String edited = secret.substring(0, at) + c + secret.substring(at + 1);
        assertTrue(problem(edited, true).contains("damaged"));
        String editedPub = pub.substring(0, at) + (pub.charAt(at) == 'A' ? 'B' : 'A') + pub.substring(at + 1);
        assertTrue(problem(editedPub, false).contains("damaged"));
    }
}
