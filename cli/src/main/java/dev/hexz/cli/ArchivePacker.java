package dev.hexz.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveReader;
import dev.hexz.store.ThinWriteStore;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Writes one archive for {@code pack} and {@code build}, with a progress bar and a summary. */
final class ArchivePacker {

    /** What to pack. */
    enum InputKind {
        /** stdin, as a stream archive */
        STDIN,
        /** a regular file, as a file archive */
        FILE,
        /** a device or FIFO, read to its end as a stream archive */
        DEVICE,
        /** a directory, as a directory archive */
        TREE
    }

    record Input(InputKind kind, Path path) {
        String describe() {
            return switch (kind) {
                case STDIN -> "stdin";
                case FILE, DEVICE, TREE -> path.toString();
            };
        }
    }

    private ArchivePacker() {
    }

    /** Refuses an existing output (unless forced) and an output that is a directory. */
    static void checkOutput(Path output, boolean force) {
        if (Files.isDirectory(output)) {
            throw new CliException(ExitCodes.FAILURE, output + ": is a directory; give the archive's file name");
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new CliException(ExitCodes.FAILURE, output + ": already exists (use --force to replace it)");
        }
    }

    /**
     * Opens the {@code --base} archive with its chain. A missing file is
     * {@link ExitCodes#MISSING_PARENT} (the new archive's parent is missing), naming it.
     */
    static ArchiveReader openBase(Path base) throws IOException {
        if (!Files.isDirectory(base) && !Files.exists(base)) {
            throw new CliException(ExitCodes.MISSING_PARENT, "parent " + base + " (--base): no such file");
        }
        return Archives.openWithSecretsOptional(base); // a password given may be for the new archive
    }

