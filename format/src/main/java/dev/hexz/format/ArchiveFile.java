package dev.hexz.format;

import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;

/** A file, directory or symlink of an archive, with random access to a file's bytes. */
public final class ArchiveFile {

    private final ArchiveReader reader;
    private final ManifestEntry entry;

    ArchiveFile(ArchiveReader reader, ManifestEntry entry) {
        this.reader = reader;
        this.entry = entry;
    }

    public ManifestEntry entry() {
        return entry;
    }

    public long size() {
        return entry.isFile() ? entry.size() : 0;
    }

    /** Reads up to {@code len} bytes at {@code offset} within the file; -1 at or past its end. */
    public int read(long offset, byte[] dst, int off, int len) throws IOException {
        requireFile();
        if (offset < 0) {
            throw new IndexOutOfBoundsException("negative offset " + offset);
        }
        if (offset >= entry.size()) {
            return len == 0 ? 0 : -1;
        }
        int n = (int) Math.min(len, entry.size() - offset);
        return reader.read(entry.logicalOffset() + offset, dst, off, n);
    }

    /** The whole file's bytes (for small files). */
    public byte[] readAllBytes() throws IOException {
        requireFile();
        if (entry.size() > Integer.MAX_VALUE - 8) {
            throw new IOException(entry.path() + ": too large to read into one array (" + entry.size() + " bytes)");
        }
        byte[] out = new byte[(int) entry.size()];
        if (out.length > 0) {
            reader.readFully(entry.logicalOffset(), out, 0, out.length);
        }
        return out;
    }

    public ArchiveInputStream openStream() throws IOException {
        requireFile();
        return new ArchiveInputStream(reader, entry.logicalOffset(), entry.size());
    }

    public ArchiveChannel channel() throws IOException {
        requireFile();
        return new ArchiveChannel(reader, entry.logicalOffset(), entry.size());
    }

    private void requireFile() throws IOException {
        if (!entry.isFile()) {
            throw new IOException(reader.name() + ": '" + entry.path() + "' is not a regular file");
        }
    }
}
