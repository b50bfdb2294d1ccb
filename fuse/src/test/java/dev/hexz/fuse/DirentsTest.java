package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import org.junit.jupiter.api.Test;
import ru.serce.jnrfuse.struct.FileStat;

/** {@link Dirents} writes the bytes libfuse's own {@code fuse_add_direntry} writes. */
class DirentsTest {

    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    @Test
    void entriesAreByteForByteWhatLibfuseWrites() {
        FuseSupport.requireFuse();
        LibFuse3.Library lib = LibFuse3.library();
        Runtime rt = Runtime.getRuntime(lib);
        int capacity = 64 << 10;
        Pointer theirs = Memory.allocateDirect(rt, capacity, true);
        Pointer stat = Memory.allocateDirect(rt, Struct.size(new FileStat(rt)), true);
        FileStat st = FileStat.of(stat);
        ByteBuffer ours = ByteBuffer.allocateDirect(capacity);
        // the reply buffer's own order (written in place) as well as another order (written through a view)
        ByteBuffer oursNative = ByteBuffer.allocateDirect(capacity).order(java.nio.ByteOrder.nativeOrder());
        ByteBuffer name = ByteBuffer.allocateDirect(NativeStructs.NAME_MAX_BYTES + 1);

        // names of every length modulo 8 (the padding), multi-byte UTF-8, the longest a file system allows
        List<String> names = List.of(".", "..", "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg", "abcdefgh",
                "f017937.bin", "ünïcødé ✓", "x".repeat(255));
        int[] modes = {S_IFREG | 0644, S_IFDIR | 0755, S_IFLNK | 0777};
        int used = 0;
        long next = 1;
        for (String n : names) {
            for (int mode : modes) {
                long inode = 0x1_0000_0001L * next;
                st.st_ino.set(inode);
                st.st_mode.set(mode);
                long size = lib.fuse_add_direntry(null, theirs.slice(used), capacity - used, NativeStructs.cString(name, n),
                        stat, next);
                int mine = Dirents.put(ours, used, capacity, inode, next, mode, n.getBytes(StandardCharsets.UTF_8));
                assertEquals(mine, Dirents.put(oursNative, used, capacity, inode, next, mode, n.getBytes(StandardCharsets.UTF_8)));
                assertEquals(size, mine, "size of the entry for " + n);
                assertEquals(Dirents.size(n.getBytes(StandardCharsets.UTF_8).length), mine);
                used += mine;
                next++;
            }
        }
        byte[] expected = new byte[used];
        theirs.get(0, expected, 0, used);
        byte[] got = new byte[used];
        ours.duplicate().get(got);
        assertArrayEquals(expected, got);
        oursNative.duplicate().get(got);
        assertArrayEquals(expected, got, "written in the buffer's own native order");
    }

    @Test
    void anEntryThatDoesNotFitIsNotWrittenButItsSizeIsReturned() {
        ByteBuffer b = ByteBuffer.allocate(64);
        b.put(0, (byte) 0x5a);
        byte[] name = "a-name-of-41-bytes-so-the-entry-takes-72-".getBytes(StandardCharsets.UTF_8);
        assertEquals(72, Dirents.put(b, 0, 64, 7, 1, S_IFREG, name));
        assertEquals(0x5a, b.get(0), "nothing written");
        assertEquals(32, Dirents.put(b, 0, 64, 7, 1, S_IFREG, new byte[] {'x'}));
        assertEquals(32, Dirents.put(b, 32, 64, 7, 1, S_IFREG, new byte[] {'y'}), "exactly fits");
    }
}
