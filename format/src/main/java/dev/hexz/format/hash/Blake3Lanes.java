package dev.hexz.format.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Runs the BLAKE3 compression function for {@link #W} independent inputs side by side (one
 * "lane" per chunk, or per parent node), so that HotSpot's auto-vectorizer turns it into SIMD
 * code. This is where the speed comes from: one compression at a time is a long chain of
 * dependent 32-bit operations with too few registers for its 32 live words, while the same
 * step for 64 lanes is a plain loop over arrays that C2 compiles to 256-bit AVX2 instructions
 * (8 lanes each). No Vector API, no Unsafe: just loops C2 recognises.
 *
 * <p>Layout. The 4x4 state of every lane is kept as four rows, word-major: row {@code a} holds
 * state words v0..v3, word {@code j} of lane {@code l} at {@code a[j * W + l]}; likewise
 * {@code b} (v4..v7), {@code c} (v8..v11) and {@code d} (v12..v15). A column step
 * G(v0,v4,v8,v12) .. G(v3,v7,v11,v15) is then a single loop over {@code 4 * W} elements of
 * the four rows. A diagonal step G(v0,v5,v10,v15) .. G(v3,v4,v9,v14) is the same loop with
 * rows b, c, d read 1, 2, 3 words further on; the words that wrap around (v4; v8, v9;
 * v12..v14) are copied behind the rows first and back afterwards, which is why rows b, c, d
 * have room for 5, 6 and 7 words. The message is kept the same way in {@code m}, arranged so
 * that each step's message words are contiguous too (see {@link #POS}), and re-arranged
 * between rounds by the fixed permutation {@link #NEXT} (16 block copies; moving data is
 * cheaper here than splitting the loops).
 *
 * <p>The loops have constant bounds and constant offsets on purpose: that is what lets C2
 * prove the array accesses independent and use the widest vectors. One loop covers all four
 * columns (256 iterations) rather than one column (64) because, on JDK 17 at least, C2 picks
 * 128-bit vectors for loops of 64 iterations. Lanes not in use compute garbage nobody reads.
 * Without vectorization (another JVM, no AVX2) all of this still works, at roughly the speed
 * of {@link Blake3}'s one-at-a-time compression.
 *
 * <p>Not thread-safe; holds no state between calls (callers keep one per thread).
 */
final class Blake3Lanes {

    /** Number of lanes: 64 chunks are one 64 KiB subtree, the archive's usual block size. */
    static final int W = 64;

    private static final int ROW = 4 * W;

    /**
     * Position, in the message arrangement, of message word {@code k}. The arrangement holds
     * the words the column step adds first (m0, m2, m4, m6), then those it adds second
     * (m1, m3, m5, m7), then the same two groups for the diagonal step (m8, m10, m12, m14 and
     * m9, m11, m13, m15); each group is one contiguous {@code 4 * W} run of {@code m}.
     * {@link #loadMessage} has these positions written out.
     */
    private static final int[] POS = {0, 4, 1, 5, 2, 6, 3, 7, 8, 12, 9, 13, 10, 14, 11, 15};
    /**
     * BLAKE3's message permutation, expressed on positions: next round's position {@code q}
     * takes this round's position {@code NEXT[q]}. It is the same between every two rounds.
     */
    private static final int[] NEXT = {1, 5, 7, 2, 3, 9, 0, 14, 4, 10, 12, 15, 13, 6, 11, 8};

