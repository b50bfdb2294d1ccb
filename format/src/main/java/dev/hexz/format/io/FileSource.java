package dev.hexz.format.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A local file read with positional {@link FileChannel#read(ByteBuffer, long)}, safe across threads. */
public final class FileSource implements RandomAccessSource {

    private final Path path;
    private final FileChannel channel;
    private final long size;

    private FileSource(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code path} read-only; a directory or missing file is a clear error. */
    public static FileSource open(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException(path + ": is a directory, not an archive");
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        return new FileSource(path, ch, ch.size());
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void readFully(long position, ByteBuffer dst) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new EOFException(path + ": unexpected end of file at offset " + pos);
            }
            pos += n;
        }
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
