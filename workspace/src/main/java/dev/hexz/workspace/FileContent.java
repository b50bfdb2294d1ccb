package dev.hexz.workspace;

import dev.hexz.format.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The bytes of one file of a workspace: copy-on-write over a base file. Bytes in
 * {@link DirtyRanges} come from the upper data file; other bytes below {@code baseLimit} come
 * from the base file; the rest (growth, holes) are zeros. Writing 4 KiB into a 10 GiB file
 * stores 4 KiB. Reads share a lock; writes and truncation take it alone.
 */
final class FileContent {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private BaseFile base;
    private long baseLimit;
    private long size;
    private final DirtyRanges dirty = new DirtyRanges();
    private UpperLayer upper;
    private int dataFile = -1;
    private FileChannel channel;
    private int handles;
    /** Changes on every write or truncation: pages the kernel cached before are stale. */
    private volatile long generation;
    /** The generation at the last open, or -1: pages the kernel cached then are valid while it is unchanged. */
    private long generationAtLastOpen = -1;

    private FileContent(BaseFile base, long size, UpperLayer upper) {
        this.base = base;
        this.baseLimit = base == null ? 0 : base.size();
        this.size = size;
        this.upper = upper;
    }

    /** The unchanged content of a base file. */
    static FileContent ofBase(BaseFile base, UpperLayer upper) {
        return new FileContent(base, base.size(), upper);
    }

    /** An empty new file. */
    static FileContent empty(UpperLayer upper) {
        return new FileContent(null, 0, upper);
    }

