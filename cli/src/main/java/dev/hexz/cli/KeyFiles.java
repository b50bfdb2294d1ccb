package dev.hexz.cli;

import dev.hexz.format.sign.KeyFileException;
import dev.hexz.format.sign.KeyText;
import dev.hexz.format.sign.SigningKey;
import dev.hexz.format.sign.VerifyingKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading and writing the key files of {@code hexz keygen}, {@code sign} and {@code verify --key}. */
final class KeyFiles {

    /** A key file is one short line; anything much longer is not one (and is not read whole). */
    private static final int MAX_BYTES = 4096;

    private KeyFiles() {
    }

    static SigningKey readSecret(Path file) throws IOException {
        return KeyText.parseSecret(read(file), file.toString());
    }

    static VerifyingKey readPublic(Path file) throws IOException {
        return KeyText.parsePublic(read(file), file.toString());
    }

    static byte[] readEncryptionKey(Path file) throws IOException {
        return KeyText.parseEncryptionKey(read(file), file.toString());
    }

    private static String read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new KeyFileException(file.toString(), "is a directory, not a key file");
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(MAX_BYTES + 1);
        }
        if (b.length > MAX_BYTES) {
            throw new KeyFileException(file.toString(), "not a hexz key file (over " + MAX_BYTES + " bytes)");
        }
        try {
            return StandardCharsets.US_ASCII.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new KeyFileException(file.toString(), "not a hexz key file (it is not text)");
        }
    }

    /**
     * Writes {@code text} to {@code file} with {@code permissions} from the moment it exists (a
     * secret key is never readable by others, not even briefly), through a temporary file in
     * the same directory renamed into place.
     */
    static void write(Path file, String text, String permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