    /**
     * Refuses to write a child over its parent or any other archive of the parent's chain: the
     * child would lose the blocks it references.
     */
    static void checkNotInChain(CommandSpec spec, Path output, ArchiveReader parent) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        List<Path> chain = new ArrayList<>();
        chain.add(Path.of(parent.name()));
        for (AncestorRef a : parent.ancestors()) {
            chain.add(parent.ancestorPath(a.depth()));
        }
        for (Path p : chain) {
            if (Files.exists(p) && Files.isSameFile(output, p)) {
                throw new ParameterException(spec.commandLine(), output + " is " + (p.equals(chain.get(0))
                        ? "the --base archive" : "an ancestor of the --base archive") + "; the new archive needs it,"
                        + " write it elsewhere");
            }
        }
    }

    /** Packs {@code input} into {@code output}, warns about skipped files, prints the summary. */
    static ArchiveSummary pack(Terminal term, Input input, Path output, WriterOptions options, String metadata,
            boolean json) throws IOException {
        return pack(term, input, output, options, metadata, json, null);
    }

    /**
     * Packs {@code input} into {@code output} (a thin archive of {@code parent} unless it is
     * null), warns about skipped files, prints the summary.
     */
    static ArchiveSummary pack(Terminal term, Input input, Path output, WriterOptions options, String metadata,
            boolean json, ArchiveReader parent) throws IOException {
        long total = switch (input.kind()) {
            case FILE -> Files.size(input.path());
            case TREE -> term.progressAllowed() ? treeBytes(input.path()) : -1;
            case STDIN, DEVICE -> -1;
        };
        long started = System.nanoTime();
        ArchiveSummary summary;
        try (ThinWriteStore store = parent == null ? null : ThinWriteStore.open(parent, term::warn);
                Progress progress = Progress.start(term, "pack", total);
                ArchiveWriter w = parent == null ? ArchiveWriter.create(output, options)
                        : ArchiveWriter.createThin(output, options, parent, store.lookup());
                OnExit cleanUp = OnExit.run(() -> closeQuietly(w))) {
            w.onProgress(progress);
            if (metadata != null) {
                w.setMetadata(metadata);
            }
            switch (input.kind()) {
                case STDIN -> w.addStream(term.in());
                case FILE -> w.addFile(input.path());
                case DEVICE -> {
                    try (InputStream in = Files.newInputStream(input.path())) {
                        w.addStream(in);
                    }
                }
                case TREE -> w.addTree(input.path());
            }
            summary = w.finish();
            if (store != null) {
                store.record(output);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (String s : summary.skipped()) {
            term.warn("skipped " + s);
        }
        if (json) {
            term.out().println(toJson(summary, input, options, seconds, parent));
        } else if (!term.quiet()) {
            printSummary(term.out(), summary, input, output, seconds, parent);
        }
        return summary;
    }

    /** Deletes the writer's temporary file when the JVM is stopped half-way. */
    private static void closeQuietly(ArchiveWriter w) {
        try {
            w.close();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the process is going away
        }
    }

    private static String kind(Input input) {
        return switch (input.kind()) {
            case STDIN, DEVICE -> "stream";
            case FILE -> "file";
            case TREE -> "directory";
        };
    }

    private static void printSummary(PrintStream out, ArchiveSummary s, Input input, Path output, double seconds,
            ArchiveReader parent) {
        String what = switch (input.kind()) {
            case TREE -> Units.count(s.files(), "file", "files") + " from " + input.describe();
            case FILE -> input.path().getFileName().toString();
            case STDIN -> "stdin";
            case DEVICE -> input.describe();
        };
        out.println("packed " + what + " into " + output + " (" + kind(input) + " archive"
                + (parent == null ? "" : ", thin") + ")");
        out.println("  input   " + Units.bytesExact(s.bytesIn()));
        out.println("  stored  " + Units.bytes(s.bytesStored()) + " of blocks in a " + Units.bytes(s.archiveBytes())
                + " archive, ratio " + Units.ratio(s.ratio()));
        out.println("  blocks  " + s.blocks() + ": " + s.uniqueBlocks() + " unique, " + s.dedupBlocks()
                + " deduplicated, " + s.zeroBlocks() + " zero" + (parent == null ? "" : ", "
                + s.referencedBlocks() + " referenced"));
        if (parent != null) {
            out.println("  parent  " + parent.name() + " (" + parent.header().archiveId() + "), chain depth "
                    + (parent.header().chainDepth() + 1));
            out.println("  chain   referenced " + Units.count(s.referencedBlocks(), "block", "blocks") + " ("
                    + Units.bytes(s.referencedBytes()) + ") from the chain");
        }
        out.println("  time    " + Units.seconds(seconds) + ", " + Units.rate(s.bytesIn(), seconds));
    }

    private static String toJson(ArchiveSummary s, Input input, WriterOptions o, double seconds, ArchiveReader parent) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("archive", s.path().toString());
        n.put("archiveId", s.archiveId().toString());
        n.put("kind", kind(input));
        n.put("input", input.describe());
        n.put("compression", o.codec().label());
        n.put("level", o.level());
        ObjectNode c = n.putObject("chunking");
        c.put("mode", o.chunking().mode() == ChunkingParams.Mode.FIXED ? "fixed" : "cdc");
        c.put("min", o.chunking().minSize());
        c.put("avg", o.chunking().avgSize());
        c.put("max", o.chunking().maxSize());
        n.put("bytesIn", s.bytesIn());
        n.put("bytesStored", s.bytesStored());
        n.put("archiveBytes", s.archiveBytes());
        n.put("ratio", s.ratio());
        ObjectNode b = n.putObject("blocks");
        b.put("total", s.blocks());
        b.put("unique", s.uniqueBlocks());
        b.put("deduplicated", s.dedupBlocks());
        b.put("zero", s.zeroBlocks());
        b.put("referenced", s.referencedBlocks());
        n.put("referencedBytes", s.referencedBytes());
        if (parent == null) {
            n.putNull("parent");
            n.put("chainDepth", 0);
        } else {
            ObjectNode p = n.putObject("parent");
            p.put("archive", parent.name());
            p.put("archiveId", parent.header().archiveId().toString());
            n.put("chainDepth", parent.header().chainDepth() + 1);
        }
        n.put("files", s.files());
        n.put("seconds", seconds);
        n.put("bytesPerSecond", seconds > 0 ? (long) (s.bytesIn() / seconds) : 0);
        s.skipped().forEach(n.putArray("skipped")::add);
        return n.toString();
    }

    /** Sum of the regular files' sizes under {@code root} (symlinks not followed), for the bar's total. */
    private static long treeBytes(Path root) throws IOException {
        long[] sum = new long[1];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    sum[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }
}
