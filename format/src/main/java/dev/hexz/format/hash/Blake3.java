package dev.hexz.format.hash;

import static java.lang.Integer.rotateRight;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * BLAKE3 (hash and keyed-hash modes, 32-byte digests and extended output), in pure Java.
 *
 * <p>Why our own: the archive hashes every block it writes and every block it verifies, so the
 * hash sits on the pack pipeline's critical path. BouncyCastle's {@code Blake3Digest} is
 * correct but several times slower; this class is checked against it and against the official
 * test vectors in the tests.
 *
 * <p>Structure, following the BLAKE3 paper. Input is split into 1024-byte chunks of 16 blocks
 * of 64 bytes; each chunk is hashed to a chaining value (CV) by compressing its blocks in
 * order, and the CVs are merged pairwise, left to right, into a binary tree whose root yields
 * the digest. Two compression engines do the work:
 * <ul>
 *   <li>{@link Blake3Lanes} compresses 64 chunks (or parent nodes) side by side in a form the
 *       JIT vectorizes; it does almost all the work for inputs of 16 KiB and more.
 *   <li>{@link #compress} does one compression at a time, for everything else (short inputs,
 *       the partial last chunk, the top of the tree, the root and extended output). The 16
 *       state words and 16 message words are local {@code int}s and the rounds touch no
 *       array. It is a loop over the 7 rounds, not 7 unrolled ones: as fast or faster here
 *       (smaller code), and much less work for the JIT. It takes the message as words: a
 *       parent node's message is its children's chaining values, which are words already, and
 *       a data block is read into words once ({@link #load}).
 * </ul>
 *
 * <p>The tree is built with a chaining-value stack: each complete subtree's CV is pushed, and
 * pairs are merged as soon as they are complete (one merge per trailing zero bit of the chunk
 * count). Nothing is compressed before it is known not to be the root, because the root is
 * compressed with a different flag: an incremental {@link Hasher} keeps the last chunk back
 * until more input arrives or {@code digest} is called; the one-shot methods know where the
 * input ends and need not.
 *
 * <p>The one-shot methods use per-thread scratch space, so hashing a block allocates nothing
 * but the result array (and not even that with {@link #hash(byte[], int, int, byte[], int)}).
 */
public final class Blake3 {

    /** Length of a default BLAKE3 digest, in bytes. */
    public static final int OUT_LEN = 32;
    /** Length of a keyed-hash key, in bytes. */
    public static final int KEY_LEN = 32;

    static final int BLOCK_LEN = 64;
    static final int CHUNK_LEN = 1024;

    // domain-separation flags (BLAKE3 paper, table 3)
    static final int CHUNK_START = 1;
    static final int CHUNK_END = 1 << 1;
    static final int PARENT = 1 << 2;
    static final int ROOT = 1 << 3;
    static final int KEYED_HASH = 1 << 4;

    // the SHA-256 initial hash values, BLAKE3's IV
    static final int IV0 = 0x6A09E667;
    static final int IV1 = 0xBB67AE85;
    static final int IV2 = 0x3C6EF372;
    static final int IV3 = 0xA54FF53A;
    static final int IV4 = 0x510E527F;
    static final int IV5 = 0x9B05688C;
    static final int IV6 = 0x1F83D9AB;
    static final int IV7 = 0x5BE0CD19;
    private static final int[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

    /** A tree over 2^64 bytes of input is 54 levels deep; that bounds the chaining-value stack. */
    private static final int MAX_DEPTH = 54;

    /** Chunks in one lane batch: a complete subtree of 64 chunks. */
    private static final int WINDOW_CHUNKS = Blake3Lanes.W;
    private static final int WINDOW_LEN = WINDOW_CHUNKS * CHUNK_LEN;
    /**
     * Below this many chunks (or parents) one at a time is faster than a lane batch, which
     * always costs as much as 64 lanes.
     */
    private static final int MIN_LANES = 16;

    private static final VarHandle LE_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Per-thread scratch space for the one-shot methods and for large {@link Hasher} updates. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final Blake3Lanes lanes = new Blake3Lanes();
        final int[] stack = new int[MAX_DEPTH * 8];
        final int[] cvs = new int[WINDOW_CHUNKS * 8];
        final int[] cv = new int[8];
        final int[] words = new int[16];
        final int[] msg = new int[16];
        final byte[] block = new byte[BLOCK_LEN];
    }

    private Blake3() {
    }

    /** The 32-byte BLAKE3 hash of {@code data[off, off + len)}. */
    public static byte[] hash(byte[] data, int off, int len) {
        byte[] out = new byte[OUT_LEN];
        hash(data, off, len, out, 0);
        return out;
    }

    /** Writes the 32-byte BLAKE3 hash of {@code data[off, off + len)} to {@code out[outOff]}. */
    public static void hash(byte[] data, int off, int len, byte[] out, int outOff) {
        Objects.checkFromIndexSize(off, len, data.length);
        Objects.checkFromIndexSize(outOff, OUT_LEN, out.length);
        oneShot(SCRATCH.get(), IV, 0, data, off, len, out, outOff);
    }

    /** The 32-byte BLAKE3 keyed hash (a MAC) of {@code data[off, off + len)} under a 32-byte key. */
    public static byte[] keyedHash(byte[] key32, byte[] data, int off, int len) {
        int[] key = keyWords(key32);
        Objects.checkFromIndexSize(off, len, data.length);
        byte[] out = new byte[OUT_LEN];
        oneShot(SCRATCH.get(), key, KEYED_HASH, data, off, len, out, 0);
        return out;
    }

    /** A hasher for the plain hash mode. */
    public static Hasher newHasher() {
        return new Hasher(IV, 0);
    }

    /** A hasher for the keyed-hash mode under a 32-byte key. */
    public static Hasher newKeyedHasher(byte[] key32) {
        return new Hasher(keyWords(key32), KEYED_HASH);
    }

    private static int[] keyWords(byte[] key32) {
        if (key32.length != KEY_LEN) {
            throw new IllegalArgumentException("BLAKE3 key must be " + KEY_LEN + " bytes, got " + key32.length);
        }
        int[] k = new int[8];
        for (int i = 0; i < 8; i++) {
            k[i] = (int) LE_INT.get(key32, 4 * i);
        }
        return k;
    }

    /**
     * The 32-byte output of the whole input, knowing that {@code data[off, off + len)} is all of
     * it: whole windows of 64 chunks while more input follows them, then the rest (1 to 64
     * chunks, the last one possibly partial), then the root.
     */
    private static void oneShot(Scratch s, int[] key, int flags, byte[] data, int off, int len,
                                byte[] out, int outOff) {
        int[] words = s.words;
        if (len <= CHUNK_LEN) {
            chunkOutput(key, flags | ROOT, data, off, len, 0, s.block, s.cv, s.msg, words, 0);
            wordsToBytes(words, 0, OUT_LEN, out, outOff);
            return;
        }
        int[] stack = s.stack;
        int depth = 0;
        long chunks = 0;
        while (len > WINDOW_LEN) {
            subtreeCv(s, key, flags, data, off, chunks, stack, depth * 8);
            depth++;
            chunks += WINDOW_CHUNKS;
            for (long n = chunks / WINDOW_CHUNKS; (n & 1) == 0; n >>>= 1) {
                depth--;
                parentCv(key, flags, stack, (depth - 1) * 8, stack, (depth - 1) * 8);
            }
            off += WINDOW_LEN;
            len -= WINDOW_LEN;
        }
        // the rest: 1 to 64 chunks, the last one possibly partial (none is the root: there
        // are at least two chunks in all); their chaining values, partly merged in the lanes
        int full = len / CHUNK_LEN;
        int tail = len % CHUNK_LEN;
        int count = full + (tail > 0 ? 1 : 0);
        int[] cvs = s.cvs;
        if (full >= MIN_LANES) {
            Blake3Lanes lanes = s.lanes;
            lanes.chunks(key, flags, data, off, chunks, full);
            if (tail > 0) {
                chunkOutput(key, flags, data, off + full * CHUNK_LEN, tail, chunks + full, s.block, s.cv, s.msg,
                        words, 0);
                lanes.setCv(full, words, 0);
            }
            count = lanesToCvs(s, key, flags, count);
        } else {
            for (int i = 0; i < full; i++) {
                chunkCv(key, flags, data, off + i * CHUNK_LEN, chunks + i, s.msg, cvs, i * 8);
            }
            if (tail > 0) {
                chunkOutput(key, flags, data, off + full * CHUNK_LEN, tail, chunks + full, s.block, s.cv, s.msg, cvs,
                        full * 8);
            }
        }
        int[] rootChildren; // the left and right child CVs of the root, adjacent
        if (depth == 0) {
            mergeCvs(s, key, flags, count, 2); // the rest is the whole input: stop below the root
            rootChildren = cvs;
        } else {
            // the rest is one subtree; fold the stacked ones in, right to left, up to the root
            mergeCvs(s, key, flags, count, 1);
            System.arraycopy(cvs, 0, stack, depth * 8, 8);
            for (int i = depth - 1; i > 0; i--) {
                parentCv(key, flags, stack, i * 8, stack, i * 8);
            }
            rootChildren = stack;
        }
        compress(key, 0, rootChildren, 0, 0, BLOCK_LEN, flags | PARENT | ROOT, words, 0, false);
        wordsToBytes(words, 0, OUT_LEN, out, outOff);
    }

    /** Chaining value of the complete, non-root subtree of 64 chunks at {@code data[off]}. */
    private static void subtreeCv(Scratch s, int[] key, int flags, byte[] data, int off, long counter,
                                  int[] out, int outOff) {
        s.lanes.chunks(key, flags, data, off, counter, WINDOW_CHUNKS);
        int count = lanesToCvs(s, key, flags, WINDOW_CHUNKS);
        mergeCvs(s, key, flags, count, 1);
        System.arraycopy(s.cvs, 0, out, outOff, 8);
    }

    /**
     * Merges the {@code count} chaining values in the lanes level by level while that is worth
     * a lane batch, then moves them to {@code s.cvs}. Returns how many there are.
     */
    private static int lanesToCvs(Scratch s, int[] key, int flags, int count) {
        Blake3Lanes lanes = s.lanes;
        while (count >= 2 * MIN_LANES) {
            count = lanes.parents(key, flags, count);
        }
        for (int i = 0; i < count; i++) {
            lanes.getCv(i, s.cvs, i * 8);
        }
        return count;
    }

    /**
     * Merges the {@code count} chaining values in {@code s.cvs} level by level, adjacent pairs
     * from the left with an odd last one carried up, until at most {@code target} are left.
     * Merging level by level like this builds exactly BLAKE3's tree (each left subtree a
     * complete power of two chunks). The merges must not include the root.
     */
    private static int mergeCvs(Scratch s, int[] key, int flags, int count, int target) {
        int[] cvs = s.cvs;
        while (count > target) {
            int pairs = count / 2;
            for (int p = 0; p < pairs; p++) {
                parentCv(key, flags, cvs, 16 * p, cvs, 8 * p);
            }
            if ((count & 1) != 0) {
                System.arraycopy(cvs, (count - 1) * 8, cvs, pairs * 8, 8);
            }
            count -= pairs;
        }
        return count;
    }

    /**
     * Chaining value of the non-root parent of the two CVs at {@code src[srcOff, srcOff + 16)}
     * (left then right), written to {@code out[outOff, outOff + 8)}; out may overlap src.
     */
    private static void parentCv(int[] key, int flags, int[] src, int srcOff, int[] out, int outOff) {
        compress(key, 0, src, srcOff, 0, BLOCK_LEN, flags | PARENT, out, outOff, false);
    }

    /**
     * The first 8 output words of a chunk of {@code 0 <= len <= 1024} bytes, i.e. its chaining
     * value, or with {@code ROOT} in {@code flags} the start of the root output. Uses
     * {@code block}, {@code cv} and {@code msg} as scratch.
     */
    private static void chunkOutput(int[] key, int flags, byte[] data, int off, int len, long counter,
                                    byte[] block, int[] cv, int[] msg, int[] out, int outOff) {
        System.arraycopy(key, 0, cv, 0, 8);
        int blockFlags = (flags & ~ROOT) | CHUNK_START;
        int end = off + len;
        for (; end - off > BLOCK_LEN; off += BLOCK_LEN) {
            load(data, off, msg);
            compress(cv, 0, msg, 0, counter, BLOCK_LEN, blockFlags, cv, 0, false);
            blockFlags = flags & ~ROOT;
        }
        int lastLen = end - off;
        System.arraycopy(data, off, block, 0, lastLen);
        Arrays.fill(block, lastLen, BLOCK_LEN, (byte) 0);
        load(block, 0, msg);
        compress(cv, 0, msg, 0, counter, lastLen, blockFlags | CHUNK_END | (flags & ROOT), out, outOff, false);
    }

    /**
     * Chaining value of one whole 1024-byte chunk {@code in[off, off + 1024)} that is not the
     * root, written to {@code out[outOff, outOff + 8)}.
     */
    private static void chunkCv(int[] key, int flags, byte[] in, int off, long counter, int[] msg,
                                int[] out, int outOff) {
        System.arraycopy(key, 0, out, outOff, 8);
        load(in, off, msg);
        compress(out, outOff, msg, 0, counter, BLOCK_LEN, flags | CHUNK_START, out, outOff, false);
        int last = off + CHUNK_LEN - BLOCK_LEN;
        for (int p = off + BLOCK_LEN; p < last; p += BLOCK_LEN) {
            load(in, p, msg);
            compress(out, outOff, msg, 0, counter, BLOCK_LEN, flags, out, outOff, false);
        }
        load(in, last, msg);
        compress(out, outOff, msg, 0, counter, BLOCK_LEN, flags | CHUNK_END, out, outOff, false);
    }

    /**
     * Reads the 64-byte block at {@code block[off]} as 16 little-endian words into {@code m[0, 16)}.
     * A loop (which the JIT unrolls) rather than 16 statements: every {@code VarHandle} access
     * site costs the JIT a chain of inlining, and this method is inlined in several places.
     */
    private static void load(byte[] block, int off, int[] m) {
        for (int k = 0; k < 16; k++) {
            m[k] = (int) LE_INT.get(block, off + 4 * k);
        }
    }

    /** Writes {@code len} bytes of the words {@code src[srcOff ..]}, little-endian, to {@code dst[dstOff]}. */
    private static void wordsToBytes(int[] src, int srcOff, int len, byte[] dst, int dstOff) {
        int w = 0;
        for (; w < len / 4; w++) {
            LE_INT.set(dst, dstOff + 4 * w, src[srcOff + w]);
        }
        for (int i = 4 * w; i < len; i++) {
            dst[dstOff + i] = (byte) (src[srcOff + (i >>> 2)] >>> (8 * (i & 3)));
        }
    }

    /**
     * Incremental BLAKE3: feed input with {@link #update}, read the digest with {@link #digest()}
     * or any amount of extended output with {@link #digest(byte[], int, int)}. Reading a digest
     * does not change the state, so more input may follow. Not thread-safe.
     *
     * <p>Only updates of more than 64 KiB reach the vectorized lanes (a 64-chunk subtree must be
     * in hand, with more input after it); smaller pieces are hashed one compression at a time,
     * at about a quarter of the speed. Feed large buffers when speed matters.
     */
    public static final class Hasher {
        private final int[] key;
        private final int flags;

        // the chunk in progress: chaining value so far, the not yet compressed block
        private final int[] cv = new int[8];
        private final byte[] buf = new byte[BLOCK_LEN];
        private int bufLen;
        private int blocksCompressed;
        private long chunkCounter;

        // chaining values of completed subtrees, 8 words each, largest (leftmost) first
        private final int[] stack = new int[MAX_DEPTH * 8];
        private int depth;

        // scratch for digest() and for message words; never holds state between calls
        private final byte[] block = new byte[BLOCK_LEN];
        private final int[] outCv = new int[8];
        private final int[] words = new int[16];
        private final int[] msg = new int[16];

        private Hasher(int[] keyWords, int modeFlags) {
            key = keyWords.clone();
            flags = modeFlags;
            reset();
        }

        /** Starts over with no input, keeping the mode and key. */
        public Hasher reset() {
            System.arraycopy(key, 0, cv, 0, 8);
            bufLen = 0;
            blocksCompressed = 0;
            chunkCounter = 0;
            depth = 0;
            return this;
        }

        /** Absorbs {@code in[off, off + len)}. */
        public Hasher update(byte[] in, int off, int len) {
            Objects.checkFromIndexSize(off, len, in.length);
            while (len > 0) {
                if (bufLen == BLOCK_LEN) {
                    if (blocksCompressed == CHUNK_LEN / BLOCK_LEN - 1) {
                        // more input follows, so this chunk is not the root
                        load(buf, 0, msg);
                        compress(cv, 0, msg, 0, chunkCounter, BLOCK_LEN, flags | CHUNK_END, stack, depth * 8, false);
                        pushSubtree(1);
                        System.arraycopy(key, 0, cv, 0, 8);
                        blocksCompressed = 0;
                    } else {
                        load(buf, 0, msg);
                        compress(cv, 0, msg, 0, chunkCounter, BLOCK_LEN, blockFlags(), cv, 0, false);
                        blocksCompressed++;
                    }
                    bufLen = 0;
                }
                if (bufLen == 0 && blocksCompressed == 0) {
                    // on a chunk boundary: whole chunks, or whole 64-chunk subtrees when aligned
                    // to one, straight from the input, as long as more input follows them
                    while (len > CHUNK_LEN) {
                        if (len > WINDOW_LEN && chunkCounter % WINDOW_CHUNKS == 0) {
                            subtreeCv(SCRATCH.get(), key, flags, in, off, chunkCounter, stack, depth * 8);
                            pushSubtree(WINDOW_CHUNKS);
                            off += WINDOW_LEN;
                            len -= WINDOW_LEN;
                        } else {
                            chunkCv(key, flags, in, off, chunkCounter, msg, stack, depth * 8);
                            pushSubtree(1);
                            off += CHUNK_LEN;
                            len -= CHUNK_LEN;
                        }
                    }
                }
                if (bufLen == 0) {
                    // whole blocks straight from the input, except the chunk's last block
                    while (len > BLOCK_LEN && blocksCompressed < CHUNK_LEN / BLOCK_LEN - 1) {
                        load(in, off, msg);
                        compress(cv, 0, msg, 0, chunkCounter, BLOCK_LEN, blockFlags(), cv, 0, false);
                        blocksCompressed++;
                        off += BLOCK_LEN;
                        len -= BLOCK_LEN;
                    }
                }
                int n = Math.min(BLOCK_LEN - bufLen, len);
                System.arraycopy(in, off, buf, bufLen, n);
                bufLen += n;
                off += n;
                len -= n;
            }
            return this;
        }

        private int blockFlags() {
            return blocksCompressed == 0 ? flags | CHUNK_START : flags;
        }

        /**
         * Takes the chaining value just written at {@code stack[depth]}, of a complete subtree
         * of {@code chunks} (a power of two) chunks starting at {@code chunkCounter}, and merges
         * completed subtrees: after it, the stack holds one subtree per one bit of the chunk
         * count, so there is one merge per trailing zero bit above the subtree's own.
         */
        private void pushSubtree(int chunks) {
            depth++;
            chunkCounter += chunks;
            for (long n = chunkCounter / chunks; (n & 1) == 0; n >>>= 1) {
                depth--;
                parentCv(key, flags, stack, (depth - 1) * 8, stack, (depth - 1) * 8);
            }
        }

        /** The 32-byte digest of everything absorbed so far. */
        public byte[] digest() {
            byte[] out = new byte[OUT_LEN];
            digest(out, 0, OUT_LEN);
            return out;
        }

        /**
         * Writes {@code len} bytes of output (extended output when {@code len > 32}; the first
         * 32 bytes are always the digest) to {@code out[off]}.
         */
        public void digest(byte[] out, int off, int len) {
            Objects.checkFromIndexSize(off, len, out.length);
            // the root's inputs: start with the chunk in progress (padded with zeros) ...
            System.arraycopy(cv, 0, outCv, 0, 8);
            System.arraycopy(buf, 0, block, 0, bufLen);
            Arrays.fill(block, bufLen, BLOCK_LEN, (byte) 0);
            load(block, 0, msg);
            long counter = chunkCounter;
            int blockLen = bufLen;
            int nodeFlags = blockFlags() | CHUNK_END;
            // ... then fold in the stacked subtrees, right to left; only the last node is the root
            // (a parent's message is its children's CVs: the stacked one, then the one just made)
            for (int i = depth - 1; i >= 0; i--) {
                compress(outCv, 0, msg, 0, counter, blockLen, nodeFlags, msg, 8, false);
                System.arraycopy(stack, i * 8, msg, 0, 8);
                System.arraycopy(key, 0, outCv, 0, 8);
                counter = 0;
                blockLen = BLOCK_LEN;
                nodeFlags = flags | PARENT;
            }
            // root output: block i of extended output is the root compression with counter i
            for (long i = 0; len > 0; i++) {
                compress(outCv, 0, msg, 0, i, blockLen, nodeFlags | ROOT, words, 0, true);
                int n = Math.min(BLOCK_LEN, len);
                wordsToBytes(words, 0, n, out, off);
                off += n;
                len -= n;
            }
        }
    }

    /**
     * The BLAKE3 compression function. Reads the chaining value {@code cv[cvOff, cvOff + 8)} and
     * the 64-byte message block as 16 words {@code m[mOff, mOff + 16)} (see {@link #load}; a
     * parent's message is its two children's chaining values, used as they are); writes the
     * 8-word chaining value to {@code out[outOff]}, or with {@code full} the 16-word extended
     * output. {@code out} may overlap {@code cv} and {@code m}: all is read before anything is
     * written.
     */
    private static void compress(int[] cv, int cvOff, int[] m, int mOff,
                                 long counter, int blockLen, int flags,
                                 int[] out, int outOff, boolean full) {
        int m0 = m[mOff], m1 = m[mOff + 1], m2 = m[mOff + 2], m3 = m[mOff + 3];
        int m4 = m[mOff + 4], m5 = m[mOff + 5], m6 = m[mOff + 6], m7 = m[mOff + 7];
        int m8 = m[mOff + 8], m9 = m[mOff + 9], m10 = m[mOff + 10], m11 = m[mOff + 11];
        int m12 = m[mOff + 12], m13 = m[mOff + 13], m14 = m[mOff + 14], m15 = m[mOff + 15];
        final int c0 = cv[cvOff];
        final int c1 = cv[cvOff + 1];
        final int c2 = cv[cvOff + 2];
        final int c3 = cv[cvOff + 3];
        final int c4 = cv[cvOff + 4];
        final int c5 = cv[cvOff + 5];
        final int c6 = cv[cvOff + 6];
        final int c7 = cv[cvOff + 7];
        int v0 = c0, v1 = c1, v2 = c2, v3 = c3, v4 = c4, v5 = c5, v6 = c6, v7 = c7;
        int v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        int v12 = (int) counter, v13 = (int) (counter >>> 32), v14 = blockLen, v15 = flags;

        // Each line pair is one G(a, b, c, d, mx, my). A round is G on the four columns
        // (v0,v4,v8,v12) .. (v3,v7,v11,v15), then on the four diagonals (v0,v5,v10,v15) ..
        // (v3,v4,v9,v14), taking message words in order; then the message is permuted by
        // (2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8). A loop of 7 rounds rather than 7 unrolled
        // ones: this runs for a small share of the bytes (short inputs, the last partial chunk,
        // tree tops), and a fifth of the code is a fifth of the JIT's work at start-up, when
        // the compiler competes with the pack for the cores.
        for (int round = 0; round < 7; round++) {
            v0 += v4 + m0; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
            v0 += v4 + m1; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
            v1 += v5 + m2; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
            v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
            v2 += v6 + m4; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
            v2 += v6 + m5; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
            v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
            v3 += v7 + m7; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
            v0 += v5 + m8; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
            v0 += v5 + m9; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
            v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
            v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
            v2 += v7 + m12; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
            v2 += v7 + m13; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
            v3 += v4 + m14; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
            v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);
            int t0 = m2, t1 = m6, t2 = m3, t3 = m10, t4 = m7, t5 = m0, t6 = m4, t7 = m13;
            int t8 = m1, t9 = m11, t10 = m12, t11 = m5, t12 = m9, t13 = m14, t14 = m15, t15 = m8;
            m0 = t0; m1 = t1; m2 = t2; m3 = t3; m4 = t4; m5 = t5; m6 = t6; m7 = t7;
            m8 = t8; m9 = t9; m10 = t10; m11 = t11; m12 = t12; m13 = t13; m14 = t14; m15 = t15;
        }

        out[outOff] = v0 ^ v8;
        out[outOff + 1] = v1 ^ v9;
        out[outOff + 2] = v2 ^ v10;
        out[outOff + 3] = v3 ^ v11;
        out[outOff + 4] = v4 ^ v12;
        out[outOff + 5] = v5 ^ v13;
        out[outOff + 6] = v6 ^ v14;
        out[outOff + 7] = v7 ^ v15;
        if (full) {
            out[outOff + 8] = v8 ^ c0;
            out[outOff + 9] = v9 ^ c1;
            out[outOff + 10] = v10 ^ c2;
            out[outOff + 11] = v11 ^ c3;
            out[outOff + 12] = v12 ^ c4;
            out[outOff + 13] = v13 ^ c5;
            out[outOff + 14] = v14 ^ c6;
            out[outOff + 15] = v15 ^ c7;
        }
    }
}
