package dev.hexz.cli;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.FuseAvailability;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hexz train-cds DIR} (hidden): does in one JVM what the class-data-sharing archive of
 * scripts/hexz should cover — a pack, an inspect and a verify, and (where FUSE works) a mount
 * that is read and unmounted — so that the archive made at its exit maps the classes of every
 * common command, the mount server's included (it must answer in under a second).
 */
@Command(name = "train-cds", hidden = true, description = "Exercise the common commands (for scripts/hexz's CDS archive).")
final class TrainCdsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "An empty scratch directory.")
    Path work;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path sample = work.resolve("sample.bin");
        byte[] data = new byte[3 << 20];
        new Random(1).nextBytes(data);
        for (int i = 0; i < data.length / 2; i++) {
            data[i] = (byte) (i % 31);
        }
        Files.write(sample, data);
        Path archive = work.resolve("sample.hxz");
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream());
        for (String[] args : new String[][] {
            {"pack", "-q", sample.toString(), archive.toString()},
            {"inspect", archive.toString()},
            {"verify", archive.toString()},
        }) {
            int code = HexzMain.run(args, sink, sink);
            if (code != ExitCodes.OK) {
                throw new CliException(code, "training run of 'hexz " + args[0] + "' failed (" + code + ")");
            }
        }
        if (FuseAvailability.problem().isPresent()) {
            return ExitCodes.OK;
        }
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Thread preload = FuseMount.preloadInBackground();
        try (ArchiveReader r = Archives.open(archive)) {
            preload.join();
            FuseMount m = FuseMount.mount(ArchiveTree.of(r, "sample", 0, Owner.uid(), Owner.gid()), mnt,
                    MountOptions.forArchive(archive.toString()), MountListener.NONE);
            try {
                Files.readAllBytes(mnt.resolve("sample.bin"));
            } finally {
                m.unmount(true, Duration.ofSeconds(10));
            }
        }
        return ExitCodes.OK;
    }
}
