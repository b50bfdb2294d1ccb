package dev.hexz.cli;

import dev.hexz.format.sign.KeyText;
import dev.hexz.format.sign.SigningKey;
import dev.hexz.store.HexzHome;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz keygen}: a new Ed25519 key pair for signing archives. */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        description = {
            "Make a new Ed25519 key pair for signing archives: NAME.key, the secret key (mode 0600: keep it to"
                + " yourself), and NAME.pub, the public key to give to whoever checks your archives"
                + " (hexz verify --key NAME.pub ARCHIVE).",
            "Prints the key's fingerprint, which hexz inspect shows for archives it signed.",
        },
        sortOptions = false)
final class KeygenCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Directory for the key files (default: $HEXZ_HOME/keys, i.e. ~/.hexz/keys).")
    private Path dir;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "hexz",
            description = "Base name of the key files (default: ${DEFAULT-VALUE}).")
    private String name;

    @Option(names = {"-f", "--force"}, description = "Replace key files that exist (their old keys are lost).")
    private boolean force;

    @Option(names = "--encryption", description = "Make an encryption key instead: NAME.hexzkey (mode 0600), for"
            + " --encrypt --key-file NAME.hexzkey, and --key-file to read what it encrypted. Whoever has it reads those"
            + " archives; without it nobody does.")
    private boolean encryption;

    @Override
    public Integer call() throws IOException {
        if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
            throw new ParameterException(spec.commandLine(), "--name must be a plain file name, got '" + name + "'");
        }
        Path out = dir != null ? dir : HexzHome.home().resolve("keys");
        if (!Files.isDirectory(out)) {
            Files.createDirectories(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (encryption) {
            return encryptionKey(out);
        }
        Path secret = out.resolve(name + ".key");
        Path pub = out.resolve(name + ".pub");
        if (!force) {
            for (Path p : new Path[] {secret, pub}) {
                if (Files.exists(p)) {
                    throw new FileAlreadyExistsException(p.toString(), null,
                            "already exists (a key there would be lost; --force replaces it, or choose --name)");
                }
            }
        }
        SigningKey key = SigningKey.generate(new SecureRandom());
        KeyFiles.write(secret, KeyText.secret(key), "rw-------");
        KeyFiles.write(pub, KeyText.publicKey(key.publicKey()), "rw-r--r--");
        Terminal term = main.terminal();
        if (!term.quiet()) {
            term.out().println("secret key:  " + secret + " (keep it private)");
            term.out().println("public key:  " + pub);
            term.out().println("fingerprint: " + key.publicKey().fingerprintText());
        }
        return ExitCodes.OK;
    }

    private int encryptionKey(Path out) throws IOException {
        Path file = out.resolve(name + ".hexzkey");
        if (!force && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null,
                    "already exists (archives encrypted with it need it; --force replaces it, or choose --name)");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KeyFiles.write(file, KeyText.encryptionKey(key), "rw-------");
        Terminal term = main.terminal();
        if (!term.quiet()) {
            term.out().println("encryption key: " + file + " (keep it private, and keep a copy: without it the"
                    + " archives it encrypts cannot be read)");
        }
        return ExitCodes.OK;
    }
}
