package dev.hexz.workspace;

import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.ByteRange;
import dev.hexz.format.ChainBlockLookup;
import dev.hexz.format.ChangedContent;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a workspace's tree as a thin archive of its base. Untouched files are recorded by
 * reference to the base's blocks without reading them; files changed in place are re-chunked
 * only around what was written; new files are read whole (their blocks still dedup against the
 * base's). Caller holds the overlay frozen.
 */
final class CommitWriter {

    private CommitWriter() {
    }

    /** One node to write, with its path ("a/b"). */
    private record Item(String path, OverlayNode node) {
    }

    static ArchiveSummary write(Overlay overlay, Path output, WriterOptions options, ChainBlockLookup lookup,
            String metadataJson) throws IOException {
        List<Item> items = new ArrayList<>();
        synchronized (overlay) {
            collect(overlay.root(), "", items);
        }
        items.sort(Comparator.comparing(Item::path, ManifestPaths::compare));
        try (ArchiveWriter w = ArchiveWriter.createThin(output, options, overlay.base(), lookup)) {
            if (metadataJson != null) {
                w.setMetadata(metadataJson);
            }
            if (!overlay.baseIsDirectory() && items.size() == 1 && items.get(0).node().isFile()) {
                writeSingle(overlay, w, items.get(0));
            } else {
                for (Item i : items) {
                    writeItem(w, i);
                }
            }
            return w.finish();
        } finally {
            for (Item i : items) {
                if (i.node().isFile()) {
                    i.node().content.closeIfIdle();
                }
            }
        }
    }

    private static void collect(OverlayNode dir, String prefix, List<Item> out) {
        for (OverlayNode c : dir.children.values()) {
            String p = prefix.isEmpty() ? c.name : prefix + "/" + c.name;
            out.add(new Item(p, c));
            if (c.isDirectory()) {
                collect(c, p, out);
            }
        }
    }

    /** A file or stream archive stays one: the same kind as its base, when the tree is still one file. */
    private static void writeSingle(Overlay overlay, ArchiveWriter w, Item i) throws IOException {
        OverlayNode n = i.node();
        boolean stream = overlay.base().manifest().size() == 0;
        BaseFile b = n.content.base();
        if (stream && i.path().equals(overlay.streamName()) && b != null) {
            w.addChangedStream(changed(n.content));
        } else if (b != null) {
            w.addChangedSingleFile(i.path(), n.mode, n.mtimeSeconds, n.mtimeNanos, parentEntry(b), changed(n.content));
        } else {
            try (InputStream in = stream(n.content)) {
                w.addSingleFile(i.path(), in, n.mode, n.mtimeSeconds, n.mtimeNanos);
            }
        }
    }

    private static void writeItem(ArchiveWriter w, Item i) throws IOException {
        OverlayNode n = i.node();
        switch (n.kind) {
            case DIRECTORY -> w.addDirectory(i.path(), n.mode, n.mtimeSeconds, n.mtimeNanos);
            case SYMLINK -> w.addSymlink(i.path(), n.symlinkTarget, n.mtimeSeconds, n.mtimeNanos);
            case FILE -> {
                BaseFile b = n.content.base();
                if (b == null) {
                    try (InputStream in = stream(n.content)) {
                        w.addFile(i.path(), in, n.mode, n.mtimeSeconds, n.mtimeNanos);
                    }
                } else if (n.content.untouched()) {
                    w.addUnchangedFile(i.path(), n.mode, n.mtimeSeconds, n.mtimeNanos, parentEntry(b));
                } else {
                    w.addChangedFile(i.path(), n.mode, n.mtimeSeconds, n.mtimeNanos, parentEntry(b), changed(n.content));
                }
            }
        }
    }

    /** The base's file as the writer names a parent file: where its bytes are in the base's stream. */
    private static ManifestEntry parentEntry(BaseFile b) {
        return ManifestEntry.file("parent", 0644, 0, 0, b.size(), b.logicalOffset());
    }

    private static ChangedContent changed(FileContent c) {
        FileContent.Snapshot s = c.snapshot();
        List<ByteRange> ranges = new ArrayList<>(s.dirty().size());
        for (long[] r : s.dirty()) {
            ranges.add(new ByteRange(r[0], r[1]));
        }
        return new ChangedContent() {
            @Override
            public long size() {
                return s.size();
            }

            @Override
            public long unchangedLimit() {
                return Math.min(s.baseLimit(), c.base().size());
            }

            @Override
            public List<ByteRange> changedRanges() {
                return ranges;
            }

            @Override
            public int read(long offset, byte[] dst, int off, int len) throws IOException {
                return c.read(offset, dst, off, len);
            }
        };
    }

    /** All of a file's bytes, in order. */
    private static InputStream stream(FileContent c) {
        return new InputStream() {
            private long pos;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = c.read(pos, b, off, len);
                if (n <= 0) {
                    return -1;
                }
                pos += n;
                return n;
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }
        };
    }
}
