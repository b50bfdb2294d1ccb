package dev.hexz.format;

import dev.hexz.format.crypt.Argon2Params;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.crypt.PasswordKdf;
import java.security.SecureRandom;

/**
 * How a writer encrypts: the master key and how a reader derives it again (a password with
 * Argon2id costs and salt, or a key file). {@code archiveSalt} is normally null (random per
 * archive); tests that pin bytes set it.
 */
public record WriterEncryption(MasterKey master, int keySource, Argon2Params kdf, byte[] kdfSalt, byte[] archiveSalt) {

    public WriterEncryption {
        if (kdfSalt == null || kdfSalt.length != PasswordKdf.SALT_LENGTH) {
            throw new IllegalArgumentException("the KDF salt is " + PasswordKdf.SALT_LENGTH + " bytes");
        }
        if (archiveSalt != null && archiveSalt.length != 16) {
            throw new IllegalArgumentException("the archive salt is 16 bytes");
        }
    }

    /** A password, stretched with Argon2id ({@code params}) and a new random salt. */
    public static WriterEncryption password(char[] password, Argon2Params params, SecureRandom random) {
        byte[] salt = new byte[PasswordKdf.SALT_LENGTH];
        random.nextBytes(salt);
        return password(password, params, salt);
    }

    /** A password with a given salt (for reproducible test archives). */
    public static WriterEncryption password(char[] password, Argon2Params params, byte[] salt) {
        return new WriterEncryption(PasswordKdf.derive(password, salt, params), EncryptionSlot.PASSWORD, params, salt, null);
    }

    /** A 32-byte key (a key file's). */
    public static WriterEncryption keyFile(byte[] key) {
        return new WriterEncryption(MasterKey.of(key), EncryptionSlot.KEY_FILE, null, new byte[PasswordKdf.SALT_LENGTH], null);
    }

    /**
     * The encryption of a thin archive on {@code parent} (which is encrypted): the parent's master
     * key and its KDF costs and salt, so one password opens the whole chain and keyed block hashes
     * match the parent's.
     */
    public static WriterEncryption sameAs(ArchiveReader parent) {
        EncryptionSlot s = parent.header().encryption();
        return new WriterEncryption(parent.masterKey(), s.keySource(), s.kdf(), s.kdfSalt(), null);
    }

    public WriterEncryption withArchiveSalt(byte[] salt) {
        return new WriterEncryption(master, keySource, kdf, kdfSalt, salt);
    }

    /** The slot a writer puts in the header (before the sealed header's place is known). */
    EncryptionSlot slot(byte[] salt) {
        return new EncryptionSlot(keySource, kdf, kdfSalt, salt, master.keyCheck(salt), 0, 0);
    }
}
