package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the store knows of one archive.
 *
 * @param id the archive's identity (from its header)
 * @param path where the archive file was when it was recorded, absolute and normalized
 * @param parent the archive this one is a thin child of, or null for a self-contained archive
 * @param indexDigest a digest of the archive's index identifying its exact contents, or null when
 *     unknown (the format does not define one yet; thin archives will)
 * @param logicalSize bytes of the logical stream
 * @param storedBytes bytes of the data region (compressed blocks stored in this archive itself)
 * @param archiveFileSize size of the archive file
 * @param createdMillis when the archive was written (its header)
 * @param registeredMillis when it was recorded in the store
 * @param chainDepth 0 for a self-contained archive, the parent's depth + 1 for a thin one
 */
public record ArchiveRecord(ArchiveId id, Path path, ArchiveId parent, byte[] indexDigest, long logicalSize,
        long storedBytes, long archiveFileSize, long createdMillis, long registeredMillis, int chainDepth) {

    public ArchiveRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
        indexDigest = indexDigest == null ? null : indexDigest.clone();
        if (logicalSize < 0 || storedBytes < 0 || archiveFileSize < 0 || chainDepth < 0) {
            throw new IllegalArgumentException("sizes and chain depth must not be negative");
        }
        if ((parent == null) != (chainDepth == 0)) {
            throw new IllegalArgumentException("an archive has a parent exactly when its chain depth is above 0, got parent "
                    + parent + " and depth " + chainDepth);
        }
    }

    @Override
    public byte[] indexDigest() {
        return indexDigest == null ? null : indexDigest.clone();
    }

    // a record compares arrays by reference; two records of the same archive must be equal
    @Override
    public boolean equals(Object o) {
        return o instanceof ArchiveRecord r && id.equals(r.id) && path.equals(r.path) && Objects.equals(parent, r.parent)
                && Arrays.equals(indexDigest, r.indexDigest) && logicalSize == r.logicalSize
                && storedBytes == r.storedBytes && archiveFileSize == r.archiveFileSize
                && createdMillis == r.createdMillis && registeredMillis == r.registeredMillis
                && chainDepth == r.chainDepth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, path, parent, Arrays.hashCode(indexDigest), logicalSize, storedBytes, archiveFileSize,
                createdMillis, registeredMillis, chainDepth);
    }

    @Override
    public String toString() {
        return "ArchiveRecord[id=" + id + ", path=" + path + ", parent=" + parent + ", indexDigest="
                + (indexDigest == null ? null : HexFormat.of().formatHex(indexDigest)) + ", logicalSize=" + logicalSize
                + ", storedBytes=" + storedBytes + ", archiveFileSize=" + archiveFileSize + ", createdMillis="
                + createdMillis + ", registeredMillis=" + registeredMillis + ", chainDepth=" + chainDepth + "]";
    }
}
