package dev.hexz.format.io;

import java.io.EOFException;
import java.nio.ByteBuffer;

/** An archive held in memory: used by tests, fuzzing and small embedded archives. */
public final class ByteArraySource implements RandomAccessSource {

    private final byte[] bytes;
    private final String name;

    public ByteArraySource(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    public ByteArraySource(byte[] bytes) {
        this(bytes, "memory");
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void readFully(long position, ByteBuffer dst) throws EOFException {
        int n = dst.remaining();
        if (position < 0 || position > bytes.length - (long) n) {
            throw new EOFException(name + ": unexpected end of data at offset " + position);
        }
        dst.put(bytes, (int) position, n);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
