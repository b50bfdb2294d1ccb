package dev.hexz.cli;

import dev.hexz.format.ArchiveSigner;
import dev.hexz.format.SignatureSlot;
import dev.hexz.format.sign.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz sign --key SECRET ARCHIVE}: sign an archive in place. */
@Command(name = "sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign an archive with an Ed25519 secret key (from hexz keygen). The signature covers the header, the"
                + " index (which holds every block's hash), the manifest and metadata, and for a thin archive its"
                + " parent's identity: hexz verify --key PUBLIC ARCHIVE then proves no byte changed.",
            "The archive is changed in place: a 132-byte signature section at its end and its header; its blocks,"
                + " id and index are untouched, so thin archives built on it still work. Signing again replaces"
                + " the signature.",
        },
        sortOptions = false)
final class SignCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Option(names = {"-k", "--key"}, paramLabel = "SECRET", required = true,
            description = "The secret key file (NAME.key from hexz keygen).")
    private Path key;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to sign.")
    private Path archive;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(archive)) {
            throw new NoSuchFileException(archive.toString());
        }
        SigningKey k = KeyFiles.readSecret(key);
        SignatureSlot slot = ArchiveSigner.sign(archive, k, Secrets.current());
        Terminal term = main.terminal();
        if (!term.quiet()) {
            term.out().println("signed " + archive + " with key " + slot.fingerprintText());
        }
        return ExitCodes.OK;
    }
}
