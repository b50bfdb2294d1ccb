package dev.hexz.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code hexz pack INPUT OUTPUT.hxz}: a file, stdin or a directory into an archive. */
@Command(name = "pack",
        mixinStandardHelpOptions = true,
        description = {
            "Pack a file, stdin or a directory into a .hxz archive.",
            "",
            "A file becomes a file archive (its name, mode and mtime are kept); '-' reads stdin into a stream"
                + " archive (so does a device or FIFO); a directory becomes a directory archive of every file,"
                + " directory and symlink under it (sockets and devices are skipped with a warning)."
                + " The archive appears under OUTPUT only once it is complete.",
        },
        sortOptions = false)
final class PackCommand implements Callable<Integer> {

    /** Chunking modes as the user names them. */
    enum Chunking { CDC, FIXED }

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "A file, a directory, or '-' for stdin.")
    private String input;

    @Parameters(index = "1", paramLabel = "OUTPUT.hxz", description = "The archive to write.")
    private Path output;

    @Option(names = {"-c", "--compression"}, paramLabel = "CODEC", converter = CodecConverter.class,
            description = "lz4 (default), zstd or none.")
    private CodecId codec = CodecId.LZ4;

    @Option(names = {"-l", "--level"}, paramLabel = "N",
            description = "Codec level: lz4 0 (fast, default) or 1..17 (HC); zstd 1..22 (0 = its default, 3).")
    private int level;

    @Option(names = {"-b", "--block-size"}, paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Block size of fixed chunking, or the average chunk of CDC (then min = SIZE/4,"
                + " max = SIZE*4 unless given). Default: 64K, or 16K for a directory.")
    private Long blockSize;

    @Option(names = "--chunking", paramLabel = "MODE", converter = ChunkingConverter.class,
            description = "cdc (content-defined, FastCDC; default) or fixed.")
    private Chunking chunking = Chunking.CDC;

    @Option(names = "--min-chunk", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Smallest CDC chunk.")
    private Long minChunk;

    @Option(names = "--avg-chunk", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Average CDC chunk (a power of two); same as --block-size for cdc.")
    private Long avgChunk;

    @Option(names = "--max-chunk", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest CDC chunk.")
    private Long maxChunk;

    @Option(names = "--dictionary", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "zstd only: size of the dictionary trained on the first 8 MiB of blocks"
                + " (default 64K; 0 = none). It wins back most of what independent blocks lose.")
    private Long dictionary;

    @Option(names = "--base", paramLabel = "PARENT.hxz",
            description = "Write a thin archive: blocks already in PARENT's chain are stored as references, not"
                + " data, and PARENT (with its chain) is needed to read the new archive. Chunking and compression"
                + " default to PARENT's, so that block boundaries line up.")
    private Path base;

    @Option(names = "--metadata", paramLabel = "JSON", description = "User metadata to store, a JSON text.")
    private String metadata;

    @Mixin
    private ArchiveOutputOptions out;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        ArchivePacker.Input in = resolveInput();
        boolean tree = in.kind() == ArchivePacker.InputKind.TREE;
        checkMetadata(spec, metadata);
        if (base == null) {
            WriterOptions options = writerOptions(tree);
            ArchivePacker.checkOutput(output, out.force);
            options = out.encryption(options, output, null);
            ArchivePacker.pack(term, in, output, options, metadata, out.json);
            return ExitCodes.OK;
        }
        try (ArchiveReader parent = ArchivePacker.openBase(base)) {
            WriterOptions options = writerOptions(tree, parent.header(), term);
            ArchivePacker.checkOutput(output, out.force);
            ArchivePacker.checkNotInChain(spec, output, parent);
            options = out.encryption(options, output, parent);
            ArchivePacker.pack(term, in, output, options, metadata, out.json, parent);
        }
        return ExitCodes.OK;
    }

    /**
     * The options for a thin archive of {@code parent}: its chunking unless chunking options were
     * given (then a warning when they differ from its), its codec and level unless given, its
     * index page capacity.
     */
    private WriterOptions writerOptions(boolean tree, ArchiveHeader parent, Terminal term) {
        ParseResult given = spec.commandLine().getParseResult();
        boolean chunkingGiven = Stream.of("--block-size", "--chunking", "--min-chunk", "--avg-chunk", "--max-chunk")
                .anyMatch(given::hasMatchedOption);
        boolean codecGiven = given.hasMatchedOption("--compression");
        boolean levelGiven = given.hasMatchedOption("--level");
        CodecId parentCodec = parent.codec() == CodecId.ZSTD_DICT ? CodecId.ZSTD : parent.codec();
        CodecId c = codecGiven ? codec : parentCodec;
        int l = levelGiven || codecGiven ? level : parent.codecLevel();
        WriterOptions o = writerOptions(tree, c, l);
        if (chunkingGiven) {
            if (!o.chunking().equals(parent.chunking())) {
                term.warn("the chunking asked for (" + describe(o.chunking()) + ") differs from the parent's ("
                        + describe(parent.chunking()) + "): blocks will not line up with the parent's and few will"
                        + " be shared");
            }
        } else {
            o = o.withChunking(parent.chunking());
        }
        return o.withPageCapacity(parent.pageCapacity());
    }

    /** {@code cdc 16K/64K/256K} or {@code fixed 64K}. */
    static String describe(ChunkingParams c) {
        return c.mode() == ChunkingParams.Mode.FIXED ? "fixed " + Units.bytes(c.avgSize())
                : "cdc " + Units.bytes(c.minSize()) + "/" + Units.bytes(c.avgSize()) + "/" + Units.bytes(c.maxSize());
    }

    private ArchivePacker.Input resolveInput() throws IOException {
        if (input.equals("-")) {
            return new ArchivePacker.Input(ArchivePacker.InputKind.STDIN, null);
        }
        Path p = Path.of(input);
        if (!Files.exists(p)) {
            throw new NoSuchFileException(input, null, "no such file");
        }
        if (Files.isDirectory(p)) {
            return new ArchivePacker.Input(ArchivePacker.InputKind.TREE, p);
        }
        if (Files.isRegularFile(p)) {
            return new ArchivePacker.Input(ArchivePacker.InputKind.FILE, p);
        }
        return new ArchivePacker.Input(ArchivePacker.InputKind.DEVICE, p);
    }

    /** The writer options the flags ask for; a contradiction or an impossible size is a usage error. */
    WriterOptions writerOptions(boolean tree) {
        return writerOptions(tree, codec, level);
    }

    private WriterOptions writerOptions(boolean tree, CodecId codec, int level) {
        WriterOptions base = tree ? WriterOptions.treeDefaults() : WriterOptions.defaults();
        try {
            if (codec == CodecId.NONE && level != 0) {
                throw new IllegalArgumentException("--level does not apply to --compression none");
            }
            WriterOptions o = base.withCodec(codec, level).withChunking(chunkingParams(base.chunking().avgSize()));
            if (out.threads != null) {
                o = o.withThreads(out.threads);
            }
            if (dictionary != null) {
                if (codec != CodecId.ZSTD) {
                    throw new IllegalArgumentException("--dictionary applies to --compression zstd only");
                }
                o = o.withDictionaryBytes((int) Math.min(Integer.MAX_VALUE, dictionary));
            }
            return o;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ChunkingParams chunkingParams(int defaultAvg) {
        if (chunking == Chunking.FIXED) {
            if (minChunk != null || avgChunk != null || maxChunk != null) {
                throw new IllegalArgumentException("--min-chunk, --avg-chunk and --max-chunk apply to --chunking cdc;"
                        + " use --block-size with --chunking fixed");
            }
            return ChunkingParams.fixed(blockSize != null ? size("--block-size", blockSize) : defaultAvg);
        }
        if (avgChunk != null && blockSize != null && !avgChunk.equals(blockSize)) {
            throw new IllegalArgumentException("--avg-chunk " + avgChunk + " and --block-size " + blockSize
                    + " disagree (for cdc they are the same thing; give one)");
        }
        int avg = avgChunk != null ? size("--avg-chunk", avgChunk)
                : blockSize != null ? size("--block-size", blockSize) : defaultAvg;
        int min = minChunk != null ? size("--min-chunk", minChunk) : Math.max(ChunkingParams.MIN_ALLOWED, avg / 4);
        int max = maxChunk != null ? size("--max-chunk", maxChunk) : Math.min(ChunkingParams.MAX_ALLOWED, avg * 4);
        if (Integer.bitCount(avg) != 1) {
            throw new IllegalArgumentException("the CDC average chunk must be a power of two (such as 32K, 64K,"
                    + " 128K), got " + avg);
        }
        return ChunkingParams.fastCdc(min, avg, max);
    }

    private static int size(String option, long value) {
        if (value < ChunkingParams.MIN_ALLOWED || value > ChunkingParams.MAX_ALLOWED) {
            throw new IllegalArgumentException(option + " must be between " + ChunkingParams.MIN_ALLOWED + " bytes and "
                    + Units.bytes(ChunkingParams.MAX_ALLOWED) + ", got " + value);
        }
        return (int) value;
    }

    /** A metadata text that is not JSON is a usage error, found before any work is done. */
    static void checkMetadata(CommandSpec spec, String metadata) {
        if (metadata == null) {
            return;
        }
        try {
            ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            if (strict.readTree(metadata).isMissingNode()) {
                throw new ParameterException(spec.commandLine(), "--metadata is empty; give a JSON text such as"
                        + " '{\"epoch\": 3}'");
            }
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--metadata is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** {@code --compression}: lz4, zstd or none. */
    static final class CodecConverter implements ITypeConverter<CodecId> {
        @Override
        public CodecId convert(String value) {
            try {
                return CodecId.ofLabel(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --chunking}: cdc or fixed. */
    static final class ChunkingConverter implements ITypeConverter<Chunking> {
        @Override
        public Chunking convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "cdc", "fastcdc" -> Chunking.CDC;
                case "fixed" -> Chunking.FIXED;
                default -> throw new TypeConversionException("unknown chunking '" + value + "' (expected cdc or fixed)");
            };
        }
    }
}
