package dev.hexz.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What commands do to a workspace, whether its daemon does it (over the control channel) or the
 * command itself (the workspace is not mounted). Closing releases what was opened.
 */
public interface WorkspaceOperations extends AutoCloseable {

    WorkspaceStatus status() throws IOException;

    CommitResult commit(String message, Path output, String user, String who) throws IOException;

    void reset(String who) throws IOException;

    void restore(List<String> paths, String who) throws IOException;

    @Override
    void close() throws IOException;
}
