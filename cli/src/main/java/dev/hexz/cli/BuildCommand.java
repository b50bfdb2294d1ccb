package dev.hexz.cli;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz build DIR OUTPUT.hxz --profile P}: a directory archive with a profile's settings. */
@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Build a directory archive with settings tuned for a kind of data.",
            "",
            "Profiles (all content-defined chunking, average chunk = block size):",
            "  ml        128K blocks, lz4   model weights and datasets",
            "  eda        64K blocks, lz4   EDA/chip-design trees",
            "  embedded   32K blocks, zstd  firmware and embedded images",
            "  generic    64K blocks, lz4   anything (the default)",
            "  archival  256K blocks, zstd  cold storage, best ratio",
            "",
            "For other settings use 'hexz pack'.",
        },
        sortOptions = false)
final class BuildCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory to archive.")
    private Path dir;

    @Parameters(index = "1", paramLabel = "OUTPUT.hxz", description = "The archive to write.")
    private Path output;

    @Option(names = {"-p", "--profile"}, paramLabel = "PROFILE", converter = BuildProfile.Converter.class,
            description = "ml, eda, embedded, generic (default) or archival.")
    private BuildProfile profile = BuildProfile.GENERIC;

    @Option(names = "--base", paramLabel = "PARENT.hxz",
            description = "Write a thin archive: blocks already in PARENT's chain are stored as references."
                + " Without --profile, chunking and compression are PARENT's, so that block boundaries line up.")
    private Path base;

    @Option(names = "--metadata", paramLabel = "JSON", description = "User metadata to store, a JSON text.")
    private String metadata;

    @Mixin
    private ArchiveOutputOptions out;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such file");
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), dir + ": not a directory (to archive one file, use"
                    + " 'hexz pack')");
        }
        var options = profile.writerOptions();
        if (out.threads != null) {
            options = options.withThreads(out.threads);
        }
        PackCommand.checkMetadata(spec, metadata);
        ArchivePacker.checkOutput(output, out.force);
        ArchivePacker.Input in = new ArchivePacker.Input(ArchivePacker.InputKind.TREE, dir);
        if (base == null) {
            options = out.encryption(options, output, null);
            ArchivePacker.pack(term, in, output, options, metadata, out.json);
            return ExitCodes.OK;
        }
        try (ArchiveReader parent = ArchivePacker.openBase(base)) {
            ArchiveHeader ph = parent.header();
            if (spec.commandLine().getParseResult().hasMatchedOption("--profile")) {
                if (!options.chunking().equals(ph.chunking())) {
                    term.warn("profile " + profile.label() + " chunks " + PackCommand.describe(options.chunking())
                            + ", the parent " + PackCommand.describe(ph.chunking()) + ": blocks will not line up with"
                            + " the parent's and few will be shared");
                }
            } else {
                CodecId codec = ph.codec() == CodecId.ZSTD_DICT ? CodecId.ZSTD : ph.codec();
                options = options.withCodec(codec, ph.codecLevel()).withChunking(ph.chunking());
            }
            options = options.withPageCapacity(ph.pageCapacity());
            ArchivePacker.checkNotInChain(spec, output, parent);
            options = out.encryption(options, output, parent);
            ArchivePacker.pack(term, in, output, options, metadata, out.json, parent);
        }
        return ExitCodes.OK;
    }
}
