package dev.hexz.cli;

import dev.hexz.fuse.MountListener;
import dev.hexz.workspace.WorkspaceDaemon;
import dev.hexz.workspace.WorkspaceLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hexz workspace serve ID} (hidden): the workspace daemon's process. Prints
 * {@link ServerHandshake#READY} once the mount answers, serves until unmounted; SIGTERM
 * unmounts.
 */
@Command(name = "serve", hidden = true, description = "Serve a workspace (the daemon; started by checkout).")
final class WorkspaceServeCommand implements Callable<Integer> {

    @ParentCommand
    WorkspaceCommand parent;

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(names = "--no-auto-unmount", hidden = true)
    boolean noAutoUnmount;

    @Override
    public Integer call() throws Exception {
        Terminal term = parent.main.terminal();
        WorkspaceDaemon d = WorkspaceDaemon.start(WorkspaceLayout.fromEnvironment(), id, Owner.uid(), Owner.gid(),
                new MountListener() {
                    @Override
                    public void operationFailed(String operation, String path, Throwable failure) {
                        term.err().println("hexz: " + operation + " " + path + " failed: " + failure);
                    }
                }, !noAutoUnmount);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                d.stop();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }));
        ServerHandshake.announceReady(term.out());
        d.awaitUnmounted();
        return ExitCodes.OK;
    }
}
