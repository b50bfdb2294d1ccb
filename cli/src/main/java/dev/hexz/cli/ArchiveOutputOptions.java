package dev.hexz.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options of every command that writes an archive (pack, build, flatten): a picocli mixin. */
final class ArchiveOutputOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = {"-f", "--force"}, description = "Replace OUTPUT if it exists.")
    boolean force;

    /** Worker threads, or null for all cores. */
    Integer threads;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--encrypt", description = "Encrypt the archive (AES-256-GCM) with a password (HEXZ_PASSWORD,"
            + " --password-file, or asked twice at the prompt) or --key-file. A thin archive of an encrypted --base is"
            + " encrypted with the base's key anyway.")
    boolean encrypt;

    /**
     * {@code options} encrypted as the command line asks for {@code output}, a new archive whose
     * parent is {@code parent} (null: none). An encrypted parent's key is used whatever is given
     * (the format does that); a password or key file without {@code --encrypt} is refused rather
     * than silently writing a plain archive.
     */
    dev.hexz.format.WriterOptions encryption(dev.hexz.format.WriterOptions options, java.nio.file.Path output,
            dev.hexz.format.ArchiveReader parent) throws java.io.IOException {
        Secrets s = Secrets.current();
        if (parent != null && parent.isEncrypted()) {
            return options; // the chain's key: the writer takes it from the parent
        }
        if (!encrypt && parent != null && s.explicit()) {
            throw new ParameterException(mixee.commandLine(), "the --base archive " + parent.name() + " is not"
                    + " encrypted and --encrypt was not given: " + s.explicitOption() + " is not used");
        }
        if (!encrypt) {
            if (s.explicit()) {
                throw new ParameterException(mixee.commandLine(), s.explicitOption() + " was given without --encrypt: "
                        + output + " would not be encrypted (add --encrypt)");
            }
            return options;
        }
        if (parent != null) {
            throw new ParameterException(mixee.commandLine(), "--encrypt: the --base archive " + parent.name()
                    + " is not encrypted, and a chain is encrypted as a whole (make an encrypted copy of it with"
                    + " 'hexz flatten --encrypt', and use that as --base)");
        }
        if (s.bothGiven()) {
            throw new ParameterException(mixee.commandLine(), "--encrypt with both --key-file and --password-file:"
                    + " an archive is encrypted with one of them; give only the one to use");
        }
        return options.withEncryption(s.forWriting(output.toString()));
    }

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    void threads(int n) {
        if (n < 1) {
            throw new ParameterException(mixee.commandLine(), "--threads must be at least 1, got " + n);
        }
        threads = n;
    }
}
