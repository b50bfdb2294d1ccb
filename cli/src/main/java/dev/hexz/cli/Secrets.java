package dev.hexz.cli;

import dev.hexz.format.EncryptionSlot;
import dev.hexz.format.KeyRequiredException;
import dev.hexz.format.KeySource;
import dev.hexz.format.WriterEncryption;
import dev.hexz.format.crypt.Argon2Params;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.crypt.PasswordKdf;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where this command line gets the key of an encrypted archive: {@code --key-file}, else the
 * password from {@code --password-file}, {@code HEXZ_PASSWORD}, or a prompt without echo when
 * there is a terminal (never from the command line itself). One per command run: a password is
 * asked once and each Argon2id derivation done once, however many archives of a chain are
 * opened.
 */
final class Secrets implements KeySource {

    /** The environment variable holding a password. */
    static final String ENV = "HEXZ_PASSWORD";
    /**
     * Set (to 1) in the environment of a mount server or workspace daemon whose command hands it
     * the master key it derived and checked on its standard input: one line, the key in hex. The
     * server then needs no password and no second Argon2id run, and the key is in no environment
     * or command line another process could read.
     */
    static final String KEY_ON_STDIN_ENV = "HEXZ_KEY_ON_STDIN";

    /** The master key a server for an encrypted archive is handed (see {@link #KEY_ON_STDIN_ENV}). */
    record Handoff(MasterKey key) {
    }

    private static MasterKey handed;
    private static boolean handedRead;
    /**
     * System property overriding the Argon2id costs of new archives, "MEMORY_KIB,PASSES,LANES"
     * (for tests, which must not spend 64 MiB and half a second per archive).
     */
    static final String ARGON2_PROPERTY = "hexz.argon2";

    private static volatile Secrets current = new Secrets(null, null, false);

    private final Path passwordFile;
    private final Path keyFile;
    private final boolean mayPrompt;
    private char[] password;
    private final Map<String, MasterKey> derived = new HashMap<>();

    Secrets(Path passwordFile, Path keyFile, boolean mayPrompt) {
        this.passwordFile = passwordFile;
        this.keyFile = keyFile;
        this.mayPrompt = mayPrompt;
    }

    /** The secrets of the command being run. */
    static Secrets current() {
        return current;
    }

    static void use(Secrets s) {
        current = s;
        dev.hexz.workspace.ArchiveKeys.use(s);
    }

    /** Whether a password file or key file was named on the command line. */
    boolean explicit() {
        return passwordFile != null || keyFile != null;
    }

    /** Whether both a key file and a password file were given (ambiguous for a new archive). */
    boolean bothGiven() {
        return passwordFile != null && keyFile != null;
    }

    /** The option that was given, for messages. */
    String explicitOption() {
        return keyFile != null ? "--key-file" : "--password-file";
    }

    @Override
    public synchronized MasterKey masterKey(String archive, EncryptionSlot slot) throws IOException {
        MasterKey given = handedKey();
        if (given != null && given.matches(slot.keyCheck(), slot.archiveSalt())) {
            return given;
        }
        if (slot.keySource() == EncryptionSlot.KEY_FILE) {
            if (keyFile == null) {
                throw new KeyRequiredException(archive, "is encrypted with a key file: give it with --key-file");
            }
            return MasterKey.of(KeyFiles.readEncryptionKey(keyFile));
        }
        if (keyFile != null && passwordFile == null) {
            throw new KeyRequiredException(archive, "is encrypted with a password, not a key file: give the password"
                    + " (HEXZ_PASSWORD, --password-file, or at the prompt)");
        }
        String cacheKey = HexFormat.of().formatHex(slot.kdfSalt()) + slot.kdf();
        MasterKey m = derived.get(cacheKey);
        if (m == null) {
            m = PasswordKdf.derive(password(archive, false), slot.kdfSalt(), slot.kdf());
            derived.put(cacheKey, m);
        }
        return m;
    }

