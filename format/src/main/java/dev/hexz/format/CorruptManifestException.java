package dev.hexz.format;

/**
 * The manifest of files (or the metadata section) is damaged or hostile: a bad checksum, a path
 * that is absolute, holds {@code ..}, repeats, or a file range outside the archive.
 */
public final class CorruptManifestException extends CorruptArchiveException {
    public CorruptManifestException(String archive, long offset, String problem) {
        super(archive, offset, problem);
    }
}
