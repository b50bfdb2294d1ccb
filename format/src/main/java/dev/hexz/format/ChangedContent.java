package dev.hexz.format;

import java.io.IOException;
import java.util.List;

/**
 * The new bytes of a file that was changed in place, described relative to the same file in a
 * thin archive's parent: what a workspace knows after writes through its mount. A thin writer
 * ({@link ArchiveWriter#addChangedFile}) records the parent's blocks for every region this says
 * is unchanged, without reading, hashing or chunking it, and reads only around the changes: the
 * cost of a commit grows with what changed, not with the size of the file.
 *
 * <p>The promise an implementation makes: for every offset {@code x} with
 * {@code x < unchangedLimit()} that lies in no range of {@link #changedRanges()}, the new byte at
 * {@code x} equals the parent file's byte at {@code x} (writes happen in place, nothing is
 * inserted or shifted). Breaking it gives an archive with the parent's bytes where the new ones
 * belonged; the writer cannot notice, since not looking is the point.
 */
public interface ChangedContent {

    /** The new size of the file in bytes. */
    long size();

    /**
     * Bytes at offsets {@code >= unchangedLimit()} may differ from the parent file (after a
     * truncation, or beyond the parent's end when the file grew). At most the parent file's
     * size: a file only written in place (or grown) has the parent's size here; a file once
     * truncated to {@code n} bytes has at most {@code n}, whatever it grew to afterwards.
     */
    long unchangedLimit();

    /**
     * The ranges of the new file that may differ from the parent file: sorted by start and
     * disjoint (a range may start where the previous one ends). Ranges may reach past
     * {@link #size()}; that part is ignored. Listing too much is safe (it only costs reading);
     * listing too little breaks the promise above.
     */
    List<ByteRange> changedRanges();

    /**
     * Reads new bytes at {@code offset} (any offset in {@code [0, size())}) into
     * {@code dst[off, off + len)}; returns how many, fewer than {@code len} only at the end of
     * the file. The writer reads only around changed ranges and beyond the unchanged limit.
     */
    int read(long offset, byte[] dst, int off, int len) throws IOException;
}
