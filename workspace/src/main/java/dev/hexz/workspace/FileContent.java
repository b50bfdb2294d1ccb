package dev.hexz.workspace;

import dev.hexz.format.ByteSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The bytes of one file of a workspace: copy-on-write over a base file. Bytes in
 * {@link DirtyRanges} come from the upper data file; other bytes below {@code baseLimit} come
 * from the base file; the rest (growth, holes) are zeros. Writing 4 KiB into a 10 GiB file
 * stores 4 KiB. Reads share a lock; writes and truncation take it alone.
 *
 * <p>Writes and truncations are journalled by the {@link Overlay} (it knows the file's path), in
 * three steps under {@link #mutation}: the bytes go to the data file ({@link #writeData}), the
 * record to the journal, then the change takes effect ({@link #applyWrite}, {@link #truncate}).
 *
 * <p>While a handle is open, the content holds a reference on its base's {@link BaseArchive}, so
 * that a file removed from the tree stays readable through its handle after a commit moved the
 * tree onto another archive; the last handle to close lets go.
 *
 * <p>A file that leaves the tree ({@link #leftTree}) no longer needs its data file: it is deleted
 * then, or when the last handle closes if one is open (an unlinked file stays readable and
 * writable through its handles, as on a local disk). Otherwise the bytes of every removed file
 * would stay on disk until the next commit deletes the whole generation.
 */
final class FileContent {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /**
     * Held through a write's or truncation's three steps: they happen, for this file, one whole
     * change after another and in journal order (a truncation cannot cut the data file between a
     * write's bytes and its record). Taken before the overlay's lock, never while holding it or
     * {@link #lock}.
     */
    private final ReentrantLock mutation = new ReentrantLock();
    private BaseFile base;
    private long baseLimit;
    private long size;
    private final DirtyRanges dirty = new DirtyRanges();
    private UpperLayer upper;
    private int dataFile = -1;
    private FileChannel channel;
    private int handles;
    /** Left the tree: nobody can open it again, and its data file goes with its last handle. */
    private boolean removed;
    /**
     * Changes on every change made behind the kernel's page cache of this file (a truncation):
     * pages the kernel cached before are stale. Writes through the mount went through those
     * pages and leave it alone (see {@link #markWritten}).
     */
    private volatile long generation;
    /** How much of a data file's page cache a long sequential write keeps (see {@link #writeData}). */
    static final long PAGE_CACHE_WINDOW = 16L << 20;
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
        return readTo(offset, len, new ArraySink(dst, off));
    }

    /** A sink over part of an array: how {@link #read} uses {@link #readTo}. */
    private static final class ArraySink implements ByteSink {
        private final byte[] dst;
        private int at;

        ArraySink(byte[] dst, int off) {
            this.dst = dst;
            this.at = off;
        }

        @Override
        public void accept(byte[] src, int off, int len) {
            System.arraycopy(src, off, dst, at, len);
            at += len;
        }

        @Override
        public ByteBuffer window(int len) {
            return ByteBuffer.wrap(dst, at, len);
        }

        @Override
        public void filled(int len) {
            at += len;
        }
    }

    /**
     * The file's bytes from {@code offset}, handed to {@code sink} piece by piece: untouched base bytes
     * from the reader's cache, written bytes read from the data file straight into the sink's
     * window when it has one (a FUSE reply buffer), so a read copies once.
     */
    int readTo(long offset, int len, ByteSink sink) throws IOException {
        long drop = -1;
        Path dataPath = null;
        int n;
        lock.readLock().lock();
        try {
            if (offset >= size) {
                return 0;
            }
            n = (int) Math.min(len, size - offset);
            int done = 0;
            while (done < n) {
                long pos = offset + done;
                int want = n - done;
                long[] d = dirty.containing(pos);
                int piece;
                if (d != null) {
                    piece = (int) Math.min(want, d[1] - pos);
                    readUpperTo(pos, piece, sink);
                    long end = pos + piece;
                    if (end / PAGE_CACHE_WINDOW > pos / PAGE_CACHE_WINDOW && end >= 2 * PAGE_CACHE_WINDOW) {
                        drop = end / PAGE_CACHE_WINDOW * PAGE_CACHE_WINDOW - 2 * PAGE_CACHE_WINDOW;
                        dataPath = upper.dataFile(dataFile);
                    }
                } else {
                    long cleanEnd = Math.min(dirty.nextStartAfter(pos), pos + want);
                    piece = (int) (cleanEnd - pos);
                    if (pos < baseLimit) {
                        piece = (int) Math.min(piece, baseLimit - pos);
                        int got = base.readTo(pos, piece, sink);
                        if (got != piece) {
                            // the sink would be short and the reply would carry stale bytes
                            throw new java.io.EOFException("the base file ended early: " + got + " of " + piece
                                    + " bytes at offset " + pos + " (its size is " + base.size() + ")");
                        }
                    } else {
                        for (int z = 0; z < piece; z += ZEROS.length) {
                            sink.accept(ZEROS, 0, Math.min(ZEROS.length, piece - z));
                        }
                    }
                }
                done += piece;
            }
        } finally {
            lock.readLock().unlock();
        }
        if (dataPath != null) {
            // a long read of written bytes went past a window: the FUSE file's pages hold them for
            // re-reads, and the data file's copy of the window before the last is dropped so that
            // its pages are reused (PageCache); outside the lock, as it is a system call or three
            dev.hexz.fuse.PageCache.dropClean(dataPath, drop, PAGE_CACHE_WINDOW);
        }
        return n;
    }

    private static final byte[] ZEROS = new byte[64 << 10];

    /** {@code len} bytes of the data file at {@code pos} into {@code sink}; caller holds the read lock. */
    private void readUpperTo(long pos, int len, ByteSink sink) throws IOException {
        ByteBuffer w = sink.window(len);
        if (w == null) {
            byte[] buf = new byte[len];
            readUpper(pos, buf, 0, len);
            sink.accept(buf, 0, len);
            return;
        }
        FileChannel ch = channel();
        long p = pos;
        while (w.hasRemaining()) {
            int r = ch.read(w, p);
            if (r < 0) {
                // a sparse tail the file system reports as EOF: zeros
                while (w.hasRemaining()) {
                    w.put(ZEROS, 0, Math.min(ZEROS.length, w.remaining()));
                }
                break;
            }
            p += r;
        }
        sink.filled(len);
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

    /** Starts a write or truncation of this file (see {@link #mutation}). */
    void lockMutation() {
        mutation.lock();
    }

    void unlockMutation() {
        mutation.unlock();
    }

    /**
     * A write's first step: puts the bytes remaining in {@code b} at {@code offset} into the upper data file and
     * returns its number. Readers see them once {@link #applyWrite} marks the range written.
     * Caller holds {@link #lockMutation}.
     */
    int writeData(long offset, ByteBuffer b) throws IOException {
        Path filled = null;
        long filledEnd = 0;
        int file;
        lock.writeLock().lock();
        try {
            if (dataFile < 0) {
                dataFile = upper.newDataFile();
            }
            FileChannel ch = channel();
            long p = offset;
            while (b.hasRemaining()) {
                p += ch.write(b, p);
            }
            if (p / PAGE_CACHE_WINDOW > offset / PAGE_CACHE_WINDOW && p >= PAGE_CACHE_WINDOW) {
                filled = upper.dataFile(dataFile);
                filledEnd = p / PAGE_CACHE_WINDOW * PAGE_CACHE_WINDOW;
            }
            file = dataFile;
        } finally {
            lock.writeLock().unlock();
        }
        if (filled != null) {
            // a window filled: keep this file's page cache to a window or two (the FUSE file's
            // pages hold the bytes for readers; see PageCache). Outside the lock: starting
            // writeback can block, and readers of this file need not wait for it; the caller's
            // mutation lock still holds this file's next write back, which is the throttle wanted.
            dev.hexz.fuse.PageCache.windowFilled(filled, filledEnd, PAGE_CACHE_WINDOW);
        }
        return file;
    }

    /** A write's last step, once it is journalled: the range written by {@link #writeData} is the file's. */
    void applyWrite(long offset, long len) {
        lock.writeLock().lock();
        try {
            markWritten(offset, len);
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
            markWritten(offset, len);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Not a new generation: bytes written through the mount went through the kernel's pages of
     * this file too, which therefore stay right (what changes behind the kernel — truncation
     * replayed, a reset, a restore — bumps the generation or replaces this object).
     */
    private void markWritten(long offset, long len) {
        dirty.add(offset, offset + len);
        size = Math.max(size, offset + len);
    }

    /**
     * A truncation, once it is journalled: the new size takes effect and the data file is cut.
     * Caller holds {@link #lockMutation}, so no write has bytes past the cut waiting for its record.
     */
    void truncate(long newSize) throws IOException {
        lock.writeLock().lock();
        try {
            applyTruncate(newSize);
            if (dataFile >= 0) {
                // cut the data file too, also with no handle open (a path truncation, or O_TRUNC before
                // the handle exists): bytes past the cut are never read again, and "> file" would
                // otherwise keep the old bytes on disk until the next commit
                FileChannel ch = channel();
                if (ch.size() > newSize) {
                    ch.truncate(newSize);
                }
                if (handles == 0) {
                    closeChannel();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Journal replay of a truncation. The data file is not cut: it holds the bytes of the later
     * records too, and bytes past the cut are never read (they are outside the written ranges).
     */
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
        upper.flushDeletions(); // the journal is durable now: removals waiting for it can go
    }

    /**
     * A FUSE handle opened the file. Its data file is opened now, so that the handle keeps its
     * bytes even if the file is removed and a commit or reset then deletes the upper layer; the
     * first handle takes a reference on the base archive for the same reason. Returns false (and
     * opens nothing) if the file left the tree with no handle open, while this open was under way
     * (the open then comes after the removal): its data file may be deleted, its base closed.
     */
    boolean opened() throws IOException {
        lock.writeLock().lock();
        try {
            if (removed && handles == 0) {
                return false; // removed (its data file perhaps deleted) while this open was under way
            }
            boolean first = handles == 0 && base != null;
            if (first && !base.archive().retain()) {
                return false;
            }
            try {
                if (dataFile >= 0) {
                    channel();
                }
            } catch (IOException | RuntimeException e) {
                if (first) {
                    base.archive().release();
                }
                throw e;
            }
            handles++;
            return true;
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

    /**
     * A FUSE handle closed; the data file, and the reference on the base archive, go with the last
     * one. If the file has left the tree, its data file is deleted then.
     */
    void released() throws IOException {
        lock.writeLock().lock();
        try {
            if (handles <= 0) {
                return;
            }
            handles--;
            if (handles == 0) {
                try {
                    closeChannel();
                } finally {
                    if (base != null) {
                        base.archive().release();
                    }
                    if (removed) {
                        deleteDataFile();
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The file left the tree (removed, renamed over, restored over, reset), and the change is
     * journalled already: its data file is deleted now, or with the last open handle. A crash
     * before the deletion leaves a data file no file uses; the next open deletes it
     * (workspace/STATE.md, "Data files").
     */
    void leftTree() {
        lock.writeLock().lock();
        try {
            removed = true;
            if (handles == 0) {
                try {
                    closeChannel(); // a status or commit may have left it open
                } catch (IOException e) {
                    // closing a descriptor we only read through: nothing to lose, the file is deleted anyway
                }
                deleteDataFile();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Deletes the data file (of the layer it was made in: a commit or reset may have deleted that one since). */
    private void deleteDataFile() {
        if (dataFile >= 0) {
            upper.deleteDataFile(dataFile);
            dataFile = -1;
        }
    }

    /** The number of the data file holding written bytes, or -1 (none yet). */
    int dataFile() {
        lock.readLock().lock();
        try {
            return dataFile;
        } finally {
            lock.readLock().unlock();
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
            if (handles > 0) {
                // open handles read through the new base from now on: the reference moves with them
                if (newBase != null) {
                    newBase.archive().retain();
                }
                if (base != null) {
                    base.archive().release();
                }
            }
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
