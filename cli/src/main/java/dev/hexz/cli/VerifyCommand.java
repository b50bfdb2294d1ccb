package dev.hexz.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveVerifier;
import dev.hexz.format.SignatureVerifier;
import dev.hexz.format.sign.VerifyingKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "A signed archive's signature is checked too (exit 14 if it does not match); --key PUBLIC also requires"
                + " that key to be the signer, and an unsigned archive then fails (exit 14).",
            "A thin archive is checked with its whole chain: every block it references is read from the ancestor"
                + " that stores it (a missing or replaced ancestor is exit 6). --no-parents checks only what the"
                + " archive's own file stores, and does not need the ancestors.",
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

    @Option(names = "--no-parents", description = "Check only the blocks and index pages stored in ARCHIVE's own"
            + " file, not those its ancestors store (which need not be present).")
    private boolean noParents;

    @Option(names = {"-k", "--key"}, paramLabel = "PUBLIC",
            description = "Require a valid signature by this key (a public key file from hexz keygen).")
    private Path key;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + n);
        }
        VerifyingKey trusted = key == null ? null : KeyFiles.readPublic(key);
        SignatureVerifier.Result signature = null;
        ArchiveVerifier.Report report;
        List<String> storedIn = new ArrayList<>(); // index k: where ancestor k is (0: the archive itself)
        int depth;
        try (ArchiveReader reader = noParents ? Archives.openWithoutAncestors(archive) : Archives.open(archive)) {
            depth = reader.header().chainDepth();
            if (trusted != null || reader.header().isSigned()) {
                try {
                    signature = SignatureVerifier.check(reader, trusted); // before reading blocks: it is quick
                } catch (dev.hexz.format.SignatureException e) {
                    if (json) {
                        // a script asked for JSON: it gets the verdict there too (and the line and exit 14)
                        term.out().println(signatureFailureJson(e.getMessage(), noParents, trusted != null));
                    }
                    throw e;
                }
            }
            storedIn.add(archive.toString());
            for (AncestorRef a : reader.ancestors()) {
                storedIn.add(Archives.ancestorLocation(archive, a).toString());
            }
            ArchiveVerifier.Scope scope = noParents ? ArchiveVerifier.Scope.THIS_FILE : ArchiveVerifier.Scope.WHOLE_CHAIN;
            try (Progress progress = Progress.start(term, "verify", reader.size())) {
                report = new ArchiveVerifier(reader, n, scope).verify(progress);
            }
        }
        if (json) {
            term.out().println(toJson(report, storedIn, noParents, signature, trusted != null));
        } else if (report.ok()) {
            if (!term.quiet()) {
                term.out().println(okLine(report, depth) + signatureNote(signature, trusted != null));
            }
        } else {
            for (ArchiveVerifier.Problem p : report.problems()) {
                term.out().println(describe(p, storedIn));
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

    /** {@code ok: ...}, saying what a thin archive's check covered. */
    private String okLine(ArchiveVerifier.Report r, int depth) {
        String line = "ok: " + Units.count(r.blocksChecked(), "block", "blocks") + ", " + r.logicalBytes()
                + " bytes verified";
        if (depth == 0) {
            return line;
        }
        if (noParents) {
            return line + " (stored in this file); " + Units.count(r.blocksSkipped(), "block", "blocks")
                    + " stored in its ancestors not checked (--no-parents)";
        }
        return line + ", through a chain of " + Units.count(depth, "ancestor", "ancestors");
    }

    /** What the ok line says of the signature: checked against the given key, or only against itself. */
    private static String signatureNote(SignatureVerifier.Result s, boolean trusted) {
        if (s == null) {
            return "";
        }
        return trusted ? "; signed by " + s.signer().fingerprintText() + " (the key given)"
                : "; signed by " + s.signer().fingerprintText() + " (the signature matches the key it names; --key"
                    + " checks that this is a key you trust)";
    }

    /** One line: the block, where it is, what is wrong, and the files that hold it. */
    static String describe(ArchiveVerifier.Problem p, List<String> storedIn) {
        StringBuilder s = new StringBuilder();
        if (p.blockNumber() >= 0) {
            s.append("damaged block ").append(p.blockNumber()).append(" at logical offset ").append(p.logicalOffset())
                    .append(", stored at ").append(p.storedOffset());
            if (p.source() > 0) {
                s.append(" in ").append(p.source() < storedIn.size() ? storedIn.get(p.source()) : "ancestor " + p.source());
            }
            if (!p.files().isEmpty()) {
                s.append(", in ").append(String.join(", ", p.files()));
            }
            s.append(": ").append(p.message());
        } else {
            s.append("damaged index or manifest: ").append(p.message());
        }
        return s.toString();
    }

    /** The report of a verify stopped by its signature check: no blocks were read. */
    private static String signatureFailureJson(String message, boolean noParents, boolean trusted) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("ok", false);
        ObjectNode s = n.putObject("signature");
        s.put("valid", false);
        s.put("keyGiven", trusted);
        s.put("message", message);
        n.put("scope", noParents ? "this-file" : "chain");
        n.put("blocksChecked", 0);
        n.putArray("problems");
        return n.toString();
    }

    private static String toJson(ArchiveVerifier.Report r, List<String> storedIn, boolean noParents,
            SignatureVerifier.Result signature, boolean trusted) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("ok", r.ok());
        if (signature == null) {
            n.putNull("signature");
        } else {
            ObjectNode s = n.putObject("signature");
            s.put("valid", true);
            s.put("key", signature.signer().fingerprintText());
            s.put("keyGiven", trusted);
        }
        n.put("scope", noParents ? "this-file" : "chain");
        n.put("blocksChecked", r.blocksChecked());
        n.put("logicalBytes", r.logicalBytes());
        n.put("blocksSkipped", r.blocksSkipped());
        ArrayNode problems = n.putArray("problems");
        for (ArchiveVerifier.Problem p : r.problems()) {
            ObjectNode o = problems.addObject();
            o.put("block", p.blockNumber());
            o.put("logicalOffset", p.logicalOffset());
            o.put("storedOffset", p.storedOffset());
            o.put("storedIn", p.source() < storedIn.size() ? storedIn.get(p.source()) : "ancestor " + p.source());
            o.put("message", p.message());
            p.files().forEach(o.putArray("files")::add);
        }
        return n.toString();
    }
}
