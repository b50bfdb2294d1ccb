package dev.hexz.format.crypt;

import dev.hexz.format.hash.Blake3;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The 32-byte secret every key of an encrypted archive chain is derived from, with keyed
 * BLAKE3 as the derivation function (a PRF keyed by the master key over a label and context).
 */
public final class MasterKey {

    public static final int LENGTH = 32;
    private static final byte[] CHECK = label("hexz key check v1");
    private static final byte[] BLOCK_ID = label("hexz block id v1");
    private static final byte[] ARCHIVE = label("hexz archive key v1");

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    public static MasterKey of(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a master key is " + LENGTH + " bytes, got " + key.length);
        }
        return new MasterKey(key.clone());
    }

    /**
     * What the header of the archive with {@code archiveSalt} records so a reader can tell a
     * wrong password from damage. Salted per archive, so archives under one key cannot be
     * grouped by it.
     */
    public byte[] keyCheck(byte[] archiveSalt) {
        return derive(CHECK, archiveSalt);
    }

    /** Whether {@code check} (from a header with {@code archiveSalt}) was made by this key; constant time. */
    public boolean matches(byte[] check, byte[] archiveSalt) {
        return MessageDigest.isEqual(keyCheck(archiveSalt), check);
    }

    /** The key of the keyed BLAKE3-256 that names blocks (the same for every archive under this key). */
    public byte[] blockIdKey() {
        return derive(BLOCK_ID, new byte[0]);
    }

    /** The AES-256-GCM key of the archive whose header holds {@code archiveSalt}. */
    public byte[] archiveKey(byte[] archiveSalt) {
        return derive(ARCHIVE, archiveSalt);
    }

    private byte[] derive(byte[] label, byte[] context) {
        byte[] in = Arrays.copyOf(label, label.length + context.length);
        System.arraycopy(context, 0, in, label.length, context.length);
        return Blake3.keyedHash(key, in, 0, in.length);
    }

    private static byte[] label(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(b, b.length + 1); // NUL-terminated: no label is a prefix of another's input
        return out;
    }

    /** The key in hex: for handing it to a process this one starts (never for printing). */
    public String hex() {
        return java.util.HexFormat.of().formatHex(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey m && MessageDigest.isEqual(key, m.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blockIdKey());
    }

    @Override
    public String toString() {
        return "MasterKey[…]";
    }
}
