package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory archive's entries must form a tree: nothing may sit below a file or a symlink. */
class WriterPathRulesTest {

    @TempDir
    Path tmp;

    @Test
    void anEntryBelowASymlinkIsRefused() throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("a.hxz"), WriterOptions.treeDefaults())) {
            w.addSymlink("link", "/tmp", 0, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.addFile("link/evil", new ByteArrayInputStream(new byte[3]), 0644, 0, 0));
            assertEquals("'link/evil' cannot be added: 'link' is a symlink, not a directory", e.getMessage());
        }
    }

    @Test
    void aFileWherePathsWereAddedBelowIsRefused() throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("a.hxz"), WriterOptions.treeDefaults())) {
            w.addFile("d/x", new ByteArrayInputStream(new byte[3]), 0644, 0, 0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> w.addFile("d", new ByteArrayInputStream(new byte[3]), 0644, 0, 0));
            assertEquals("'d' cannot be added as a file: 'd/x' is below it, so it must be a directory", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.addSymlink("d", "x", 0, 0));
            w.addDirectory("d", 0755, 0, 0); // a directory is fine
            w.finish();
        }
        try (ArchiveReader r = ArchiveReader.open(tmp.resolve("a.hxz"))) {
            assertEquals(2, r.manifest().size());
        }
    }
}
