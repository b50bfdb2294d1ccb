package dev.hexz.fuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.Statvfs;

/**
 * Fills the C structs both FUSE adapters hand to libfuse ({@code struct stat},
 * {@code struct statvfs}) from the SPI's values. jnr-fuse's struct classes carry the platform's
 * layout, so neither adapter hard-codes offsets into them.
 */
final class NativeStructs {

    /** Longest name either adapter hands libfuse (beyond any NAME_MAX); a name buffer holds it and a NUL. */
    static final int NAME_MAX_BYTES = 4096;

    private NativeStructs() {
    }

    /**
     * {@code name} as the C string libfuse reads, in {@code target} (a direct buffer of
     * {@link #NAME_MAX_BYTES} + 1, which jnr passes by address where a heap buffer or a String
     * would be copied to a temporary native one per call).
     */
    static ByteBuffer cString(ByteBuffer target, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        target.clear();
        target.put(utf8, 0, Math.min(utf8.length, NAME_MAX_BYTES));
        target.put((byte) 0);
        target.flip();
        return target;
    }

    /** {@code stat} as the kernel should show {@code a}: atime and ctime are the mtime (the tree keeps one time). */
    static void fill(FileStat st, NodeAttributes a) {
        st.st_ino.set(a.inode());
        st.st_mode.set(a.mode());
        st.st_nlink.set(a.links());
        st.st_uid.set(a.uid());
        st.st_gid.set(a.gid());
        st.st_size.set(a.size());
        st.st_blksize.set(4096);
        st.st_blocks.set(a.blocks512());
        st.st_mtim.tv_sec.set(a.mtimeSeconds());
        st.st_mtim.tv_nsec.set(a.mtimeNanos());
        st.st_atim.tv_sec.set(a.mtimeSeconds());
        st.st_atim.tv_nsec.set(a.mtimeNanos());
        st.st_ctim.tv_sec.set(a.mtimeSeconds());
        st.st_ctim.tv_nsec.set(a.mtimeNanos());
    }

    static void fill(Statvfs st, FsStatistics s) {
        st.f_bsize.set(s.blockSize());
        st.f_frsize.set(s.blockSize());
        st.f_blocks.set(s.totalBlocks());
        st.f_bfree.set(s.freeBlocks());
        st.f_bavail.set(s.availableBlocks());
        st.f_files.set(s.files());
        st.f_ffree.set(s.freeFiles());
        st.f_favail.set(s.freeFiles());
        st.f_namemax.set(s.maxNameLength());
    }
}
