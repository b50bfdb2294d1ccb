package dev.hexz.format.crypt;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (BouncyCastle) from a password and salt to a master key. */
public final class PasswordKdf {

    public static final int SALT_LENGTH = 16;

    private PasswordKdf() {
    }

    /** The master key for {@code password} (its UTF-8 bytes) with {@code salt} and {@code params}. */
    public static MasterKey derive(char[] password, byte[] salt, Argon2Params params) {
        Argon2Parameters p = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.lanes())
                .build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(p);
        byte[] pw = utf8(password);
        byte[] out = new byte[MasterKey.LENGTH];
        try {
            g.generateBytes(pw, out);
            return MasterKey.of(out);
        } catch (OutOfMemoryError e) {
            throw new java.io.UncheckedIOException(new java.io.IOException("Argon2id with " + params.memoryKiB()
                    + " KiB needs more memory than this JVM may use (-Xmx)"));
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(out, (byte) 0);
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
