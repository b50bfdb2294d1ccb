package dev.hexz.format.crypt;

import java.nio.charset.StandardCharsets;

/**
 * The nonces and associated data of everything an encrypted archive seals (format/SPEC.md,
 * "Encryption"). A block's nonce is the first 12 bytes of its keyed hash (unique per distinct
 * block, and the same block is stored once per archive), and its associated data its hash, raw
 * length and codec, so a block cannot be moved to another entry. Every other object's nonce is
 * its 4-byte kind then its 8-byte file offset (distinct objects lie at distinct offsets), and
 * its associated data that nonce.
 */
public final class Seals {

    public static final byte[] PAGE = kind("HXPG");
    public static final byte[] MASTER = kind("HXMI");
    public static final byte[] MANIFEST_CHUNK = kind("HXMC");
    public static final byte[] MANIFEST = kind("HXMF");
    public static final byte[] METADATA = kind("HXMD");
    public static final byte[] DICTIONARY = kind("HXDC");
    public static final byte[] ANCESTORS = kind("HXAN");
    public static final byte[] HEADER = kind("HXHD");
    private static final byte[] BLOCK = kind("HXBK");

    private Seals() {
    }

    private static byte[] kind(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Nonce (and associated data) of the object of {@code kind} at {@code fileOffset}. */
    public static byte[] object(byte[] kind, long fileOffset) {
        byte[] n = new byte[ArchiveCipher.NONCE];
        System.arraycopy(kind, 0, n, 0, 4);
        for (int i = 0; i < 8; i++) {
            n[4 + i] = (byte) (fileOffset >>> (8 * i));
        }
        return n;
    }

    /** Nonce of the block whose keyed hash starts at {@code hash[off]}. */
    public static byte[] blockNonce(byte[] hash, int off) {
        byte[] n = new byte[ArchiveCipher.NONCE];
        System.arraycopy(hash, off, n, 0, ArchiveCipher.NONCE);
        return n;
    }

    /** Associated data of a block: "HXBK", its raw length (u32), its codec (u32), its 32-byte keyed hash. */
    public static byte[] blockAad(byte[] hash, int off, int rawLength, int codec) {
        byte[] a = new byte[44];
        System.arraycopy(BLOCK, 0, a, 0, 4);
        for (int i = 0; i < 4; i++) {
            a[4 + i] = (byte) (rawLength >>> (8 * i));
            a[8 + i] = (byte) (codec >>> (8 * i));
        }
        System.arraycopy(hash, off, a, 12, 32);
        return a;
    }
}
