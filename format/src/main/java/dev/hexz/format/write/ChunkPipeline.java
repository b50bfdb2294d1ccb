package dev.hexz.format.write;

import dev.hexz.format.ChangedContent;
import dev.hexz.format.chunk.Chunker;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.ZstdDictionaryTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns input streams into blocks on all cores. The calling thread reads input into a segment
 * and cuts it into chunks (cheap and inherently sequential); full segments go to worker threads
 * that hash and compress every chunk; finished segments return to the calling thread in
 * submission order and go to the {@link BlockSink}. At most {@code 2 × threads} segments are in
 * flight, which bounds memory to a few tens of megabytes whatever the input size.
 *
 * <p>When a zstd dictionary is wanted, the first segments (up to {@link #DICTIONARY_SAMPLE_BYTES}
 * of input) are held back until the dictionary is trained on their data chunks, then encoded
 * with it: every block of the archive uses the same dictionary.
 *
 * <p>A thin archive's changed files ({@link #feedChanged}) add <em>reference chunks</em> for
 * their unchanged regions: copies of parent entries that carry no bytes and flow through the
 * same segments, so order, determinism and the dictionary hold-back work unchanged.
 */
final class ChunkPipeline implements AutoCloseable {

    private static final int SEGMENT_BYTES = 4 << 20;
    /**
     * Chunks per segment when reference chunks (which take no room in the segment's bytes) fill
     * it: about 1 MiB of per-chunk arrays, and a unit of work that still spreads over the workers.
     */
    static final int MAX_SEGMENT_CHUNKS = 16384;
    /** Input sampled for dictionary training: enough for zstd's trainer, little to hold back. */
    static final int DICTIONARY_SAMPLE_BYTES = 8 << 20;

    private final Chunker chunker;
    private final BlockCodec codec;
    private final ParentBlocks parent;
    /** An encrypted archive's block-id key and cipher (null when plain): see {@link BlockEncoder}. */
    private final byte[] idKey;
    private final dev.hexz.format.crypt.ArchiveCipher cipher;
    private final int dictionaryBytes;
    private final List<Segment> held = new ArrayList<>();
    private long heldBytes;
    private BlockEncoder encoder;
    private byte[] dictionary;
    private final BlockSink sink;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final int segmentBytes;
    private final ArrayDeque<Future<Segment>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Segment> free = new ArrayDeque<>();
    private int allocated;
    private Segment current;
    private long position;

    /** {@code dictionaryBytes} > 0 trains a zstd dictionary of that size first ({@code codec} is zstd). */
    ChunkPipeline(Chunker chunker, BlockCodec codec, int dictionaryBytes, ParentBlocks parent, BlockSink sink,
            int threads, byte[] idKey, dev.hexz.format.crypt.ArchiveCipher cipher) {
        this.idKey = idKey;
        this.cipher = cipher;
        this.parent = parent;
        this.chunker = chunker;
        this.codec = codec;
        this.dictionaryBytes = dictionaryBytes;
        this.encoder = dictionaryBytes > 0 ? null : new BlockEncoder(codec, parent, idKey, cipher);
        this.sink = sink;
        this.maxInFlight = threads * 2;
        this.segmentBytes = Math.max(SEGMENT_BYTES, 2 * chunker.maxChunkSize());
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hexz-pack");
            t.setDaemon(true);
            return t;
        });
    }

    /** Logical bytes fed so far: where the next stream's bytes will start. */
    long position() {
        return position;
    }

    /** Feeds {@code in} to its end; its last chunk ends with it. Returns the bytes read. */
    long feed(InputStream in) throws IOException {
        long startPosition = position;
        Segment s = current();
        int max = chunker.maxChunkSize();
        boolean eof = false;
        while (!eof) {
            if (s.fill == s.data.length) {
                s = rotate(s);
            }
            int space = s.data.length - s.fill;
            int n = in.readNBytes(s.data, s.fill, space);
            s.fill += n;
            eof = n < space;
            while (s.fill - s.cut >= max || (eof && s.fill > s.cut)) {
                int len = chunker.cut(s.data, s.cut, s.fill);
                s.addChunk(s.cut, len);
                s.cut += len;
                position += len;
            }
        }
        if (s.data.length - s.fill < max) {
            rotate(s);
        }
        return position - startPosition;
    }

    /**
     * Feeds a file changed in place from the parent's file at {@code parentFileOffset} (in the
     * parent's logical stream), reading only around the changes ({@code regions}, checked
     * against the parent file's size).
     * Walking the new file from its start: where a parent entry starts at the same offset and
     * its whole chunk is unchanged, a reference chunk copies that entry (no read, hash or
     * compression); elsewhere a window of the new bytes is read and the chunker cuts one chunk
     * there. After a change the chunker's cuts soon land on the parent's boundaries again (at
     * once with fixed-size chunks, within a chunk or two with FastCDC, whose cuts depend only on
     * the bytes), and references take over. The file's last chunk ends with it, as with
     * {@link #feed}. Works for any parent layout; a parent whose entries do not start where the
     * file does just gets the file re-chunked (correct, slower). Returns the bytes fed.
     *
     * @throws IllegalStateException if this pipeline has no parent (not a thin archive)
     */
    long feedChanged(long parentFileOffset, ChangedRegions regions, ChangedContent content, String what)
            throws IOException {
        if (parent == null) {
            throw new IllegalStateException(what + ": changed content needs a thin archive's parent");
        }
        long size = regions.size();
        Segment s = current();
        int max = chunker.maxChunkSize();
        int entries = parent.entryCount();
        int e = parent.firstEntryFrom(parentFileOffset);
        long pos = 0;
        while (pos < size) {
            long at = parentFileOffset + pos;
            while (e < entries && parent.logicalOffset(e) < at) {
                e++;
            }
            int raw = e < entries && parent.logicalOffset(e) == at ? parent.rawLength(e) : 0;
            if (s.count >= MAX_SEGMENT_CHUNKS) {
                s = rotate(s);
            }
            if (raw > 0 && regions.unchanged(pos, pos + raw)) {
                s.fill = s.cut; // bytes read ahead for a data chunk that turned out not to be needed
                s.addRef(e, raw);
                e++;
            } else {
                if (s.data.length - s.cut < max) {
                    s = rotate(s);
                }
                int window = (int) Math.min(max, size - pos);
                int have = s.fill - s.cut;
                if (have < window) {
                    readFully(content, pos + have, s.data, s.fill, window - have, what);
                    s.fill = s.cut + window;
                }
                raw = chunker.cut(s.data, s.cut, s.cut + window);
                s.addChunk(s.cut, raw);
                s.cut += raw;
            }
            pos += raw;
            position += raw;
        }
        if (s.data.length - s.fill < max || s.count >= MAX_SEGMENT_CHUNKS) {
            rotate(s);
        }
        return size;
    }

    private static void readFully(ChangedContent c, long offset, byte[] dst, int off, int len, String what)
            throws IOException {
        int done = 0;
        while (done < len) {
            int n = c.read(offset + done, dst, off + done, len - done);
            if (n <= 0) {
                throw new IOException(what + ": changed content of " + c.size() + " bytes returned " + n
                        + " when read at offset " + (offset + done) + " (wanted " + (len - done) + " more bytes)");
            }
            done += n;
        }
    }

    /** The trained dictionary, or null (known once {@link #finish()} returned). */
    byte[] dictionary() {
        return dictionary;
    }

    /** Encodes and sinks everything fed so far. */
    void finish() throws IOException {
        if (current != null) {
            submit(current);
            current = null;
        }
        if (encoder == null) {
            startEncoding();
        }
        while (!inFlight.isEmpty()) {
            drainOne();
        }
    }

    private Segment current() throws IOException {
        if (current == null) {
            current = take();
        }
        return current;
    }

    /** Submits {@code s}'s whole chunks and starts a new segment holding its uncut tail. */
    private Segment rotate(Segment s) throws IOException {
        Segment next = take();
        int tail = s.fill - s.cut;
        System.arraycopy(s.data, s.cut, next.data, 0, tail);
        next.fill = tail;
        s.fill = s.cut;
        current = next;
        submit(s);
        return next;
    }

    private void submit(Segment s) throws IOException {
        if (s.count == 0) {
            s.reset();
            free.add(s);
            return;
        }
        if (encoder == null) {
            held.add(s);
            heldBytes += s.logicalBytes();
            if (heldBytes >= DICTIONARY_SAMPLE_BYTES) {
                startEncoding();
            }
            return;
        }
        BlockEncoder enc = encoder;
        inFlight.add(workers.submit(() -> {
            enc.encode(s);
            return s;
        }));
        while (inFlight.size() > maxInFlight) {
            drainOne();
        }
    }

    /** Trains the dictionary on the held segments' chunks (if it can), then submits them. */
    private void startEncoding() throws IOException {
        List<byte[]> samples = new ArrayList<>();
        for (Segment s : held) {
            for (int i = 0; i < s.count; i++) {
                if (s.isRef(i)) {
                    continue; // no bytes here, and the parent stores them already
                }
                samples.add(Arrays.copyOfRange(s.data, s.start[i], s.start[i] + s.length[i]));
            }
        }
        dictionary = ZstdDictionaryTrainer.train(samples, dictionaryBytes);
        encoder = new BlockEncoder(dictionary == null ? codec : new dev.hexz.format.codec.ZstdCodec(level(codec), dictionary),
                parent, idKey, cipher);
        List<Segment> toSubmit = new ArrayList<>(held);
        held.clear();
        for (Segment s : toSubmit) {
            submit(s);
        }
    }

    private static int level(BlockCodec codec) {
        return codec instanceof dev.hexz.format.codec.ZstdCodec z ? z.level() : 0;
    }

    private Segment take() throws IOException {
        Segment s = free.poll();
        if (s != null) {
            return s;
        }
        if (allocated < maxInFlight + 2 || inFlight.isEmpty()) {
            allocated++;
            return new Segment(segmentBytes);
        }
        drainOne();
        return free.remove();
    }

    private void drainOne() throws IOException {
        Future<Segment> f = inFlight.remove();
        Segment s;
        try {
            s = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while packing");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("packing failed: " + c, c);
        }
        sink.accept(s);
        s.reset();
        free.add(s);
    }

    @Override
    public void close() {
        // The dictionary's native memory is left to the garbage collector: after an abort a worker
        // may still be compressing with it.
        workers.shutdownNow();
        try {
            sink.close();
        } catch (IOException ignored) {
            // closing after a failure or after finishing: nothing left to lose
        }
    }
}
