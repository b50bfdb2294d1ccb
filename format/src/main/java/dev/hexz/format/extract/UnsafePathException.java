package dev.hexz.format.extract;

import java.io.IOException;

/**
 * Extraction refused to write an entry because doing so would leave the destination: a
 * component of the entry's path is a symlink (made by this archive or there before).
 */
public final class UnsafePathException extends IOException {

    private final String entryPath;

    public UnsafePathException(String entryPath, String problem) {
        super(problem);
        this.entryPath = entryPath;
    }

    /** The archive path of the entry that was refused. */
    public String entryPath() {
        return entryPath;
    }
}
