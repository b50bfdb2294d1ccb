package dev.hexz.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hexz log [DIR | ARCHIVE]}: the lineage of archives. */
@Command(name = "log",
        mixinStandardHelpOptions = true,
        description = {
            "Show the lineage of archives: for a directory (default: the current one), every *.hxz in it as a"
                + " tree of parents and children; for an archive, its chain from it up to the archive that stands"
                + " alone; for a workspace's directory, the chain of its base (its commits, newest first).",
            "Each archive with its file size, the bytes stored in it (NEW), its creation time (UTC) and its"
                + " message (the metadata's \"message\", else the metadata). A parent outside the directory is shown"
                + " as '(parent outside: PATH ID)'. Reads headers and metadata only; an unreadable file is a warning.",
        },
        sortOptions = false)
final class LogCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    static final int MESSAGE_WIDTH = 60;
    static final String[] HEADINGS = {"ARCHIVE", "SIZE", "NEW", "CREATED", "MESSAGE"};

    @ParentCommand
    private HexzMain main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR|ARCHIVE",
            description = "A directory of archives (default: .) or one archive.")
    private Path target = Path.of(".");

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    /** One archive as the log shows it, read from its own file. */
    record Node(String name, Path path, ArchiveHeader header, long fileSize, String metadata) {

        ArchiveId id() {
            return header.archiveId();
        }

        AncestorRef parent() {
            return header.parent();
        }

        static Node read(String name, Path path) throws IOException {
            // with this command's keys, but no "not encrypted" check: a directory mixes both kinds
            try (ArchiveReader r = ArchiveReader.openWithoutAncestors(path,
                    dev.hexz.format.ReaderOptions.defaults().withKeys(Secrets.current()))) {
                return new Node(name, path, r.header(), r.archiveFileSize(), r.metadataJson().orElse(null));
            }
        }

        /** The metadata's "message" if it is a string, else the metadata, on one line. */
        String message() {
            if (metadata == null) {
                return "";
            }
            String m;
            try {
                JsonNode n = new ObjectMapper().readTree(metadata);
                JsonNode msg = n == null ? null : n.get("message");
                m = msg != null && msg.isTextual() ? msg.asText() : n == null ? metadata : n.toString();
            } catch (IOException e) {
                m = metadata;
            }
            return m.replaceAll("\\s+", " ").strip();
        }
    }

    @Override
    public Integer call() throws IOException {
        Terminal term = main.terminal();
        var workspace = WorkspaceCli.registry().atMountPoint(target);
        if (workspace.isPresent()) {
            // a workspace: the chain of its base, newest commit first
            target = workspace.get().base();
            logChain(term);
        } else if (Files.isDirectory(target)) {
            logDirectory(term);
        } else if (Files.exists(target)) {
            logChain(term);
        } else {
            throw new NoSuchFileException(target.toString(), null, "no such file or directory");
        }
        return ExitCodes.OK;
    }

    // ---- a directory: the forest of its archives ----

    private void logDirectory(Terminal term) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target, "*.hxz")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Node> nodes = new ArrayList<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            try {
                nodes.add(Node.read(name, p));
            } catch (IOException e) {
                unreadable.put(name, HexzMain.messageOf(e));
                term.warn(HexzMain.messageOf(e) + " (left out)");
            }
        }
        Forest forest = Forest.of(nodes);
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("directory", target.toString());
            ArrayNode list = n.putArray("archives");
            for (Line l : forest.lines()) {
                if (l.node() != null) {
                    ObjectNode o = nodeJson(l.node());
                    Node parent = forest.parentOf(l.node());
                    if (o.get("parent").isObject()) {
                        ((ObjectNode) o.get("parent")).put("inDirectory", parent != null);
                        ((ObjectNode) o.get("parent")).put("file", parent == null ? null : parent.name());
                    }
                    list.add(o);
                }
            }
            ArrayNode bad = n.putArray("unreadable");
            unreadable.forEach((file, error) -> bad.addObject().put("file", file).put("error", error));
            term.out().println(JSON.writeValueAsString(n));
            return;
        }
        if (nodes.isEmpty()) {
            if (!term.quiet()) {
                term.out().println("no archives in " + target);
            }
            return;
        }
        printTable(term.out(), forest.lines());
    }

    /** A line of the output: a tree prefix and an archive, or the marker of a parent outside the directory. */
    record Line(String prefix, Node node, String marker) {
        String label() {
            return prefix + (node != null ? node.name() : marker);
        }
    }

    /** The archives of a directory as a forest: each hangs under its parent when the parent is there too. */
    static final class Forest {
        private final List<Node> nodes;
        private final Map<Node, Node> parent = new HashMap<>();
        private final Map<Node, List<Node>> children = new HashMap<>();
        /** Archives whose parent is not in the directory, by the parent's id (a pseudo-root each). */
        private final Map<ArchiveId, List<Node>> outside = new LinkedHashMap<>();

        private Forest(List<Node> nodes) {
            this.nodes = nodes;
        }

        static Forest of(List<Node> nodes) {
            Forest f = new Forest(nodes);
            Map<ArchiveId, Node> byId = new HashMap<>();
            for (Node n : nodes) {
                byId.putIfAbsent(n.id(), n); // a copy of an archive: the first by name stands for both
            }
            for (Node n : nodes) {
                AncestorRef ref = n.parent();
                if (ref == null) {
                    continue;
                }
                Node p = byId.get(ref.id());
                if (p != null && p != n && ref.matches(p.header())) {
                    f.parent.put(n, p);
                    f.children.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
                } else {
                    f.outside.computeIfAbsent(ref.id(), k -> new ArrayList<>()).add(n);
                }
            }
            return f;
        }

        Node parentOf(Node n) {
            return parent.get(n);
        }

        private static final Comparator<Node> BY_TIME = Comparator.comparingLong((Node n) -> n.header().createdMillis())
                .thenComparing(Node::name);

        /**
         * Every line in print order: trees by their root's creation time, children oldest first,
         * drawn with ASCII (like {@code tree --charset=ascii}) so that any terminal shows them.
         */
        List<Line> lines() {
            // top-level items: archives that stand alone and, for each parent outside, its children's group
            List<Object[]> tops = new ArrayList<>(); // {sort time, sort name, Node or List<Node>}
            for (Node n : nodes) {
                if (n.parent() == null) {
                    tops.add(new Object[] {n.header().createdMillis(), n.name(), n});
                }
            }
            for (List<Node> group : outside.values()) {
                group.sort(BY_TIME);
                tops.add(new Object[] {group.get(0).header().createdMillis(), group.get(0).name(), group});
            }
            tops.sort(Comparator.comparingLong((Object[] t) -> (Long) t[0]).thenComparing(t -> (String) t[1]));
            List<Line> out = new ArrayList<>();
            Set<Node> shown = new HashSet<>();
            for (Object[] t : tops) {
                if (t[2] instanceof Node n) {
                    walk(n, "", "", out, shown);
                } else {
                    @SuppressWarnings("unchecked")
                    List<Node> group = (List<Node>) t[2];
                    AncestorRef ref = group.get(0).parent();
                    out.add(new Line("", null, "(parent outside: " + ref.path() + " " + ref.id() + ")"));
                    children(group, "", out, shown);
                }
            }
            // whatever no root reaches (a loop of ids, which a writer never makes) is still shown
            for (Node n : nodes) {
                if (!shown.contains(n)) {
                    walk(n, "", "", out, shown);
                }
            }
            return out;
        }

        private void walk(Node n, String first, String rest, List<Line> out, Set<Node> shown) {
            if (!shown.add(n)) {
                return;
            }
            out.add(new Line(first, n, null));
            List<Node> kids = new ArrayList<>(children.getOrDefault(n, List.of()));
            kids.sort(BY_TIME);
            children(kids, rest, out, shown);
        }

        private void children(List<Node> kids, String indent, List<Line> out, Set<Node> shown) {
            for (int i = 0; i < kids.size(); i++) {
                boolean last = i == kids.size() - 1;
                walk(kids.get(i), indent + (last ? "`-- " : "|-- "), indent + (last ? "    " : "|   "), out, shown);
            }
        }
    }

    // ---- one archive: its chain ----

    private void logChain(Terminal term) throws IOException {
        Node self;
        List<AncestorRef> refs;
        try (ArchiveReader r = Archives.openWithoutAncestors(target)) {
            self = new Node(target.toString(), target, r.header(), r.archiveFileSize(), r.metadataJson().orElse(null));
            refs = r.ancestors();
        }
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("", self, null));
        ArrayNode chain = JSON.createArrayNode();
        chain.add(nodeJson(self).put("depth", 0));
        for (AncestorRef a : refs) {
            Path where = Archives.ancestorLocation(target, a);
            Node found = null;
            String problem;
            try {
                Node n = Node.read(where.toString(), where);
                problem = a.matches(n.header()) ? null : "replaced: holds archive " + n.id() + ", not " + a.id();
                found = problem == null ? n : null;
            } catch (NoSuchFileException e) {
                problem = "missing: " + a.id();
            } catch (IOException e) {
                problem = "unreadable: " + HexzMain.messageOf(e);
            }
            if (found != null) {
                lines.add(new Line("", found, null));
                chain.add(nodeJson(found).put("depth", a.depth()));
            } else {
                lines.add(new Line("", null, where + "  (" + problem + ")"));
                ObjectNode o = chain.addObject();
                o.put("depth", a.depth());
                o.put("file", where.toString());
                o.put("archiveId", a.id().toString());
                o.put("problem", problem);
                term.warn("ancestor " + a.depth() + " of " + target + ", " + where + ", is " + problem);
            }
        }
        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("archive", target.toString());
            n.set("chain", chain);
            term.out().println(JSON.writeValueAsString(n));
        } else {
            printTable(term.out(), lines);
        }
    }

    // ---- output ----

    private static ObjectNode nodeJson(Node n) {
        ObjectNode o = JSON.createObjectNode();
        ArchiveHeader h = n.header();
        o.put("file", n.name());
        o.put("archiveId", h.archiveId().toString());
        o.put("size", n.fileSize());
        o.put("storedBytes", h.storedBytes());
        o.put("logicalSize", h.logicalSize());
        o.put("created", Instant.ofEpochMilli(h.createdMillis()).toString());
        o.put("createdMillis", h.createdMillis());
        o.put("chainDepth", h.chainDepth());
        o.put("message", n.message());
        JsonNode md;
        try {
            md = n.metadata() == null ? null : JSON.readTree(n.metadata());
        } catch (IOException e) {
            md = JSON.getNodeFactory().textNode(n.metadata());
        }
        o.set("metadata", md);
        if (n.parent() == null) {
            o.putNull("parent");
        } else {
            ObjectNode p = o.putObject("parent");
            p.put("archiveId", n.parent().id().toString());
            p.put("path", n.parent().path());
        }
        return o;
    }

    /** The lines under a heading, in aligned columns. */
    static void printTable(PrintStream out, List<Line> lines) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (Line l : lines) {
            rows.add(l.node() == null ? new String[] {l.label()} : columns(l));
        }
        int[] width = new int[HEADINGS.length];
        for (String[] r : rows) {
            if (r.length == HEADINGS.length) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
                }
            }
        }
        for (String[] r : rows) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                s.append(r[i]);
                if (i < r.length - 1) {
                    s.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            out.println(s.toString().stripTrailing());
        }
    }

    static String[] columns(Line l) {
        Node n = l.node();
        return new String[] {l.label(), Units.bytes(n.fileSize()), Units.bytes(n.header().storedBytes()),
            date(n.header().createdMillis()), truncate(n.message())};
    }

    static String date(long millis) {
        return DATE.format(Instant.ofEpochMilli(millis));
    }

    static String truncate(String s) {
        return s.codePointCount(0, s.length()) <= MESSAGE_WIDTH ? s
                : s.substring(0, s.offsetByCodePoints(0, MESSAGE_WIDTH - 3)) + "...";
    }
}
