package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveFlattener;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
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

/** {@code hexz flatten CHILD OUTPUT.hxz}: a self-contained copy of a thin archive. */
@Command(name = "flatten",
        mixinStandardHelpOptions = true,
        description = {
            "Write a self-contained copy of a thin archive: the same files (names, modes, mtimes, symlinks) or"
                + " bytes, codec, level, chunking and metadata, with every block stored in it and no parent.",
            "The blocks it references are read through its chain, which must be present. The copy has the same"
                + " block boundaries, so it still deduplicates against the chain's archives. It appears under"
                + " OUTPUT only once it is complete.",
        },
        sortOptions = false)
final class FlattenCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CHILD", description = "The (thin) archive to flatten.")
    private Path child;

    @Parameters(index = "1", paramLabel = "OUTPUT.hxz", description = "The self-contained archive to write.")
    private Path output;

    @Mixin
    private ArchiveOutputOptions out;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        try (ArchiveReader r = Archives.open(child)) {
            ArchivePacker.checkOutput(output, out.force);
            checkNotInChain(r);
            ArchiveFlattener flattener = ArchiveFlattener.of(r);
            if (out.threads != null) {
                flattener.threads(out.threads);
            }
            if (out.encrypt && !r.isEncrypted()) {
                flattener.encryption(Secrets.current().forWriting(output.toString()));
            }
            long started = System.nanoTime();
            ArchiveSummary s;
            try (Progress progress = Progress.start(term, "flatten", r.size());
                    OnExit cleanUp = OnExit.run(flattener::abort)) {
                s = flattener.onProgress(progress).writeTo(output);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (out.json) {
                term.out().println(toJson(r, s, seconds));
            } else if (!term.quiet()) {
                print(term.out(), r, s, seconds);
            }
        }
        return ExitCodes.OK;
    }

    /** Writing over CHILD or one of its ancestors would destroy what the copy is read from (and their children). */
    private void checkNotInChain(ArchiveReader r) throws IOException {
        if (!Files.exists(output)) {
            return;
        }
        if (Files.isSameFile(output, child)) {
            throw new ParameterException(spec.commandLine(), output + " is CHILD itself; write the copy elsewhere"
                    + " (archives made from CHILD would lose their parent)");
        }
        for (AncestorRef a : r.ancestors()) {
            Path p = r.ancestorPath(a.depth());
            if (Files.exists(p) && Files.isSameFile(output, p)) {
                throw new ParameterException(spec.commandLine(), output + " is an ancestor of CHILD; write the copy"
                        + " elsewhere");
            }
        }
    }

    private void print(PrintStream out, ArchiveReader r, ArchiveSummary s, double seconds) throws IOException {
        int depth = r.header().chainDepth();
        out.println("flattened " + child + " (" + (depth == 0 ? "no parent" : "a chain of "
                + Units.count(depth + 1, "archive", "archives")) + ") into " + output + " (" + Archives.kind(r)
                + " archive, self-contained)");
        out.println("  input   " + Units.bytesExact(s.bytesIn()));
        out.println("  stored  " + Units.bytes(s.bytesStored()) + " of blocks in a " + Units.bytes(s.archiveBytes())
                + " archive, ratio " + Units.ratio(s.ratio()));
        out.println("  blocks  " + s.blocks() + ": " + s.uniqueBlocks() + " unique, " + s.dedupBlocks()
                + " deduplicated, " + s.zeroBlocks() + " zero");
        out.println("  time    " + Units.seconds(seconds) + ", " + Units.rate(s.bytesIn(), seconds));
    }

    private String toJson(ArchiveReader r, ArchiveSummary s, double seconds) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("archive", s.path().toString());
        n.put("archiveId", s.archiveId().toString());
        n.put("source", child.toString());
        n.put("sourceId", r.header().archiveId().toString());
        n.put("sourceChainDepth", r.header().chainDepth());
        n.put("kind", Archives.kind(r));
        n.put("bytesIn", s.bytesIn());
        n.put("bytesStored", s.bytesStored());
        n.put("archiveBytes", s.archiveBytes());
        n.put("ratio", s.ratio());
        ObjectNode b = n.putObject("blocks");
        b.put("total", s.blocks());
        b.put("unique", s.uniqueBlocks());
        b.put("deduplicated", s.dedupBlocks());
        b.put("zero", s.zeroBlocks());
        n.put("seconds", seconds);
        return n.toString();
    }
}
