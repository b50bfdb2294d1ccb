package dev.hexz.format.sign;

import dev.hexz.format.SignatureSlot;
import dev.hexz.format.hash.Blake3;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The public half of an Ed25519 key pair: checks signatures, and is named by its fingerprint. */
public final class VerifyingKey {

    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final Ed25519PublicKeyParameters params;

    private VerifyingKey(byte[] bytes, Ed25519PublicKeyParameters params) {
        this.bytes = bytes;
        this.params = params;
    }

    /**
     * The key encoded as {@code bytes} (32 bytes, RFC 8032).
     *
     * @throws IllegalArgumentException if the bytes are not 32 or not a point of the curve
     */
    public static VerifyingKey of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + bytes.length);
        }
        byte[] copy = bytes.clone();
        return new VerifyingKey(copy, new Ed25519PublicKeyParameters(copy, 0));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** BLAKE3-256 of the key's 32 bytes: what an archive's header records of its signer. */
    public byte[] fingerprint() {
        return fingerprint(bytes);
    }

    /** The fingerprint as {@code inspect} shows it. */
    public String fingerprintText() {
        return SignatureSlot.fingerprintText(fingerprint());
    }

    static byte[] fingerprint(byte[] publicKey) {
        return Blake3.hash(publicKey, 0, publicKey.length);
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
    public boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        Ed25519Signer v = new Ed25519Signer();
        v.init(false, params);
        v.update(message, 0, message.length);
        return v.verifySignature(signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return fingerprintText();
    }
}
