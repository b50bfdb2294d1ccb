package dev.hexz.format;

import java.io.IOException;
import java.io.InputStream;

/** A seekable stream over a range of an archive's logical bytes (the whole stream or one file). */
public final class ArchiveInputStream extends InputStream {

    private final ArchiveReader reader;
    private final long start;
    private final long length;
    private long position;
    private long mark;

    ArchiveInputStream(ArchiveReader reader, long start, long length) {
        this.reader = reader;
        this.start = start;
        this.length = length;
    }

    /** The current position, relative to the start of the range. */
    public long position() {
        return position;
    }

    /** Moves to {@code newPosition} (relative to the range's start; may be past the end). */
    public void seek(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
    }

    public long length() {
        return length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        n = reader.read(start + position, b, off, n);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long k = Math.max(0, Math.min(n, length - position));
        position += k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, length - position));
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        mark = position;
    }

    @Override
    public synchronized void reset() {
        position = mark;
    }
}
