package dev.hexz.cli;

import dev.hexz.store.BlockStore;
import dev.hexz.store.BlockStores;
import dev.hexz.store.HexzHome;
import dev.hexz.store.StoreException;
import dev.hexz.store.StoreLockedException;
import dev.hexz.store.StoreOwner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hexz store …}: the block store in {@code $HEXZ_HOME/store}. */
@Command(name = "store",
        mixinStandardHelpOptions = true,
        description = {
            "The block store: an index in $HEXZ_HOME/store (default ~/.hexz/store) of which archive holds each"
                + " block, so that packing and committing find shared blocks without reading other archives."
                + " It is only an index: 'hexz store rebuild' recreates it from the archives.",
        },
        subcommands = {StoreStatsCommand.class, StoreRebuildCommand.class})
final class StoreCommand implements Callable<Integer> {

    @ParentCommand
    HexzMain main;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(main.terminal().err());
        return ExitCodes.USAGE;
    }

    /** {@code --wait SECONDS}, shared by the store's subcommands. */
    static final class WaitOption {
        @Spec(Spec.Target.MIXEE)
        private CommandSpec mixee;

        @Option(names = "--wait", paramLabel = "SECONDS",
                description = "How long to wait for another hexz process using the store (default: 30).")
        private double seconds = BlockStores.DEFAULT_WAIT.toSeconds();

        Duration duration() {
            if (!(seconds >= 0) || seconds > 86_400) {
                throw new ParameterException(mixee.commandLine(), "--wait must be 0..86400 seconds, got " + seconds);
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        /**
         * A lease on the store under {@code $HEXZ_HOME}. When another process has it, says so
         * (naming it) before waiting, rather than hanging silently for up to {@code --wait}.
         */
        BlockStore open(Terminal term) throws StoreException {
            Duration wait = duration();
            try {
                return BlockStores.open(HexzHome.store(), Duration.ZERO);
            } catch (StoreLockedException e) {
                if (wait.isZero()) {
                    throw e;
                }
                term.warn("block store " + HexzHome.store() + " is in use by "
                        + e.holder().map(StoreOwner::describe).orElse("another process")
                        + "; waiting up to " + Units.seconds(wait.toMillis() / 1000.0) + " for it");
                return BlockStores.open(HexzHome.store(), wait);
            }
        }
    }
}
