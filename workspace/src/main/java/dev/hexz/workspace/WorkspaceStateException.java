package dev.hexz.workspace;

import java.io.IOException;

/** A workspace's state on disk is missing, unreadable or from an unknown version. */
public class WorkspaceStateException extends IOException {
    public WorkspaceStateException(String message) {
        super(message);
    }

    public WorkspaceStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
