package dev.hexz.format;

/**
 * Each thread's reusable array for the stored (compressed, possibly encrypted) bytes of the block
 * it is decoding, or of a run of adjacent blocks read at once (up to 1 MiB, so a reading thread
 * may keep that much). Decoding reads them, checks or opens them and decompresses them into a new
 * array, after which they are dead; reusing one array per thread instead of allocating one per
 * block keeps a long read from producing garbage at the rate of its stored bytes.
 */
final class StoredScratch {

    /** Arrays above this are not kept (a block this large is rare; its array goes with the call). */
    private static final int KEEP_LIMIT = 4 << 20;

    private static final ThreadLocal<byte[]> ARRAY = new ThreadLocal<>();

    private StoredScratch() {
    }

    /**
     * An array of at least {@code length} bytes for this thread, valid until its next call here.
     * Its contents are whatever the last use left.
     */
    static byte[] get(int length) {
        byte[] a = ARRAY.get();
        if (a != null && a.length >= length) {
            return a;
        }
        if (length > KEEP_LIMIT) {
            return new byte[length]; // not kept, so not rounded up either
        }
        // grow to a power of two, so a stream of slightly larger blocks does not reallocate each time
        int size = length <= 64 << 10 ? 64 << 10 : Math.min(Integer.highestOneBit(length - 1) << 1, KEEP_LIMIT);
        a = new byte[size];
        ARRAY.set(a);
        return a;
    }
}
