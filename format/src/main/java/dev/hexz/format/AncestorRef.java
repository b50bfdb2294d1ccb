package dev.hexz.format;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * How a thin archive names one of its ancestors: by identity (archive id and index digest), which
 * must match, and by a path hint (relative to the naming archive's directory when possible), which
 * is only where to look first.
 *
 * @param depth 1 for the parent, 2 for the grandparent, …: the {@code source} number blocks use
 */
public record AncestorRef(int depth, ArchiveId id, byte[] indexDigest, String path) {

    public AncestorRef {
        if (indexDigest.length != 32) {
            throw new IllegalArgumentException("an index digest is 32 bytes");
        }
    }

    public String indexDigestHex() {
        return HexFormat.of().formatHex(indexDigest);
    }

    /** Whether an archive with this header is the one this reference names. */
    public boolean matches(ArchiveHeader h) {
        return id.equals(h.archiveId()) && Arrays.equals(indexDigest, h.indexDigest());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AncestorRef r && depth == r.depth && id.equals(r.id) && Arrays.equals(indexDigest, r.indexDigest)
                && path.equals(r.path);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + depth;
    }

    @Override
    public String toString() {
        return (depth == 1 ? "parent " : "ancestor " + depth + " ") + path + " (" + id + ")";
    }
}
