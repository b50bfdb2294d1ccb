package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.ArchiveDiff;
import dev.hexz.format.ArchiveDiff.Aspect;
import dev.hexz.format.ArchiveDiff.Change;
import dev.hexz.format.ArchiveDiff.FileChange;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.manifest.EntryType;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hexz diff A B}: blocks shared and not, and for archives with files, what changed.
 * {@code hexz diff [DIR] [PATH]}: what changed in a workspace, file by file.
 */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Compare two archives: the distinct blocks (and their bytes) shared by both, only in A and only in B;"
                + " whether their contents are identical; and for directory (or file) archives the entries added,"
                + " removed, modified (type, size, content or symlink target) and changed in mode or mtime only.",
            "Reads the indexes and manifests (through each archive's chain); contents are compared by block"
                + " hashes, or byte by byte when the two were chunked differently. Exits 0 whatever the differences.",
            "With a workspace directory (or none: the current one), and optionally a PATH in it: what changed since"
                + " the workspace's base, one line a file: the change, the path, its size before and after.",
        },
        sortOptions = false)
final class DiffCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "A|DIR", description = "The first (older) archive, or a workspace.")
    private Path a;

    @Parameters(index = "1", arity = "0..1", paramLabel = "B|PATH",
            description = "The second (newer) archive, or a path in the workspace.")
    private Path b;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        if (a == null || java.nio.file.Files.isDirectory(a)) {
            return workspaceDiff(term);
        }
        if (b == null) {
            throw new CliException(ExitCodes.USAGE, "diff needs two archives (A B), or a workspace directory");
        }
        try (ArchiveReader ra = Archives.openWithSecretsOptional(a); ArchiveReader rb = Archives.openWithSecretsOptional(b)) {
            Archives.checkSecretsUsed(ra, rb);
            ArchiveDiff.Result d = ArchiveDiff.compare(ra, rb);
            if (json) {
                term.out().println(JSON.writeValueAsString(toJson(ra, rb, d)));
            } else {
                print(term.out(), ra, rb, d);
            }
        }
        return ExitCodes.OK;
    }

    private int workspaceDiff(Terminal term) throws IOException {
        dev.hexz.workspace.WorkspaceState s = WorkspaceCli.find(a);
        String only = null;
        if (b != null) {
            Path abs = (a == null ? b : a.resolve(b)).toAbsolutePath().normalize();
            Path real = abs.getParent() == null ? abs : abs.getParent().toRealPath().resolve(abs.getFileName());
            only = s.mountPoint().relativize(real).toString();
        }
        dev.hexz.workspace.WorkspaceStatus st;
        try (dev.hexz.workspace.WorkspaceOperations ops = WorkspaceCli.operate(s, "diff")) {
            st = ops.status();
        }
        var changes = new java.util.ArrayList<dev.hexz.workspace.FileChange>();
        for (var c : st.changes()) {
            if (only == null || only.isEmpty() || c.path().equals(only) || c.path().startsWith(only + "/")
                    || only.equals(c.oldPath())) {
                changes.add(c);
            }
        }
        if (json) {
            var n = JSON.createObjectNode();
            n.put("workspace", s.name());
            n.put("base", s.base().toString());
            n.set("changes", dev.hexz.workspace.ControlProtocol.changes(changes));
            term.out().println(JSON.writeValueAsString(n));
            return ExitCodes.OK;
        }
        for (var c : changes) {
            String sizes = switch (c.kind()) {
                case ADDED -> c.newSize() < 0 ? "" : Units.bytesExact(c.newSize());
                case DELETED -> c.oldSize() < 0 ? "" : Units.bytesExact(c.oldSize());
                default -> c.oldSize() < 0 && c.newSize() < 0 ? ""
                        : (c.oldSize() < 0 ? "-" : Units.bytesExact(c.oldSize())) + " -> "
                                + (c.newSize() < 0 ? "-" : Units.bytesExact(c.newSize()));
            };
            term.out().printf("%s  %-40s %s%n", c.kind().letter(), WorkspaceCli.porcelain(c).substring(2), sizes);
        }
        if (changes.isEmpty()) {
            term.out().println("no changes since " + s.base());
        }
        return ExitCodes.OK;
    }

    private void print(PrintStream out, ArchiveReader ra, ArchiveReader rb, ArchiveDiff.Result d) throws IOException {
        row(out, "A", a + " (" + Archives.kind(ra) + " archive, " + Units.bytesExact(ra.size()) + ")");
        row(out, "B", b + " (" + Archives.kind(rb) + " archive, " + Units.bytesExact(rb.size()) + ")");
        if (d.blocksComparable()) {
            row(out, "shared", stats(d.shared()));
            row(out, "only in A", stats(d.onlyInA()));
            row(out, "only in B", stats(d.onlyInB()));
        } else {
            row(out, "blocks", "not comparable: the archives name their blocks under different keys (one is"
                    + " encrypted, or they are encrypted with different keys); files compared byte by byte");
        }
        row(out, "content", d.identical() ? "identical" : "different");
        if (!d.comparesFiles()) {
            if (ra.manifest().size() > 0 || rb.manifest().size() > 0 || ra.header().isDirectory()
                    || rb.header().isDirectory()) {
                row(out, "files", "not compared: " + (ra.manifest().size() == 0 && !ra.header().isDirectory() ? "A" : "B")
                        + " is a stream archive");
            }
            return;
        }
        List<String> counts = new ArrayList<>();
        counts.add(d.count(Change.ADDED) + " added");
        counts.add(d.count(Change.REMOVED) + " removed");
        counts.add(d.count(Change.MODIFIED) + " modified");
        counts.add(d.count(Change.ATTRIBUTES) + " with only mode or mtime changed");
        row(out, "files", d.files().isEmpty() ? "no changes" : String.join(", ", counts));
        for (FileChange f : d.files()) {
            out.println("  " + line(f));
        }
    }

    /** {@code added     path}, {@code modified  path (size 1 -> 2, mode 0644 -> 0600)}, … */
    static String line(FileChange f) {
        return switch (f.change()) {
            case ADDED -> String.format(Locale.ROOT, "%-9s %s", "added", name(f.after()));
            case REMOVED -> String.format(Locale.ROOT, "%-9s %s", "removed", name(f.before()));
            case MODIFIED -> String.format(Locale.ROOT, "%-9s %s (%s)", "modified", f.path(), details(f));
            case ATTRIBUTES -> String.format(Locale.ROOT, "%-9s %s (%s)", "attrs", f.path(), details(f));
        };
    }

    /** A path as {@code ls -F} would hint at its type: {@code dir/}, {@code link -> target}. */
    private static String name(ManifestEntry e) {
        return switch (e.type()) {
            case DIRECTORY -> e.path() + "/";
            case SYMLINK -> e.path() + " -> " + e.symlinkTarget();
            case FILE -> e.path();
        };
    }

    private static String details(FileChange f) {
        ManifestEntry x = f.before();
        ManifestEntry y = f.after();
        List<String> parts = new ArrayList<>();
        for (Aspect a : f.aspects()) {
            switch (a) {
                case TYPE -> parts.add(type(x.type()) + " -> " + type(y.type()));
                case SIZE -> parts.add("size " + x.size() + " -> " + y.size());
                case CONTENT -> {
                    if (!f.aspects().contains(Aspect.SIZE)) {
                        parts.add("content");
                    }
                }
                case TARGET -> parts.add("target " + x.symlinkTarget() + " -> " + y.symlinkTarget());
                case MODE -> parts.add("mode " + mode(x.mode()) + " -> " + mode(y.mode()));
                case MTIME -> parts.add("mtime " + mtime(x) + " -> " + mtime(y));
            }
        }
        return String.join(", ", parts);
    }

    static String type(EntryType t) {
        return switch (t) {
            case FILE -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
        };
    }

    static String mode(int mode) {
        return String.format(Locale.ROOT, "%04o", mode);
    }

    static String mtime(ManifestEntry e) {
        return Instant.ofEpochSecond(e.mtimeSeconds(), e.mtimeNanos()).toString();
    }

    private static String stats(ArchiveDiff.BlockStats s) {
        return Units.count(s.blocks(), "block", "blocks") + ", " + Units.bytesExact(s.bytes());
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("%-10s %s%n", label, value);
    }

    private ObjectNode toJson(ArchiveReader ra, ArchiveReader rb, ArchiveDiff.Result d) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.set("a", side(a, ra));
        n.set("b", side(b, rb));
        n.put("blocksComparable", d.blocksComparable());
        if (d.blocksComparable()) {
            ObjectNode blocks = n.putObject("blocks");
            blocks.set("shared", statsJson(d.shared()));
            blocks.set("onlyInA", statsJson(d.onlyInA()));
            blocks.set("onlyInB", statsJson(d.onlyInB()));
        } else {
            n.putNull("blocks");
        }
        n.put("identical", d.identical());
        if (!d.comparesFiles()) {
            n.putNull("files");
            return n;
        }
        ObjectNode files = n.putObject("files");
        files.put("added", d.count(Change.ADDED));
        files.put("removed", d.count(Change.REMOVED));
        files.put("modified", d.count(Change.MODIFIED));
        files.put("attributes", d.count(Change.ATTRIBUTES));
        ArrayNode changes = files.putArray("changes");
        for (FileChange f : d.files()) {
            ObjectNode c = changes.addObject();
            c.put("path", f.path());
            c.put("change", f.change().name().toLowerCase(Locale.ROOT));
            ArrayNode aspects = c.putArray("aspects");
            f.aspects().forEach(x -> aspects.add(x.name().toLowerCase(Locale.ROOT)));
            c.set("before", entry(f.before()));
            c.set("after", entry(f.after()));
        }
        return n;
    }

    private static ObjectNode side(Path path, ArchiveReader r) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("archive", path.toString());
        o.put("archiveId", r.header().archiveId().toString());
        o.put("kind", Archives.kind(r));
        o.put("logicalSize", r.size());
        o.put("blocks", r.blockCount());
        return o;
    }

    private static ObjectNode statsJson(ArchiveDiff.BlockStats s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("blocks", s.blocks());
        o.put("bytes", s.bytes());
        return o;
    }

    private static ObjectNode entry(ManifestEntry e) {
        if (e == null) {
            return null;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type(e.type()));
        o.put("mode", mode(e.mode()));
        o.put("mtime", mtime(e));
        if (e.isFile()) {
            o.put("size", e.size());
        }
        if (e.isSymlink()) {
            o.put("target", e.symlinkTarget());
        }
        return o;
    }
}
