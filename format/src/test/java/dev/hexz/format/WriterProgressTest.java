package dev.hexz.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterProgressTest {

    @TempDir
    Path tmp;

    @Test
    void progressCountsEveryInputByteOfStreamsFilesAndTrees() throws IOException {
        byte[] data = TestData.semiCompressible(3_000_000, 5);
        Path file = tmp.resolve("f.bin");
        Files.write(file, data);
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.write(tree.resolve("a"), data);
        Files.write(tree.resolve("b"), new byte[1234]);

        AtomicLong seen = new AtomicLong();
        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("s.hxz"), WriterOptions.defaults())) {
            w.onProgress(seen::addAndGet).addStream(new ByteArrayInputStream(data));
            w.finish();
        }
        assertEquals(data.length, seen.getAndSet(0));

        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("f.hxz"), WriterOptions.defaults())) {
            w.onProgress(seen::addAndGet).addFile(file);
            w.finish();
        }
        assertEquals(data.length, seen.getAndSet(0));

        try (ArchiveWriter w = ArchiveWriter.create(tmp.resolve("t.hxz"), WriterOptions.treeDefaults())) {
            w.onProgress(seen::addAndGet).addTree(tmp.resolve("tree"));
            w.finish();
        }
        assertEquals(data.length + 1234, seen.get());
    }
}
