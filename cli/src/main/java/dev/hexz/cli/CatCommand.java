package dev.hexz.cli;

import dev.hexz.format.ArchiveFile;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz cat ARCHIVE [PATH]}: bytes to stdout, with random access. */
@Command(name = "cat",
        mixinStandardHelpOptions = true,
        description = {
            "Write bytes of an archive to stdout: of the file PATH, or of the whole logical stream (for a"
                + " directory archive, all files' bytes one after another).",
            "Only the blocks covering [OFFSET, OFFSET+LENGTH) are read.",
        },
        sortOptions = false)
final class CatCommand implements Callable<Integer> {

    private static final int BUFFER = 1 << 20;

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to read.")
    private Path archive;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A file in the archive.")
    private String path;

    @Option(names = {"-o", "--offset"}, paramLabel = "N", converter = SizeConverter.class,
            description = "Start at byte N (sizes like 4K, 1M are fine). Default: 0.")
    private long offset;

    @Option(names = {"-n", "--length"}, paramLabel = "N", converter = SizeConverter.class,
            description = "Write at most N bytes. Default: to the end.")
    private Long length;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        try (ArchiveReader reader = Archives.open(archive)) {
            long size;
            long base;
            if (path == null) {
                size = reader.size();
                base = 0;
            } else {
                ArchiveFile f = file(reader);
                size = f.size();
                base = f.entry().logicalOffset();
            }
            if (offset > size) {
                throw new CliException(ExitCodes.FAILURE, "--offset " + offset + " is past the end of "
                        + (path == null ? archive.toString() : "'" + path + "'") + " (" + size + " bytes)");
            }
            long end = length == null ? size : Math.min(size, offset + Math.min(length, Long.MAX_VALUE - offset));
            copy(reader, base + offset, end - offset, term.binaryOut());
        }
        return ExitCodes.OK;
    }

    private ArchiveFile file(ArchiveReader reader) throws IOException {
        Optional<ArchiveFile> f = reader.file(path);
        if (f.isEmpty()) {
            throw new NoSuchFileException(archive.toString(), null, "no entry '" + path + "' in the archive"
                    + (reader.manifest().size() == 0 ? " (it holds an unnamed byte stream; omit PATH)" : ""));
        }
        ManifestEntry e = f.get().entry();
        if (e.isDirectory()) {
            throw new CliException(ExitCodes.FAILURE, archive + ": '" + path + "' is a directory");
        }
        if (e.isSymlink()) {
            throw new CliException(ExitCodes.FAILURE, archive + ": '" + path + "' is a symlink to '"
                    + e.symlinkTarget() + "'");
        }
        return f.get();
    }

    private static void copy(ArchiveReader reader, long from, long count, OutputStream out) throws IOException {
        byte[] buf = new byte[(int) Math.min(BUFFER, Math.max(1, count))];
        long done = 0;
        while (done < count) {
            int want = (int) Math.min(buf.length, count - done);
            reader.readFully(from + done, buf, 0, want);
            try {
                out.write(buf, 0, want);
            } catch (IOException e) {
                throw writeFailure(e);
            }
            done += want;
        }
        try {
            out.flush();
        } catch (IOException e) {
            throw writeFailure(e);
        }
    }

    /** A reader that went away ({@code hexz cat … | head}) is not worth a message; a full disk is. */
    private static CliException writeFailure(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Broken pipe")) {
            return new CliException(ExitCodes.FAILURE, null);
        }
        return new CliException(ExitCodes.FAILURE, "stdout: " + HexzMain.messageOf(e));
    }
}
