package dev.hexz.format;

/** The master index or an index page is damaged: a bad checksum, an impossible count or range. */
public final class CorruptIndexException extends CorruptArchiveException {
    public CorruptIndexException(String archive, long offset, String problem) {
        super(archive, offset, problem);
    }
}
