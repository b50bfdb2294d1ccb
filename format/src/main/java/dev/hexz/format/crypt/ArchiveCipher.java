package dev.hexz.format.crypt;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM (the JDK's, which uses AES-NI and carry-less multiply) under one archive key.
 * Every object an archive stores is sealed on its own with a 12-byte nonce that is unique under
 * the key and 16 bytes of associated data that bind it to its place, and stored as ciphertext
 * then the 16-byte tag (format/SPEC.md, "Encryption"). Thread-safe: each thread has its own
 * {@link Cipher}.
 */
public final class ArchiveCipher {

    /** Bytes a sealed object has beyond its plaintext: the GCM tag. */
    public static final int TAG = 16;
    public static final int NONCE = 12;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ArchiveCipher::newCipher);

    public ArchiveCipher(byte[] archiveKey) {
        if (archiveKey.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key, got " + archiveKey.length);
        }
        this.key = new SecretKeySpec(archiveKey, "AES");
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM: " + e, e);
        }
    }

    /**
     * Seals {@code len} bytes of {@code in} into {@code out} at {@code outOff} (which must have
     * room for {@code len + TAG}); returns {@code len + TAG}. {@code in} and {@code out} may be
     * the same array at the same offset.
     */
    public int seal(byte[] in, int off, int len, byte[] out, int outOff, byte[] nonce, byte[] aad) {
        try {
            Cipher c = ciphers.get();
            GCMParameterSpec spec = new GCMParameterSpec(TAG * 8, nonce);
            try {
                c.init(Cipher.ENCRYPT_MODE, key, spec);
            } catch (java.security.InvalidAlgorithmParameterException e) {
                // the JDK refuses to encrypt twice in a row under one key and nonce with one Cipher;
                // sealing the same block twice (before dedup drops one copy) is that, and harmless:
                // the same plaintext under the same nonce gives the same bytes
                c = newCipher();
                ciphers.set(c);
                c.init(Cipher.ENCRYPT_MODE, key, spec);
            }
            c.updateAAD(aad);
            return c.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e, e);
        }
    }

    public byte[] seal(byte[] in, int off, int len, byte[] nonce, byte[] aad) {
        byte[] out = new byte[len + TAG];
        seal(in, off, len, out, 0, nonce, aad);
        return out;
    }

    /**
     * Opens {@code len} sealed bytes of {@code in}; returns the plaintext ({@code len - TAG}
     * bytes).
     *
     * @throws AEADBadTagException if the bytes, nonce or associated data are not what was sealed
     */
    public byte[] open(byte[] in, int off, int len, byte[] nonce, byte[] aad) throws AEADBadTagException {
        if (len < TAG) {
            throw new AEADBadTagException("sealed object of " + len + " bytes is shorter than its tag");
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[len - TAG];
            c.doFinal(in, off, len, out, 0);
            return out;
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed: " + e, e);
        }
    }
}
