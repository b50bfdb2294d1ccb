package dev.hexz.format;

/** The file does not start with the hexz magic: it is not an archive at all (or is empty). */
public final class NotAnArchiveException extends CorruptArchiveException {
    public NotAnArchiveException(String archive, String problem) {
        super(archive, 0, problem);
    }
}
