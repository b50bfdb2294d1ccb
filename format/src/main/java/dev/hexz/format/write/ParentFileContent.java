package dev.hexz.format.write;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ByteRange;
import dev.hexz.format.ChangedContent;
import java.io.IOException;
import java.util.List;

/**
 * A parent's file taken as it is: no changes, its bytes read from the parent. A thin writer
 * reads them only where the parent's blocks do not line up with the file.
 */
final class ParentFileContent implements ChangedContent {

    private final ArchiveReader parent;
    private final long offset;
    private final long size;

    ParentFileContent(ArchiveReader parent, long offset, long size) {
        this.parent = parent;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long unchangedLimit() {
        return size;
    }

    @Override
    public List<ByteRange> changedRanges() {
        return List.of();
    }

    @Override
    public int read(long at, byte[] dst, int off, int len) throws IOException {
        if (at < 0) {
            throw new IndexOutOfBoundsException("offset " + at);
        }
        if (at >= size) {
            return len == 0 ? 0 : -1;
        }
        return parent.read(offset + at, dst, off, (int) Math.min(len, size - at));
    }
}
