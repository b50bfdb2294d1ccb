package dev.hexz.format;

import java.io.IOException;

/**
 * An archive whose bytes are not what the format requires. Says which archive, which byte
 * offset, and what was expected versus found. Subclasses name the part that is damaged.
 */
public class CorruptArchiveException extends IOException {

    private final String archive;
    private final long offset;
    private final String problem;

    public CorruptArchiveException(String archive, long offset, String problem) {
        this(archive, offset, problem, null);
    }

    public CorruptArchiveException(String archive, long offset, String problem, Throwable cause) {
        super(archive + ": " + problem + " (at offset " + offset + ")", cause);
        this.archive = archive;
        this.offset = offset;
        this.problem = problem;
    }

    /** The archive's name (its path). */
    public String archive() {
        return archive;
    }

    /**
     * What is wrong, in words, without the archive's name and offset (which {@link #archive()}
     * and {@link #offset()} give): for a report that lists several problems of one archive.
     */
    public String problem() {
        return problem;
    }

    /** The byte offset in the archive file where the problem was found. */
    public long offset() {
        return offset;
    }
}
