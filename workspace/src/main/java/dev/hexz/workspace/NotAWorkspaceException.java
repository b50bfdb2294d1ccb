package dev.hexz.workspace;

/** A directory that is no workspace's mount point (nor inside one). */
public class NotAWorkspaceException extends WorkspaceStateException {
    public NotAWorkspaceException(String message) {
        super(message);
    }
}
