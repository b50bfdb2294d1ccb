package dev.hexz.cli;

import dev.hexz.format.ArchiveReader;
import dev.hexz.fuse.ArchiveTree;
import dev.hexz.fuse.FuseAvailability;
import dev.hexz.fuse.FuseMount;
import dev.hexz.fuse.MountListener;
import dev.hexz.fuse.MountOptions;
import dev.hexz.store.HexzHome;
import dev.hexz.workspace.ControlServer;
import dev.hexz.workspace.Workspace;
import dev.hexz.workspace.WorkspaceLayout;
import dev.hexz.workspace.WorkspaceState;
import dev.hexz.workspace.Workspaces;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
        // a scratch home of its own: the training pack and commit record their blocks in the
        // block store, and scripts/hexz deletes DIR afterwards; in the user's store they would
        // name archives that no longer exist
        String home = System.getProperty(HexzHome.PROPERTY);
        System.setProperty(HexzHome.PROPERTY, work.resolve("home").toString());
        try {
            return train();
        } finally {
            if (home == null) {
                System.clearProperty(HexzHome.PROPERTY);
            } else {
                System.setProperty(HexzHome.PROPERTY, home);
            }
        }
    }

    private int train() throws IOException, InterruptedException {
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
        trainStatus(work, archive, sink);
        if (FuseAvailability.problem().isPresent()) {
            return ExitCodes.OK;
        }
        Path mnt = Files.createDirectories(work.resolve("mnt"));
        Thread preload = FuseMount.preloadInBackground();
        try (ArchiveReader r = Archives.open(archive)) {
            preload.join();
            ArchiveTree tree = ArchiveTree.of(r, "sample", 0, Owner.uid(), Owner.gid());
            FuseMount m = FuseMount.mount(tree, mnt, MountOptions.forArchive(archive.toString()), MountListener.NONE);
            try {
                // what a background server does before it says it is ready (listings, direct I/O)
                MountWarmup.listDirectories(m, tree.directoriesBreadthFirst(10, 100), Optional.of("/sample.bin"), 20, 1000);
                MountWarmup.run(mnt, tree, r, 50, 1000);
                // what a first find or cat asks a fresh server: a listing, a lookup, reads
                try (var listing = Files.list(mnt)) {
                    listing.count();
                }
                Files.readAllBytes(mnt.resolve("sample.bin"));
            } finally {
                m.unmount(true, Duration.ofSeconds(10));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * {@code hexz status} as a client of a running daemon (it must answer in under 200 ms): a
     * workspace of the sample in a scratch home (never the user's), served by a control channel in
     * this process, with one change, asked for its status in all three formats, then committed.
     */
    private static void trainStatus(Path work, Path archive, PrintStream sink) throws IOException {
        WorkspaceLayout layout = WorkspaceLayout.fromEnvironment();
        Workspaces registry = new Workspaces(layout);
        WorkspaceState s = registry.create(archive, Files.createDirectories(work.resolve("ws")), "train");
        try (Workspace w = Workspace.open(layout, s.id(), "hexz train-cds", Owner.uid(), Owner.gid());
                ControlServer c = ControlServer.start(layout.socket(s.id()), w)) {
            w.overlay().remove("/sample.bin");
            Terminal term = new Terminal(java.io.InputStream.nullInputStream(), sink, sink, sink, false);
            // through the classes hexz's main runs them with (see HexzMain.PlainRun)
            String mnt = s.mountPoint().toString();
            for (String format : new String[] {null, "--porcelain", "--json"}) {
                check("status", new HexzMain.ShowStatus(registry, new String[] {mnt, format}).run(term));
            }
            // and a commit of that change (the client's side; the work runs in this JVM too)
            PlainCommandLine commit = CommitCommand.plainCommandLine(
                    new String[] {"commit", "-q", mnt, "-m", "train", "-o", work.resolve("sample-1.hxz").toString()});
            check("commit", new HexzMain.Commit(registry, commit).run(term));
        } catch (dev.hexz.fuse.FsException e) {
            throw new IOException("training run of 'hexz status' failed: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("training run of 'hexz status' failed: " + e.getMessage(), e);
        }
    }

    private static void check(String command, int code) {
        if (code != ExitCodes.OK) {
            throw new CliException(code, "training run of 'hexz " + command + "' failed (" + code + ")");
        }
    }
}
