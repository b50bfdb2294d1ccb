package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.store.BlockStore;
import dev.hexz.store.BlockStores;
import dev.hexz.store.CorruptStoreException;
import dev.hexz.store.HexzHome;
import dev.hexz.store.RebuildReport;
import dev.hexz.store.StoreRebuilder;
import dev.hexz.store.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz store rebuild [DIR…]}: the block store, recreated from the archives. */
@Command(name = "rebuild",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild the block store from archives: search each DIR (and its subdirectories) for *.hxz files"
                + " and record every block they store. Without --keep the store is emptied first, so that it"
                + " knows exactly the archives found.",
            "Without DIR, searches the directories of the archives the store already knows (not their"
                + " subdirectories). A damaged store is moved aside to store.damaged-<time> (nothing is deleted)"
                + " and a new one is built; a directory that is not a store is refused.",
            "Files that are not readable archives are skipped with a warning.",
        },
        sortOptions = false)
final class StoreRebuildCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    private StoreCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..*",
            description = "Directories to search for archives (or archive files).")
    private List<Path> dirs = new ArrayList<>();

    @Option(names = "--keep", description = "Keep the archives the store knows; add (or record again) the ones found.")
    private boolean keep;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Mixin
    private StoreCommand.WaitOption wait;

    @Override
    public Integer call() throws IOException {
        Terminal term = parent.main.terminal();
        wait.duration();
        for (Path d : dirs) {
            if (!Files.exists(d)) {
                throw new NoSuchFileException(d.toString(), null, "no such file or directory");
            }
        }
        Path storeDir = HexzHome.store();
        Path movedAside = null;
        if (dirs.isEmpty() && !Files.exists(storeDir)) {
            throw noDirectories();
        }
        BlockStore store;
        try {
            store = wait.open(term);
        } catch (CorruptStoreException e) {
            if (dirs.isEmpty()) {
                throw e; // the archives it knew are in the damaged store: the user must say where they are
            }
            movedAside = BlockStores.moveAside(storeDir);
            term.warn("block store " + storeDir + " was damaged (" + HexzMain.messageOf(e) + "); moved it to "
                    + movedAside + " and building a new one");
            store = wait.open(term);
        }
        RebuildReport report;
        StoreStats stats;
        try (BlockStore s = store) {
            StoreRebuilder rebuilder = new StoreRebuilder(s).keys(Secrets.current());
            if (keep) {
                rebuilder.keepExisting();
            }
            List<Path> roots = dirs;
            if (roots.isEmpty()) {
                roots = StoreRebuilder.knownDirectories(s);
                if (roots.isEmpty()) {
                    throw noDirectories();
                }
                rebuilder.shallow();
            }
            report = rebuilder.rebuild(roots);
            stats = s.stats();
        }
        for (RebuildReport.Failed f : report.failed()) {
            term.warn("skipped " + f.path() + ": " + f.reason());
        }
        if (json) {
            term.out().println(JSON.writeValueAsString(toJson(storeDir, movedAside, report, stats)));
        } else if (!term.quiet()) {
            term.out().println("recorded " + Units.count(report.recorded().size(), "archive", "archives") + " ("
                    + Units.count(report.blocks(), "block", "blocks") + ") in "
                    + Units.seconds(report.elapsedMillis() / 1000.0)
                    + (report.failed().isEmpty() ? "" : "; skipped " + report.failed().size())
                    + (report.duplicates().isEmpty() ? "" : "; " + Units.count(report.duplicates().size(),
                        "copy", "copies") + " of an archive already recorded"));
            term.out().println("store " + storeDir + ": " + Units.count(stats.archives(), "archive", "archives")
                    + ", " + stats.distinctHashes() + " distinct blocks");
        }
        return ExitCodes.OK;
    }

    private ParameterException noDirectories() {
        return new ParameterException(spec.commandLine(), "the block store knows no archives yet; name the"
                + " directories that hold them: hexz store rebuild DIR...");
    }

    private static ObjectNode toJson(Path storeDir, Path movedAside, RebuildReport r, StoreStats stats) {
        ObjectNode n = JSON.createObjectNode();
        n.put("store", storeDir.toString());
        if (movedAside != null) {
            n.put("movedAside", movedAside.toString());
        } else {
            n.putNull("movedAside");
        }
        ArrayNode recorded = n.putArray("recorded");
        for (RebuildReport.Recorded a : r.recorded()) {
            recorded.addObject().put("path", a.path().toString()).put("archiveId", a.archiveId().toString())
                    .put("blocks", a.blocks());
        }
        ArrayNode failed = n.putArray("failed");
        for (RebuildReport.Failed f : r.failed()) {
            failed.addObject().put("path", f.path().toString()).put("reason", f.reason());
        }
        ArrayNode copies = n.putArray("duplicates");
        for (RebuildReport.Duplicate d : r.duplicates()) {
            copies.addObject().put("path", d.path().toString()).put("archiveId", d.archiveId().toString())
                    .put("recordedFrom", d.recordedFrom().toString());
        }
        n.put("blocks", r.blocks());
        n.put("elapsedMillis", r.elapsedMillis());
        n.put("archives", stats.archives());
        n.put("distinctHashes", stats.distinctHashes());
        return n;
    }
}