    private static final VarHandle LE_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] a = new int[4 * W];
    private final int[] b = new int[5 * W];
    private final int[] c = new int[6 * W];
    private final int[] d = new int[7 * W];
    private int[] m = new int[16 * W];
    private int[] spare = new int[16 * W];
    private final int[] counters = new int[2 * W]; // per lane: counter low words, then high words
    private final int[] carry = new int[8];

    /**
     * Chaining values of {@code n <= W} whole chunks, the chunk at {@code data[off + 1024 l]}
     * having chunk counter {@code counter + l}, into lanes {@code 0 .. n-1}. None may be the
     * root.
     */
    void chunks(int[] key, int flags, byte[] data, int off, long counter, int n) {
        int[] counters = this.counters;
        for (int l = 0; l < n; l++) {
            long t = counter + l;
            counters[l] = (int) t;
            counters[W + l] = (int) (t >>> 32);
        }
        setKey(key);
        int last = Blake3.CHUNK_LEN / Blake3.BLOCK_LEN - 1;
        for (int block = 0; block <= last; block++) {
            // rows a and b carry the chaining value from block to block; d is rebuilt each time
            System.arraycopy(counters, 0, d, 0, 2 * W);
            Arrays.fill(d, 2 * W, 3 * W, Blake3.BLOCK_LEN);
            int blockFlags = flags | (block == 0 ? Blake3.CHUNK_START : 0) | (block == last ? Blake3.CHUNK_END : 0);
            Arrays.fill(d, 3 * W, 4 * W, blockFlags);
            loadMessage(data, off + block * Blake3.BLOCK_LEN, n);
            compress();
        }
    }

    private void setKey(int[] key) {
        for (int j = 0; j < 4; j++) {
            Arrays.fill(a, j * W, (j + 1) * W, key[j]);
            Arrays.fill(b, j * W, (j + 1) * W, key[4 + j]);
        }
    }

    /**
     * Replaces the {@code count} chaining values in lanes {@code 0 .. count-1} by their parents:
     * lanes (0, 1), (2, 3), ... are merged, an odd last one is carried up unchanged. Returns the
     * new count, {@code (count + 1) / 2}. None of the parents may be the root.
     */
    int parents(int[] key, int flags, int count) {
        int n = count / 2;
        boolean odd = (count & 1) != 0;
        if (odd) {
            getCv(count - 1, carry, 0);
        }
        int[] m = this.m;
        for (int p = 0; p < n; p++) {
            int left = 2 * p;
            int right = left + 1;
            for (int k = 0; k < 4; k++) {
                m[POS[k] * W + p] = a[k * W + left];
                m[POS[4 + k] * W + p] = b[k * W + left];
                m[POS[8 + k] * W + p] = a[k * W + right];
                m[POS[12 + k] * W + p] = b[k * W + right];
            }
        }
        setKey(key);
        Arrays.fill(d, 0, 2 * W, 0);
        Arrays.fill(d, 2 * W, 3 * W, Blake3.BLOCK_LEN);
        Arrays.fill(d, 3 * W, 4 * W, flags | Blake3.PARENT);
        compress();
        if (odd) {
            setCv(n, carry, 0);
        }
        return odd ? n + 1 : n;
    }

    /** Copies the chaining value in lane {@code lane} to {@code out[outOff, outOff + 8)}. */
    void getCv(int lane, int[] out, int outOff) {
        for (int k = 0; k < 4; k++) {
            out[outOff + k] = a[k * W + lane];
            out[outOff + 4 + k] = b[k * W + lane];
        }
    }

    /** Puts the chaining value {@code in[inOff, inOff + 8)} into lane {@code lane}. */
    void setCv(int lane, int[] in, int inOff) {
        for (int k = 0; k < 4; k++) {
            a[k * W + lane] = in[inOff + k];
            b[k * W + lane] = in[inOff + 4 + k];
        }
    }

    /** Transposes message block {@code data[off + 1024 l, + 64)} of each lane {@code l < n} into m. */
    private void loadMessage(byte[] data, int off, int n) {
        int[] m = this.m;
        for (int l = 0, p = off; l < n; l++, p += Blake3.CHUNK_LEN) {
            m[l] = (int) LE_INT.get(data, p);
            m[4 * W + l] = (int) LE_INT.get(data, p + 4);
            m[W + l] = (int) LE_INT.get(data, p + 8);
            m[5 * W + l] = (int) LE_INT.get(data, p + 12);
            m[2 * W + l] = (int) LE_INT.get(data, p + 16);
            m[6 * W + l] = (int) LE_INT.get(data, p + 20);
            m[3 * W + l] = (int) LE_INT.get(data, p + 24);
            m[7 * W + l] = (int) LE_INT.get(data, p + 28);
            m[8 * W + l] = (int) LE_INT.get(data, p + 32);
            m[12 * W + l] = (int) LE_INT.get(data, p + 36);
            m[9 * W + l] = (int) LE_INT.get(data, p + 40);
            m[13 * W + l] = (int) LE_INT.get(data, p + 44);
            m[10 * W + l] = (int) LE_INT.get(data, p + 48);
            m[14 * W + l] = (int) LE_INT.get(data, p + 52);
            m[11 * W + l] = (int) LE_INT.get(data, p + 56);
            m[15 * W + l] = (int) LE_INT.get(data, p + 60);
        }
    }

    /**
     * One compression in every lane. Expects the chaining value in rows a and b, counter,
     * block length and flags in row d, and the message in m; fills row c with the IV itself.
     * Leaves the new chaining value (the first 8 output words) in rows a and b, and garbage
     * in c, d and m.
     */
    private void compress() {
        final int[] a = this.a, b = this.b, c = this.c, d = this.d;
        Arrays.fill(c, 0, W, Blake3.IV0);
        Arrays.fill(c, W, 2 * W, Blake3.IV1);
        Arrays.fill(c, 2 * W, 3 * W, Blake3.IV2);
        Arrays.fill(c, 3 * W, 4 * W, Blake3.IV3);
        int[] m = this.m;
        int[] next = this.spare;
        for (int round = 0; round < 7; round++) {
            columns(a, b, c, d, m);
            System.arraycopy(b, 0, b, ROW, W);
            System.arraycopy(c, 0, c, ROW, 2 * W);
            System.arraycopy(d, 0, d, ROW, 3 * W);
            diagonals(a, b, c, d, m);
            System.arraycopy(b, ROW, b, 0, W);
            System.arraycopy(c, ROW, c, 0, 2 * W);
            System.arraycopy(d, ROW, d, 0, 3 * W);
            if (round < 6) {
                for (int q = 0; q < 16; q++) {
                    System.arraycopy(m, NEXT[q] * W, next, q * W, W);
                }
                int[] t = m;
                m = next;
                next = t;
            }
        }
        this.m = m;
        this.spare = next;
        for (int i = 0; i < ROW; i++) {
            a[i] ^= c[i];
            b[i] ^= d[i];
        }
    }

    /** G on the four columns of every lane. */
    private static void columns(int[] a, int[] b, int[] c, int[] d, int[] m) {
        for (int i = 0; i < ROW; i++) {
            int va = a[i], vb = b[i], vc = c[i], vd = d[i];
            va += vb + m[i];
            vd = Integer.rotateRight(vd ^ va, 16);
            vc += vd;
            vb = Integer.rotateRight(vb ^ vc, 12);
            va += vb + m[ROW + i];
            vd = Integer.rotateRight(vd ^ va, 8);
            vc += vd;
            vb = Integer.rotateRight(vb ^ vc, 7);
            a[i] = va;
            b[i] = vb;
            c[i] = vc;
            d[i] = vd;
        }
    }

    /** G on the four diagonals of every lane: rows b, c, d shifted by 1, 2, 3 words. */
    private static void diagonals(int[] a, int[] b, int[] c, int[] d, int[] m) {
        for (int i = 0; i < ROW; i++) {
            int va = a[i], vb = b[W + i], vc = c[2 * W + i], vd = d[3 * W + i];
            va += vb + m[2 * ROW + i];
            vd = Integer.rotateRight(vd ^ va, 16);
            vc += vd;
            vb = Integer.rotateRight(vb ^ vc, 12);
            va += vb + m[3 * ROW + i];
            vd = Integer.rotateRight(vd ^ va, 8);
            vc += vd;
            vb = Integer.rotateRight(vb ^ vc, 7);
            a[i] = va;
            b[W + i] = vb;
            c[2 * W + i] = vc;
            d[3 * W + i] = vd;
        }
    }
}
