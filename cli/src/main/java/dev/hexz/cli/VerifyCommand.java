package dev.hexz.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz verify ARCHIVE}: re-read and check every block. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check every block of an archive: its checksum, that it decompresses, and that the BLAKE3 hash"
                + " of its bytes matches the index.",
            "Prints 'ok: ...' when all is well; otherwise one line per damaged block naming the block, its"
                + " logical and stored offsets and the files it belongs to, and exits with 4.",
        },
        sortOptions = false)
final class VerifyCommand implements Callable<Integer> {

    @ParentCommand
    private HexzMain main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The archive to verify.")
    private Path archive;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
    private Integer threads;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
        }
        ArchiveVerifier.Report report;
        try (ArchiveReader reader = Archives.open(archive)) {
            try (Progress progress = Progress.start(term, "verify", reader.size())) {
                report = new ArchiveVerifier(reader, n).verify(progress);
            }
        }
        if (json) {
            term.out().println(toJson(report));
        } else if (report.ok()) {
            if (!term.quiet()) {
                term.out().println("ok: " + report.blocksChecked() + " blocks, " + report.logicalBytes()
                        + " bytes verified");
            }
        } else {
            for (ArchiveVerifier.Problem p : report.problems()) {
                term.out().println(describe(p));
            }
        }
        if (report.ok()) {
            return ExitCodes.OK;
        }
        long blocks = report.problems().stream().filter(p -> p.blockNumber() >= 0).count();
        long other = report.problems().size() - blocks;
        StringBuilder what = new StringBuilder();
        if (blocks > 0) {
            what.append(Units.count(blocks, "damaged block", "damaged blocks"));
        }
        if (other > 0) {
            what.append(what.length() > 0 ? " and " : "").append("a damaged index or manifest");
        }
        throw new CliException(ExitCodes.CORRUPT, archive + ": " + what + " (of " + report.blocksChecked()
                + " blocks checked)");
    }

    /** One line: the block, where it is, what is wrong, and the files that hold it. */
    static String describe(ArchiveVerifier.Problem p) {
        StringBuilder s = new StringBuilder();
        if (p.blockNumber() >= 0) {
            s.append("damaged block ").append(p.blockNumber()).append(" at logical offset ").append(p.logicalOffset())
                    .append(", stored at ").append(p.storedOffset());
            if (!p.files().isEmpty()) {
                s.append(", in ").append(String.join(", ", p.files()));
            }
            s.append(": ").append(p.message());
        } else {
            s.append("damaged index or manifest: ").append(p.message());
        }
        return s.toString();
    }

    private static String toJson(ArchiveVerifier.Report r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("ok", r.ok());
        n.put("blocksChecked", r.blocksChecked());
        n.put("logicalBytes", r.logicalBytes());
        ArrayNode problems = n.putArray("problems");
        for (ArchiveVerifier.Problem p : r.problems()) {
            ObjectNode o = problems.addObject();
            o.put("block", p.blockNumber());
            o.put("logicalOffset", p.logicalOffset());
            o.put("storedOffset", p.storedOffset());
            o.put("message", p.message());
            p.files().forEach(o.putArray("files")::add);
        }
        return n.toString();
    }
}
