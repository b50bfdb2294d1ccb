package dev.hexz.cli;

import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ReaderOptions;
import dev.hexz.format.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening archives named on the command line, with the CLI's error messages. */
final class Archives {

    private Archives() {
    }

    /**
     * Opens {@code path}: a missing file is {@link ExitCodes#NOT_FOUND}, a directory
     * {@link ExitCodes#CORRUPT} (it is not an archive), anything the reader rejects keeps the
     * reader's exception (which names the archive and the offset).
     */
    static ArchiveReader open(Path path) throws IOException {
        return open(path, ReaderOptions.defaults());
    }

    /** {@link #open(Path)} with the given cache and read-ahead. */
    static ArchiveReader open(Path path, ReaderOptions options) throws IOException {
        check(path);
        return checkSecretsUsed(ArchiveReader.open(path, options.withKeys(Secrets.current()), StoreFallback.INSTANCE));
    }

    /** {@link #open(Path)} without looking for a thin archive's ancestors (see {@link ArchiveReader#openWithoutAncestors}). */
    static ArchiveReader openWithoutAncestors(Path path) throws IOException {
        check(path);
        return checkSecretsUsed(ArchiveReader.openWithoutAncestors(path, ReaderOptions.defaults().withKeys(Secrets.current())));
    }

    /**
     * {@link #open(Path)} that accepts a plain archive even when a password or key file was given:
     * for a command that reads two archives, or the {@code --base} of a new one, where the
     * secrets may be for the other (see {@link #checkSecretsUsed(ArchiveReader, ArchiveReader)}).
     */
    static ArchiveReader openWithSecretsOptional(Path path) throws IOException {
        check(path);
        return ArchiveReader.open(path, ReaderOptions.defaults().withKeys(Secrets.current()), StoreFallback.INSTANCE);
    }

    /** For two archives read together: secrets given for neither being encrypted is the mistake. */
    static void checkSecretsUsed(ArchiveReader a, ArchiveReader b) throws IOException {
        Secrets s = Secrets.current();
        if (s.explicit() && !a.isEncrypted() && !b.isEncrypted()) {
            throw new CliException(ExitCodes.USAGE, a.name() + " and " + b.name() + " are not encrypted; "
                    + s.explicitOption() + " is only for encrypted archives");
        }
    }

    /**
     * A password or key file named for an archive that is not encrypted is a mistake worth
     * saying (the user may believe it is protected): a usage error.
     */
    private static ArchiveReader checkSecretsUsed(ArchiveReader r) throws IOException {
        Secrets s = Secrets.current();
        if (s.explicit() && !r.isEncrypted()) {
            String name = r.name();
            r.close();
            throw new CliException(ExitCodes.USAGE, name + ": is not encrypted; " + s.explicitOption()
                    + " is only for encrypted archives");
        }
        return r;
    }

    private static void check(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new CliException(ExitCodes.CORRUPT, path + ": is a directory, not a hexz archive");
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
    }

    /**
     * Where ancestor {@code a} of {@code archive} is expected: its path hint, which is relative to
     * the archive's directory unless absolute, taken from {@code archive} as the user named it.
     */
    static Path ancestorLocation(Path archive, AncestorRef a) {
        Path hint = Path.of(a.path());
        if (hint.isAbsolute() || archive.getParent() == null) {
            return hint.normalize();
        }
        return archive.getParent().resolve(hint).normalize();
    }

    /** "directory", "file" or "stream": what the archive holds. */
    static String kind(ArchiveReader r) throws IOException {
        if (r.header().isDirectory()) {
            return "directory";
        }
        return r.manifest().size() == 0 ? "stream" : "file";
    }

    /** For a file archive, the name of its file; otherwise null. */
    static String fileName(ArchiveReader r) throws IOException {
        Manifest m = r.manifest();
        if (r.header().isDirectory() || m.size() != 1 || !m.entries().get(0).isFile()) {
            return null;
        }
        return m.entries().get(0).path();
    }
}