    long size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Notes an open; returns whether the bytes are unchanged since the previous open, so the
     * kernel may keep the pages it cached then (FUSE's keep_cache).
     */
    synchronized boolean openedUnchangedSinceLastOpen() {
        long g = generation;
        boolean same = generationAtLastOpen == g;
        generationAtLastOpen = g;
        return same;
    }

    BaseFile base() {
        return base;
    }

    /** Whether the bytes are exactly the base file's, without looking at them (no write, no truncation). */
    boolean untouched() {
        lock.readLock().lock();
        try {
            return base != null && dirty.isEmpty() && baseLimit == base.size() && size == base.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes held by the upper layer (what a commit must at most read and hash). */
    long dirtyBytes() {
        lock.readLock().lock();
        try {
            return dirty.bytes() + Math.max(0, size - Math.max(baseLimit, 0)) - overlapBeyondLimit();
        } finally {
            lock.readLock().unlock();
        }
    }

    private long overlapBeyondLimit() {
        long n = 0;
        for (long[] r : dirty.list()) {
            n += Math.max(0, r[1] - Math.max(r[0], baseLimit));
        }
        return n;
    }

    int read(long offset, byte[] dst, int off, int len) throws IOException {
        lock.readLock().lock();
        try {
            if (offset >= size) {
                return 0;
            }
            int n = (int) Math.min(len, size - offset);
            int done = 0;
            while (done < n) {
                long pos = offset + done;
                int want = n - done;
                long[] d = dirty.containing(pos);
                int piece;
                if (d != null) {
                    piece = (int) Math.min(want, d[1] - pos);
                    readUpper(pos, dst, off + done, piece);
                } else {
                    long cleanEnd = Math.min(dirty.nextStartAfter(pos), pos + want);
                    piece = (int) (cleanEnd - pos);
                    if (pos < baseLimit) {
                        piece = (int) Math.min(piece, baseLimit - pos);
                        base.read(pos, dst, off + done, piece);
                    } else {
                        Arrays.fill(dst, off + done, off + done + piece, (byte) 0);
                    }
                }
                done += piece;
            }
            return n;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** As {@link #read}, handing untouched base bytes to {@code sink} without a copy. */
    int readTo(long offset, int len, ByteSink sink) throws IOException {
        lock.readLock().lock();
        try {
            if (dirty.isEmpty() && base != null && offset + len <= baseLimit && baseLimit <= size) {
                return base.readTo(offset, len, sink);
            }
        } finally {
            lock.readLock().unlock();
        }
        byte[] buf = new byte[len];
        int n = read(offset, buf, 0, len);
        if (n > 0) {
            sink.accept(buf, 0, n);
        }
        return n;
    }

    private void readUpper(long pos, byte[] dst, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        FileChannel ch = channel();
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                // a sparse tail the file system reports as EOF: zeros
                Arrays.fill(dst, b.position(), off + len, (byte) 0);
                break;
            }
            p += r;
        }
    }

    /**
     * Writes {@code len} bytes at {@code offset} into the upper data file, then journals it under
     * {@code path} (null for a removed file: nothing to replay).
     */
    int write(String path, long offset, byte[] src, int off, int len, java.time.Instant now) throws IOException {
        lock.writeLock().lock();
        try {
            if (dataFile < 0) {
                dataFile = upper.newDataFile();
            }
            ByteBuffer b = ByteBuffer.wrap(src, off, len);
            FileChannel ch = channel();
            long p = offset;
            while (b.hasRemaining()) {
                p += ch.write(b, p);
            }
            if (path != null) {
                upper.journal().append(new JournalRecord.Write(path, dataFile, offset, len, now.getEpochSecond(),
                        now.getNano()));
            }
            applyWrite(offset, len);
            return len;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Journal replay: the bytes are already in data file {@code file}. */
    void replayWrite(int file, long offset, long len) {
        lock.writeLock().lock();
        try {
            dataFile = file;
            upper.noteDataFile(file);
            applyWrite(offset, len);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void applyWrite(long offset, long len) {
        dirty.add(offset, offset + len);
        size = Math.max(size, offset + len);
        generation++;
    }

    void truncate(String path, long newSize, java.time.Instant now) throws IOException {
        lock.writeLock().lock();
        try {
            if (path != null) {
                upper.journal().append(new JournalRecord.Truncate(path, newSize, now.getEpochSecond(), now.getNano()));
            }
            applyTruncate(newSize);
            if (channel != null && channel.size() > newSize) {
                channel.truncate(newSize);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Journal replay of a truncation (the data file is cut when it is next opened for writing). */
    void applyTruncate(long newSize) {
        lock.writeLock().lock();
        try {
            if (newSize < size) {
                dirty.cutAt(newSize);
                baseLimit = Math.min(baseLimit, newSize);
            }
            size = newSize;
            generation++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Makes the written bytes durable. */
    void sync() throws IOException {
        lock.readLock().lock();
        try {
            if (channel != null) {
                channel.force(false);
            }
        } finally {
            lock.readLock().unlock();
        }
        upper.journal().sync();
    }

    /**
     * A FUSE handle opened the file. Its data file is opened now, so that the handle keeps its
     * bytes even if the file is removed and a commit or reset then deletes the upper layer.
     */
    void opened() throws IOException {
        lock.writeLock().lock();
        try {
            if (dataFile >= 0) {
                channel();
            }
            handles++;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * A file removed from the tree but still open, with no data file yet, makes its data file in
     * {@code current} from now on: the layer it was opened in may be gone.
     */
    void followUpper(UpperLayer current) {
        lock.writeLock().lock();
        try {
            if (dataFile < 0) {
                upper = current;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A FUSE handle closed; the data file is closed with the last one. */
    void released() throws IOException {
        lock.writeLock().lock();
        try {
            handles--;
            if (handles <= 0) {
                handles = 0;
                closeChannel();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isOpen() {
        lock.readLock().lock();
        try {
            return handles > 0;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Closes the data file if no handle uses it (after a status or commit read it). */
    void closeIfIdle() throws IOException {
        lock.writeLock().lock();
        try {
            if (handles == 0) {
                closeChannel();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private FileChannel channel() throws IOException {
        FileChannel ch = channel;
        if (ch == null) {
            synchronized (this) {
                ch = channel;
                if (ch == null) {
                    ch = upper.openDataFile(dataFile);
                    channel = ch;
                }
            }
        }
        return ch;
    }

    /** The changed ranges and limits, as a commit writes them (caller holds writes frozen). */
    Snapshot snapshot() {
        lock.readLock().lock();
        try {
            return new Snapshot(size, base == null ? 0 : baseLimit, dirty.list());
        } finally {
            lock.readLock().unlock();
        }
    }

    record Snapshot(long size, long baseLimit, List<long[]> dirty) {
    }

    /**
     * After a commit or reset: the bytes are now exactly {@code newBase}'s (the caller checked);
     * the upper layer is {@code newUpper}.
     */
    void rebase(BaseFile newBase, UpperLayer newUpper) throws IOException {
        lock.writeLock().lock();
        try {
            base = newBase;
            baseLimit = newBase == null ? 0 : newBase.size();
            size = newBase == null ? 0 : newBase.size();
            dirty.clear();
            upper = newUpper;
            dataFile = -1;
            closeChannel();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
