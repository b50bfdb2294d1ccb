package dev.hexz.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.store.BlockStore;
import dev.hexz.store.HexzHome;
import dev.hexz.store.StoreStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hexz store stats}: what the block store holds. */
@Command(name = "stats",
        mixinStandardHelpOptions = true,
        description = {
            "Show what the block store holds: archives, blocks (entries and distinct hashes), their logical and"
                + " stored bytes, the dedup ratio, and the store's size on disk.",
            "Reads every block entry: a few seconds for tens of millions of blocks. A store that does not exist"
                + " yet is reported empty (and not created).",
        },
        sortOptions = false)
final class StoreStatsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    private StoreCommand parent;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Mixin
    private StoreCommand.WaitOption wait;

    @Override
    public Integer call() throws IOException {
        Terminal term = parent.main.terminal();
        Path dir = HexzHome.store();
        boolean exists = Files.exists(dir);
        StoreStats s;
        if (exists) {
            try (BlockStore store = wait.open(term)) {
                s = store.stats();
            }
        } else {
            wait.duration(); // still a usage error when bad
            s = StoreStats.empty();
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("store", dir.toString());
        n.put("exists", exists);
        n.put("archives", s.archives());
        n.put("blockEntries", s.blockEntries());
        n.put("distinctHashes", s.distinctHashes());
        n.put("logicalBytes", s.logicalBytes());
        n.put("storedBytes", s.storedBytes());
        n.put("archiveFileBytes", s.archiveFileBytes());
        n.put("dedupRatio", s.dedupRatio());
        n.put("sizeOnDisk", s.sizeOnDisk());
        if (json) {
            term.out().println(JSON.writeValueAsString(n));
        } else {
            print(term.out(), dir, exists, s);
        }
        return ExitCodes.OK;
    }

    private static void print(PrintStream out, Path dir, boolean exists, StoreStats s) {
        row(out, "store", dir + (exists ? "" : " (does not exist yet)"));
        row(out, "archives", Long.toString(s.archives()));
        row(out, "blocks", s.blockEntries() + " recorded, " + s.distinctHashes() + " distinct"
                + (s.blockEntries() > s.distinctHashes() ? " (" + (s.blockEntries() - s.distinctHashes())
                    + " also stored in another archive)" : ""));
        row(out, "logical size", Units.bytesExact(s.logicalBytes()));
        row(out, "stored size", Units.bytesExact(s.storedBytes()));
        row(out, "dedup ratio", Units.ratio(s.dedupRatio()) + " (logical size / stored size)");
        row(out, "size on disk", Units.bytesExact(s.sizeOnDisk()));
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("%-13s %s%n", label, value);
    }
}