    /**
     * What a server started for {@code archive} must be handed: for an encrypted archive its
     * master key (derived and checked here, where a prompt can be answered, by opening the
     * archive as a reader would: the same errors); null for a plain one.
     */
    Handoff forServer(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            return null; // the server says what is wrong with it
        }
        // a missing or malformed key or password file is the user's error, said as such: below,
        // any I/O error is taken for damage to the archive, which the server reports
        if (keyFile != null) {
            KeyFiles.readEncryptionKey(keyFile);
        }
        if (passwordFile != null) {
            password(archive.toString(), false);
        }
        try (dev.hexz.format.ArchiveReader r = dev.hexz.format.ArchiveReader.openWithoutAncestors(archive,
                dev.hexz.format.ReaderOptions.defaults().withKeys(this))) {
            if (!r.isEncrypted() && explicit()) {
                throw new CliException(ExitCodes.USAGE, archive + ": is not encrypted; " + explicitOption()
                        + " is only for encrypted archives");
            }
            return r.isEncrypted() ? new Handoff(r.masterKey()) : null;
        } catch (dev.hexz.format.KeyRequiredException | dev.hexz.format.WrongKeyException e) {
            throw e;
        } catch (IOException e) {
            return null; // damage: the server reports it, as for a plain archive
        }
    }

    /**
     * The master key this process was handed on its standard input (read once, at the first
     * encrypted archive), or null when it was started without one.
     */
    private static synchronized MasterKey handedKey() {
        if (!handedRead) {
            handedRead = true;
            if ("1".equals(System.getenv(KEY_ON_STDIN_ENV))) {
                try {
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                            StandardCharsets.US_ASCII)).readLine();
                    if (line != null && line.strip().length() == 2 * MasterKey.LENGTH) {
                        handed = MasterKey.of(HexFormat.of().parseHex(line.strip()));
                    }
                } catch (IOException | IllegalArgumentException e) {
                    handed = null; // then the archive asks for its key as usual, and says so
                }
            }
        }
        return handed;
    }

    /** How a new archive is encrypted: with the key file, or the password (asked twice at a prompt). */
    WriterEncryption forWriting(String archive) throws IOException {
        if (keyFile != null) {
            return WriterEncryption.keyFile(KeyFiles.readEncryptionKey(keyFile));
        }
        return WriterEncryption.password(password(archive, true), argon2(), new SecureRandom());
    }

    private static Argon2Params argon2() {
        String p = System.getProperty(ARGON2_PROPERTY);
        if (p == null || p.isBlank()) {
            return Argon2Params.DEFAULT;
        }
        String[] f = p.split(",");
        return new Argon2Params(Integer.parseInt(f[0].strip()), Integer.parseInt(f[1].strip()), Integer.parseInt(f[2].strip()));
    }

    private char[] password(String archive, boolean confirm) throws IOException {
        if (password != null) {
            return password;
        }
        if (passwordFile != null) {
            password = readPasswordFile(passwordFile);
        } else if (System.getenv(ENV) != null && !System.getenv(ENV).isEmpty()) {
            password = System.getenv(ENV).toCharArray();
        } else {
            Console console = mayPrompt ? System.console() : null;
            if (console == null) {
                throw new KeyRequiredException(archive, (confirm ? "needs a password to be encrypted" : "is encrypted")
                        + ": give the password with HEXZ_PASSWORD or --password-file (there is no terminal to ask on),"
                        + " or use --key-file");
            }
            char[] first = console.readPassword("hexz: password for %s: ", archive);
            if (first == null || first.length == 0) {
                throw new KeyRequiredException(archive, "no password given");
            }
            if (confirm) {
                char[] again = console.readPassword("hexz: the same password again: ");
                if (again == null || !Arrays.equals(first, again)) {
                    throw new KeyRequiredException(archive, "the two passwords differ; nothing was written");
                }
            }
            password = first;
        }
        return password;
    }

    /** The first line of {@code file}, without its line end (as restic and borg read theirs). */
    private static char[] readPasswordFile(Path file) throws IOException {
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            b = in.readNBytes(64 * 1024);
        }
        String text = new String(b, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw new KeyRequiredException(file.toString(), "the password file's first line is empty");
        }
        return line.toCharArray();
    }
}
