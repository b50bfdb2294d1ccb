package dev.hexz.format.write;

import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.crypt.ArchiveCipher;
import dev.hexz.format.crypt.Seals;
import dev.hexz.format.hash.Blake3;
import dev.hexz.format.hash.BlockHash;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * The per-chunk work that runs in parallel: detect all-zero chunks, hash the raw bytes with
 * BLAKE3, compress, fall back to storing raw bytes when compression does not shrink them, and
 * checksum what will be stored. A reference chunk (a copy of a parent entry) costs only copying
 * the parent's hash.
 */
final class BlockEncoder {

    private static final ConcurrentHashMap<Integer, byte[]> ZERO_HASHES = new ConcurrentHashMap<>();

    private final BlockCodec codec;
    private final ParentBlocks parent;
    /** An encrypted archive's block-id key and cipher; null for a plain archive. */
    private final byte[] idKey;
    private final ArchiveCipher cipher;
    private final ConcurrentHashMap<Integer, byte[]> keyedZeroHashes = new ConcurrentHashMap<>();

    /** {@code parent}: a thin archive's parent, whose blocks are referenced, so never compressed here (or null). */
    BlockEncoder(BlockCodec codec, ParentBlocks parent) {
        this(codec, parent, null, null);
    }

    /**
     * With {@code idKey} and {@code cipher} (an encrypted archive): blocks are named by BLAKE3
     * keyed with {@code idKey}, and their stored bytes are sealed with AES-256-GCM (format/SPEC.md,
     * "Encryption"; their checksum is then 0, the tag authenticates them).
     */
    BlockEncoder(BlockCodec codec, ParentBlocks parent, byte[] idKey, ArchiveCipher cipher) {
        this.codec = codec;
        this.parent = parent;
        this.idKey = idKey;
        this.cipher = cipher;
    }

    void encode(Segment s) {
        int need = 0;
        for (int i = 0; i < s.count; i++) {
            if (!s.isRef(i)) {
                need += codec.maxCompressedLength(s.length[i]) + (cipher != null ? ArchiveCipher.TAG : 0);
            }
        }
        if (s.out.length < need) {
            s.out = new byte[need + need / 8];
        }
        int outPos = 0;
        CRC32C crc = new CRC32C();
        for (int i = 0; i < s.count; i++) {
            if (s.isRef(i)) {
                // a copy of a parent entry: the parent knows its hash, and nothing is stored here
                parent.copyHash(s.ref[i], s.hashes, i * 32);
                s.zero[i] = parent.isZero(s.ref[i]);
                s.outOff[i] = outPos;
                s.outLen[i] = 0;
                s.codec[i] = (byte) CodecId.NONE.code();
                s.crc[i] = 0;
                continue;
            }
            int from = s.start[i];
            int len = s.length[i];
            if (isZero(s.data, from, len)) {
                s.zero[i] = true;
                System.arraycopy(idKey == null ? zeroHash(len) : keyedZeroHash(len), 0, s.hashes, i * 32, 32);
                s.outOff[i] = outPos;
                s.outLen[i] = 0;
                s.codec[i] = (byte) CodecId.NONE.code();
                s.crc[i] = 0;
                continue;
            }
            s.zero[i] = false;
            if (idKey == null) {
                Blake3.hash(s.data, from, len, s.hashes, i * 32);
            } else {
                System.arraycopy(Blake3.keyedHash(idKey, s.data, from, len), 0, s.hashes, i * 32, 32);
            }
            if (parent != null && parent.contains(BlockHash.of(s.hashes, i * 32))) {
                // the sink will reference the parent's copy: compressing this one would be thrown away
                s.outOff[i] = outPos;
                s.outLen[i] = 0;
                s.codec[i] = (byte) CodecId.NONE.code();
                s.crc[i] = 0;
                continue;
            }
            int n = codec.compress(s.data, from, len, s.out, outPos);
            CodecId used = codec.id();
            if (n >= len) {
                System.arraycopy(s.data, from, s.out, outPos, len);
                n = len;
                used = CodecId.NONE;
            }
            if (cipher != null) {
                n = cipher.seal(s.out, outPos, n, s.out, outPos, Seals.blockNonce(s.hashes, i * 32),
                        Seals.blockAad(s.hashes, i * 32, len, used.code()));
                s.crc[i] = 0;
            } else {
                crc.reset();
                crc.update(s.out, outPos, n);
                s.crc[i] = (int) crc.getValue();
            }
            s.outOff[i] = outPos;
            s.outLen[i] = n;
            s.codec[i] = (byte) used.code();
            outPos += n;
        }
    }

    static boolean isZero(byte[] b, int from, int len) {
        // Arrays.mismatch is vectorised by the JIT: far faster than a byte loop.
        int end = from + len;
        int step = 4096;
        byte[] zeros = ZEROS;
        for (int i = from; i < end; i += step) {
            int n = Math.min(step, end - i);
            if (Arrays.mismatch(b, i, i + n, zeros, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] ZEROS = new byte[4096];

    private byte[] keyedZeroHash(int len) {
        return keyedZeroHashes.computeIfAbsent(len, l -> Blake3.keyedHash(idKey, new byte[l], 0, l));
    }

    private static byte[] zeroHash(int len) {
        return ZERO_HASHES.computeIfAbsent(len, l -> Blake3.hash(new byte[l], 0, l));
    }
}
