package dev.hexz.format.sign;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The secret half of an Ed25519 key pair (its 32-byte seed) with its public half. Ed25519
 * signatures are deterministic: the same key and message always give the same 64 bytes.
 */
public final class SigningKey {

    public static final int LENGTH = 32;

    private final Ed25519PrivateKeyParameters params;
    private final VerifyingKey publicKey;

    private SigningKey(Ed25519PrivateKeyParameters params) {
        this.params = params;
        this.publicKey = VerifyingKey.of(params.generatePublicKey().getEncoded());
    }

    /** A new key from {@code random} (a {@link SecureRandom} for any real key). */
    public static SigningKey generate(SecureRandom random) {
        return new SigningKey(new Ed25519PrivateKeyParameters(random));
    }

    /** The key whose 32-byte seed is {@code seed}. */
    public static SigningKey ofSeed(byte[] seed) {
        if (seed.length != LENGTH) {
            throw new IllegalArgumentException("an Ed25519 secret key is 32 bytes, got " + seed.length);
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** The 32-byte seed: the secret itself. */
    public byte[] seed() {
        return params.getEncoded();
    }

    public VerifyingKey publicKey() {
        return publicKey;
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, params);
        s.update(message, 0, message.length);
        return s.generateSignature();
    }
}
