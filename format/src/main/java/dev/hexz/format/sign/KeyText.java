package dev.hexz.format.sign;

import dev.hexz.format.hash.Blake3;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The one-line text form of a key file: {@code LABEL BASE64}, where the label names the kind of
 * key and the base64 holds the key's 32 bytes then a 4-byte check (the first bytes of the
 * BLAKE3-256 of the label, a space and the key), so that a truncated or edited file, or a key of
 * the other kind, is reported as such instead of signing with garbage. A final newline and
 * surrounding white space are ignored. Knows nothing of files: callers pass the text and the
 * name to put in errors.
 */
public final class KeyText {

    static final String SECRET_LABEL = "hexz-ed25519-secret-key";
    static final String PUBLIC_LABEL = "hexz-ed25519-public-key";
    static final String ENCRYPTION_LABEL = "hexz-encryption-key";
    private static final int CHECK_LENGTH = 4;

    private KeyText() {
    }

    public static String secret(SigningKey key) {
        return encode(SECRET_LABEL, key.seed());
    }

    public static String publicKey(VerifyingKey key) {
        return encode(PUBLIC_LABEL, key.bytes());
    }

    /** The text of an encryption key file (a 32-byte master key, {@code hexz keygen --encryption}). */
    public static String encryptionKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an encryption key is 32 bytes, got " + key.length);
        }
        return encode(ENCRYPTION_LABEL, key);
    }

    /** The 32-byte encryption key written in {@code text} (the contents of the file {@code name}). */
    public static byte[] parseEncryptionKey(String text, String name) throws KeyFileException {
        String[] parts = split(text, name);
        if (parts[0].equals(SECRET_LABEL) || parts[0].equals(PUBLIC_LABEL)) {
            throw new KeyFileException(name, "is a signing key; encryption needs an encryption key file (hexz keygen"
                    + " --encryption)");
        }
        if (!parts[0].equals(ENCRYPTION_LABEL)) {
            throw notAKey(name);
        }
        return decode(parts, 32, name);
    }

    /** The signing key written in {@code text} (the contents of the file {@code name}). */
    public static SigningKey parseSecret(String text, String name) throws KeyFileException {
        String[] parts = split(text, name);
        if (parts[0].equals(PUBLIC_LABEL)) {
            throw new KeyFileException(name, "is a public key; signing needs the secret key (the .key file that"
                    + " hexz keygen wrote beside it)");
        }
        if (parts[0].equals(ENCRYPTION_LABEL)) {
            throw new KeyFileException(name, "is an encryption key; signing needs a secret signing key (hexz keygen)");
        }
        if (!parts[0].equals(SECRET_LABEL)) {
            throw notAKey(name);
        }
        return SigningKey.ofSeed(decode(parts, SigningKey.LENGTH, name));
    }

    /**
     * The verifying key written in {@code text}: a public key file, or a secret key file (whose
     * public half is derived; the holder of the secret may check their own signatures).
     */
    public static VerifyingKey parsePublic(String text, String name) throws KeyFileException {
        String[] parts = split(text, name);
        if (parts[0].equals(SECRET_LABEL)) {
            return parseSecret(text, name).publicKey();
        }
        if (parts[0].equals(ENCRYPTION_LABEL)) {
            throw new KeyFileException(name, "is an encryption key; checking a signature needs a public signing key"
                    + " (the .pub file from hexz keygen)");
        }
        if (!parts[0].equals(PUBLIC_LABEL)) {
            throw notAKey(name);
        }
        byte[] key = decode(parts, VerifyingKey.LENGTH, name);
        try {
            return VerifyingKey.of(key);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(name, "damaged: its 32 bytes are not an Ed25519 public key");
        }
    }

    private static String encode(String label, byte[] key) {
        byte[] all = Arrays.copyOf(key, key.length + CHECK_LENGTH);
        System.arraycopy(check(label, key), 0, all, key.length, CHECK_LENGTH);
        return label + " " + Base64.getEncoder().encodeToString(all) + "\n";
    }

    private static String[] split(String text, String name) throws KeyFileException {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new KeyFileException(name, "empty file, not a hexz key");
        }
        String[] parts = t.split("\\s+");
        if (parts.length == 1 && (parts[0].equals(SECRET_LABEL) || parts[0].equals(PUBLIC_LABEL)
                || parts[0].equals(ENCRYPTION_LABEL))) {
            throw new KeyFileException(name, "truncated: the key after '" + parts[0] + "' is missing");
        }
        if (parts.length != 2) {
            throw notAKey(name);
        }
        return parts;
    }

    private static KeyFileException notAKey(String name) {
        return new KeyFileException(name, "not a hexz key file (it should start with " + SECRET_LABEL + ", "
                + PUBLIC_LABEL + " or " + ENCRYPTION_LABEL + "; hexz keygen writes them)");
    }

    private static byte[] decode(String[] parts, int length, String name) throws KeyFileException {
        byte[] all;
        try {
            all = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(name, "damaged: the key is not valid base64");
        }
        if (all.length != length + CHECK_LENGTH) {
            throw new KeyFileException(name, (all.length < length + CHECK_LENGTH ? "truncated" : "damaged")
                    + ": the key holds " + all.length + " bytes, expected " + (length + CHECK_LENGTH));
        }
        byte[] key = Arrays.copyOf(all, length);
        if (!Arrays.equals(check(parts[0], key), 0, CHECK_LENGTH, all, length, length + CHECK_LENGTH)) {
            throw new KeyFileException(name, "damaged: the key does not match its check bytes");
        }
        return key;
    }

    private static byte[] check(String label, byte[] key) {
        byte[] l = (label + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] in = Arrays.copyOf(l, l.length + key.length);
        System.arraycopy(key, 0, in, l.length, key.length);
        return Arrays.copyOf(Blake3.hash(in, 0, in.length), CHECK_LENGTH);
    }
}
