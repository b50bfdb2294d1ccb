package dev.hexz.fuse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes directory entries into a READDIR reply in the kernel's {@code struct fuse_dirent} layout
 * (fuse_kernel.h, the FUSE protocol itself): u64 ino, u64 offset of the next entry, u32 name
 * length, u32 type (the mode's file-type bits, shifted down 12), the name without a NUL, zeros up
 * to a multiple of 8 bytes. It is what libfuse's {@code fuse_add_direntry} writes, done in Java:
 * one native call per entry through jnr (with its stat struct filled field by field) made the
 * first {@code find} of a fresh mount 2.6× squashfuse's (BENCHMARKS.md). {@code DirentsTest}
 * checks the bytes against libfuse's.
 */
final class Dirents {

    /** Where the name starts in an entry ({@code FUSE_NAME_OFFSET}). */
    static final int NAME_OFFSET = 24;
    private static final int S_IFMT = 0170000;

    private Dirents() {
    }

    /** The size an entry with a name of {@code nameLength} bytes takes ({@code FUSE_DIRENT_SIZE}). */
    static int size(int nameLength) {
        return (NAME_OFFSET + nameLength + 7) & ~7;
    }

    /**
     * Appends an entry at {@code at} of {@code buf} (native byte order, as the kernel reads it) if
     * it fits before {@code limit}; returns its size either way, as {@code fuse_add_direntry} does,
     * so the caller stops at the first one that does not fit.
     */
    static int put(ByteBuffer buf, int at, int limit, long inode, long nextOffset, int mode, byte[] name) {
        int size = size(name.length);
        if (size > limit - at) {
            return size;
        }
        // absolute puts only: the caller's buffer keeps its position; a reply buffer is already in
        // native order (ReplySink), so only other buffers pay for a view
        ByteBuffer b = buf.order() == ByteOrder.nativeOrder() ? buf : buf.duplicate().order(ByteOrder.nativeOrder());
        b.putLong(at, inode);
        b.putLong(at + 8, nextOffset);
        b.putInt(at + 16, name.length);
        b.putInt(at + 20, (mode & S_IFMT) >>> 12);
        b.put(at + NAME_OFFSET, name);
        for (int p = at + NAME_OFFSET + name.length; p < at + size; p++) {
            b.put(p, (byte) 0);
        }
        return size;
    }
}
