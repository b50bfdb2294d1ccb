package dev.hexz.format;

import dev.hexz.format.crypt.Argon2Params;
import java.util.Arrays;

/**
 * The header's encryption slot (format/SPEC.md, "Encryption"): everything a reader needs to
 * derive the archive's keys, and where the sealed header is. Nothing in it reveals the content.
 *
 * @param keySource {@link #PASSWORD} (Argon2id of a password; {@code kdf} and {@code kdfSalt}
 *     say how) or {@link #KEY_FILE} (the master key is a key file's 32 bytes)
 * @param kdf Argon2id parameters (null for a key file)
 * @param kdfSalt the Argon2id salt, 16 bytes (zeros for a key file); a thin archive has its
 *     parent's, so one derivation opens the whole chain
 * @param archiveSalt 16 random bytes of this archive from which its AES key is derived
 * @param keyCheck 32 bytes derived from the master key: tells a wrong password from damage
 * @param sealedOffset where the sealed (encrypted) full header is
 * @param sealedLength its length: 4096 + 16
 */
public record EncryptionSlot(int keySource, Argon2Params kdf, byte[] kdfSalt, byte[] archiveSalt, byte[] keyCheck,
        long sealedOffset, long sealedLength) {

    public static final int PASSWORD = 1;
    public static final int KEY_FILE = 2;
    /** Cipher id of AES-256-GCM, the only one defined. */
    public static final int AES_256_GCM = 1;

    public EncryptionSlot {
        if (kdfSalt.length != 16 || archiveSalt.length != 16 || keyCheck.length != 32) {
            throw new IllegalArgumentException("salts are 16 bytes and the key check 32");
        }
        if ((keySource == PASSWORD) != (kdf != null)) {
            throw new IllegalArgumentException("Argon2id parameters go with a password, and only with one");
        }
        kdfSalt = kdfSalt.clone();
        archiveSalt = archiveSalt.clone();
        keyCheck = keyCheck.clone();
    }

    /** The same slot pointing at a sealed header at {@code offset}. */
    public EncryptionSlot sealedAt(long offset, long length) {
        return new EncryptionSlot(keySource, kdf, kdfSalt, archiveSalt, keyCheck, offset, length);
    }

    @Override
    public byte[] kdfSalt() {
        return kdfSalt.clone();
    }

    @Override
    public byte[] archiveSalt() {
        return archiveSalt.clone();
    }

    @Override
    public byte[] keyCheck() {
        return keyCheck.clone();
    }

    public String keySourceName() {
        return keySource == PASSWORD ? "password" : "key file";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncryptionSlot s && keySource == s.keySource && java.util.Objects.equals(kdf, s.kdf)
                && Arrays.equals(kdfSalt, s.kdfSalt) && Arrays.equals(archiveSalt, s.archiveSalt)
                && Arrays.equals(keyCheck, s.keyCheck) && sealedOffset == s.sealedOffset && sealedLength == s.sealedLength;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(archiveSalt);
    }
}
