package dev.hexz.workspace;

import java.io.IOException;

/** Another process (named in the message) holds the workspace, or an operation on it is running. */
public class WorkspaceLockedException extends IOException {
    public WorkspaceLockedException(String message) {
        super(message);
    }
}
