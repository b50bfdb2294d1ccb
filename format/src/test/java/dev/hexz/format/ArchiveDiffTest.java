package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hexz.format.ArchiveDiff.Aspect;
import dev.hexz.format.ArchiveDiff.BlockStats;
import dev.hexz.format.ArchiveDiff.Change;
import dev.hexz.format.chunk.ChunkingParams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveDiffTest {

    @TempDir
    Path tmp;

    private static final WriterOptions FIXED = WriterOptions.defaults().withChunking(ChunkingParams.fixed(4096));

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private Path stream(String name, WriterOptions o, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(p, o)) {
            w.addBytes(data);
            w.finish();
        }
        return p;
    }

    private ArchiveDiff.Result diff(Path a, Path b) throws IOException {
        try (ArchiveReader ra = ArchiveReader.open(a); ArchiveReader rb = ArchiveReader.open(b)) {
            return ArchiveDiff.compare(ra, rb);
        }
    }

    @Test
    void blocksAreCountedOnceEachAsSharedOnlyInAOrOnlyInB() throws IOException {
        byte[] block = random(4096, 1);
        byte[] x = concat(random(9 * 4096, 2), block, block); // 10 distinct blocks, one twice
        byte[] zeros = new byte[3 * 4096];
        Path a = stream("a.hxz", FIXED, concat(x, zeros, random(3 * 4096, 3)));
        Path b = stream("b.hxz", FIXED, concat(x, random(5 * 4096, 4), zeros, new byte[] {1, 2, 3}));
        ArchiveDiff.Result r = diff(a, b);
        assertEquals(new BlockStats(10, 10 * 4096), r.shared());
        assertEquals(new BlockStats(3, 3 * 4096), r.onlyInA());
        assertEquals(new BlockStats(6, 5 * 4096 + 3), r.onlyInB());
        assertFalse(r.identical());
        assertFalse(r.comparesFiles());
        assertTrue(r.files().isEmpty());
        assertTrue(diff(a, a).identical());
    }

    private static void tree(ArchiveWriter w, boolean second) throws IOException {
        w.addFile("a.txt", new ByteArrayInputStream((second ? "hellO" : "hello").getBytes()), 0644, 100, 0);
        w.addDirectory("b", 0755, 200, 0);
        w.addFile(second ? "b/d.bin" : "b/c.bin", new ByteArrayInputStream(random(10_000, 5)), 0644, 300, 0);
        w.addSymlink("link", second ? "b/d.bin" : "a.txt", 400, 0);
        w.addFile("mode.txt", new ByteArrayInputStream("m".getBytes()), second ? 0600 : 0644, 500, 0);
        w.addFile("same.bin", new ByteArrayInputStream(random(50_000, 6)), 0644, 600, 0);
        w.addFile("touched.bin", new ByteArrayInputStream(random(5_000, 7)), 0644, second ? 701 : 700, 0);
        if (second) {
            w.addDirectory("t", 0755, 800, 0);
            w.addDirectory("e", 0700, 900, 0);
            w.addFile("grown.bin", new ByteArrayInputStream(random(9_000, 8)), 0640, 1000, 0);
        } else {
            w.addFile("t", new ByteArrayInputStream("t".getBytes()), 0644, 800, 0);
            w.addFile("grown.bin", new ByteArrayInputStream(random(8_000, 8)), 0644, 1000, 0);
        }
    }

    private Path treeArchive(String name, WriterOptions o, boolean second) throws IOException {
        Path p = tmp.resolve(name);
        try (ArchiveWriter w = ArchiveWriter.create(p, o)) {
            tree(w, second);
            w.finish();
        }
        return p;
    }

    private static List<String> describe(ArchiveDiff.Result r) {
        return r.files().stream().map(f -> f.change() + " " + f.path() + " " + f.aspects().stream().sorted().toList())
                .toList();
    }

    @Test
    void directoryArchivesListAddedRemovedModifiedAndAttributeChangesInPathOrder() throws IOException {
        WriterOptions small = WriterOptions.treeDefaults();
        Path a = treeArchive("a.hxz", small, false);
        Path b = treeArchive("b.hxz", small, true);
        ArchiveDiff.Result r = diff(a, b);
        assertTrue(r.comparesFiles());
        assertEquals(List.of(
                "MODIFIED a.txt [CONTENT]",
                "REMOVED b/c.bin []",
                "ADDED b/d.bin []",
                "ADDED e []",
                "MODIFIED grown.bin [SIZE, CONTENT, MODE]",
                "MODIFIED link [TARGET]",
                "ATTRIBUTES mode.txt [MODE]",
                "MODIFIED t [TYPE, MODE]",
                "ATTRIBUTES touched.bin [MTIME]"), describe(r));
        assertEquals(4, r.count(Change.MODIFIED));
        assertEquals(1, r.count(Change.REMOVED));
        ArchiveDiff.FileChange link = r.files().get(5);
        assertEquals("a.txt", link.before().symlinkTarget());
        assertEquals("b/d.bin", link.after().symlinkTarget());
        assertTrue(diff(a, a).files().isEmpty());
    }

    @Test
    void differentChunkingComparesContentByBytes() throws IOException {
        Path a = treeArchive("a.hxz", WriterOptions.treeDefaults(), false);
        Path a2 = treeArchive("a2.hxz", FIXED, false);
        ArchiveDiff.Result r = diff(a, a2);
        assertTrue(r.files().isEmpty(), describe(r).toString());
        assertTrue(r.identical());
        Path b = treeArchive("b.hxz", FIXED, true);
        assertEquals(List.of(Aspect.CONTENT), List.copyOf(diff(a, b).files().get(0).aspects()));
    }
}
