package dev.hexz.format;

import dev.hexz.format.io.RandomAccessSource;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A source that passes everything to another; tests override {@link #readFully} to watch or hold reads. */
abstract class ForwardingSource implements RandomAccessSource {

    private final RandomAccessSource inner;

    ForwardingSource(RandomAccessSource inner) {
        this.inner = inner;
    }

    @Override
    public void readFully(long position, ByteBuffer dst) throws IOException {
        inner.readFully(position, dst);
    }

    @Override
    public long size() throws IOException {
        return inner.size();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
