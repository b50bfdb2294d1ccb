package dev.hexz.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hexz.format.CorruptBlockException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrnoMappingTest {

    @Test
    void mapsWhatTreesThrow() {
        assertEquals(Errno.ENOENT, ErrnoMapping.errnoOf(new NoSuchFileException("x")));
        assertEquals(Errno.EEXIST, ErrnoMapping.errnoOf(new FileAlreadyExistsException("x")));
        assertEquals(Errno.ENOTEMPTY, ErrnoMapping.errnoOf(new DirectoryNotEmptyException("x")));
        assertEquals(Errno.EACCES, ErrnoMapping.errnoOf(new AccessDeniedException("x")));
        assertEquals(Errno.ENOSPC, ErrnoMapping.errnoOf(new FileSystemException("x", null, "No space left on device")));
        assertEquals(Errno.EROFS, ErrnoMapping.errnoOf(FsException.readOnly("/a")));
        assertEquals(Errno.EIO, ErrnoMapping.errnoOf(new IOException("disk")));
        assertEquals(Errno.EIO, ErrnoMapping.errnoOf(new IllegalStateException("bug")));
    }

    @Test
    void aCorruptBlockIsEio() {
        assertEquals(Errno.EIO, ErrnoMapping.errnoOf(new CorruptBlockException("a.hxz", 3, 0, 4096, "checksum mismatch")));
    }
}
