package dev.hexz.format;

/** The 4096-byte header fails its checksum or holds a value outside what the spec allows. */
public final class CorruptHeaderException extends CorruptArchiveException {
    public CorruptHeaderException(String archive, long offset, String problem) {
        super(archive, offset, problem);
    }
}
