package dev.hexz.format;

/** The file ends before a part the header or index says is there. */
public final class TruncatedArchiveException extends CorruptArchiveException {
    public TruncatedArchiveException(String archive, long offset, String problem) {
        super(archive, offset, problem);
    }
}
