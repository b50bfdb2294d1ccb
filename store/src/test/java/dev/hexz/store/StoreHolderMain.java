package dev.hexz.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process that uses a store until it is killed, for {@link StoreLockTest}:
 * {@code hold DIR} opens the store, says "ready" and sleeps; {@code write DIR} also records
 * archives of 20,000 blocks one after another, saying "recorded N" after each.
 */
public final class StoreHolderMain {

    private StoreHolderMain() {
    }

    @SuppressWarnings("InfiniteLoopStatement")
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        StoreOwner.describeThisProcess("StoreHolderMain " + args[0]);
        RocksBlockStore store = RocksBlockStore.open(Path.of(args[1]), Duration.ofSeconds(30));
        out.println("ready");
        out.flush();
        if (args[0].equals("write")) {
            for (int a = 0; ; a++) {
                store.record(Fixtures.record(Fixtures.id(a), 1000, 500), Fixtures.blocks(a * 20_000, 20_000));
                out.println("recorded " + a);
                out.flush();
            }
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
