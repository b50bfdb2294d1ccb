package dev.hexz.format.v1;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian field access on byte arrays: every multi-byte field of the format is little-endian. */
final class LittleEndian {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    static int u16(byte[] b, int off) {
        return (short) SHORT.get(b, off) & 0xffff;
    }

    static int i32(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    static long u32(byte[] b, int off) {
        return (int) INT.get(b, off) & 0xffffffffL;
    }

    static long i64(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static void put8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    static void put16(byte[] b, int off, int v) {
        SHORT.set(b, off, (short) v);
    }

    static void put32(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }

    static void put64(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }
}
