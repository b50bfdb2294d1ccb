package dev.hexz.format.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * The BLAKE3-256 of a block's raw bytes, as a value: the identity under which blocks are
 * deduplicated. Held as four longs so that it is a cheap hash-map key.
 */
public final class BlockHash {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private BlockHash(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /** The hash whose 32 bytes start at {@code bytes[off]}. */
    public static BlockHash of(byte[] bytes, int off) {
        return new BlockHash((long) LONG.get(bytes, off), (long) LONG.get(bytes, off + 8),
                (long) LONG.get(bytes, off + 16), (long) LONG.get(bytes, off + 24));
    }

    public byte[] bytes() {
        byte[] out = new byte[32];
        LONG.set(out, 0, a);
        LONG.set(out, 8, b);
        LONG.set(out, 16, c);
        LONG.set(out, 24, d);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHash h && a == h.a && b == h.b && c == h.c && d == h.d;
    }

    @Override
    public int hashCode() {
        return (int) a; // the bytes are already uniformly distributed
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes());
    }
}
