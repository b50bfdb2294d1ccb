package dev.hexz.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataEditsTest {

    @TempDir
    Path tmp;

    @Test
    void editFileAppliesThePlanAndCountsWhatChanged() throws IOException {
        byte[] v1 = new byte[1 << 20];
        new DataGenerator(7).fill(v1, 0, v1.length);
        Path in = tmp.resolve("v1");
        Files.write(in, v1);
        DataEdits.FileEditSummary s = DataEdits.editFile(in, tmp.resolve("v2"), 3, 20, 20, 100, 1024);
        byte[] v2 = Files.readAllBytes(tmp.resolve("v2"));

        // an independent, in-memory application of the same plan
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        int cursor = 0;
        long inserted = 0;
        long deleted = 0;
        long overwritten = 0;
        for (DataEdits.Edit e : DataEdits.plan(v1.length, 3, 20, 20, 100, 1024)) {
            int at = (int) Math.max(e.at(), cursor);
            want.write(v1, cursor, at - cursor);
            cursor = at;
            int n = Math.min(e.length(), v1.length - at);
            switch (e.kind()) {
                case INSERT -> {
                    want.write(e.bytes(), 0, e.length());
                    inserted += e.length();
                }
                case DELETE -> {
                    cursor += n;
                    deleted += n;
                }
                case OVERWRITE -> {
                    want.write(e.bytes(), 0, n);
                    cursor += n;
                    overwritten += n;
                }
            }
        }
        want.write(v1, cursor, v1.length - cursor);
        assertArrayEquals(want.toByteArray(), v2);
        assertEquals(inserted, s.inserted());
        assertEquals(deleted, s.deleted());
        assertEquals(overwritten, s.overwritten());
        assertEquals(inserted + overwritten, s.changed());
        assertEquals(v1.length + inserted - deleted, s.sizeOut());
        assertTrue(inserted >= 20 && inserted <= 2000 && deleted >= 20 && deleted <= 2000, s.toString());
        assertEquals(100 * 1024, overwritten, "no overwrite falls off the end of 1 MiB here");

        // deterministic
        DataEdits.editFile(in, tmp.resolve("v2b"), 3, 20, 20, 100, 1024);
        assertArrayEquals(v2, Files.readAllBytes(tmp.resolve("v2b")));
    }

    @Test
    void editTreeChangesWhatItSaysAndNothingElse() throws IOException {
        Path v1 = tmp.resolve("v1");
        DataGenerator.writeTree(v1, 400, 5);
        Path v2 = tmp.resolve("v2");
        DataEdits.TreeEditSummary s = DataEdits.editTree(v1, v2, 9, 5, 10, 12);
        assertEquals(400, s.filesIn());
        assertEquals(20, s.modified());
        assertEquals(20, s.modifiedInPlace() + s.modifiedAppended());

        Map<String, byte[]> a = files(v1);
        Map<String, byte[]> b = files(v2);
        assertEquals(400 - 12 + 10, b.size());
        long added = 0;
        long differing = 0;
        long appended = 0;
        int changedFiles = 0;
        int touchedFiles = 0;
        for (Map.Entry<String, byte[]> e : b.entrySet()) {
            byte[] old = a.get(e.getKey());
            byte[] now = e.getValue();
            if (old == null) {
                added += now.length;
                continue;
            }
            assertTrue(now.length >= old.length);
            int diff = 0;
            for (int i = 0; i < old.length; i++) {
                diff += old[i] != now[i] ? 1 : 0;
            }
            differing += diff;
            appended += now.length - old.length;
            boolean changed = diff > 0 || now.length > old.length;
            boolean touched = !Files.getLastModifiedTime(v2.resolve(e.getKey()))
                    .equals(Files.getLastModifiedTime(v1.resolve(e.getKey())));
            assertTrue(touched || !changed, e.getKey() + " changed but kept its time");
            changedFiles += changed ? 1 : 0;
            touchedFiles += touched ? 1 : 0;
        }
        assertEquals(s.modified(), touchedFiles);
        long deleted = a.entrySet().stream().filter(e -> !b.containsKey(e.getKey())).mapToLong(e -> e.getValue().length).sum();
        assertEquals(s.added(), added);
        assertEquals(s.appended(), appended);
        assertEquals(s.deleted(), deleted);
        // random bytes written in place equal the old byte 1 time in 256
        assertTrue(differing <= s.overwritten() && differing >= s.overwritten() * 0.97, differing + " " + s);
        assertTrue(changedFiles >= 19, "modified files differ: " + changedFiles);
        assertEquals(s.added() + s.overwritten() + s.appended(), s.changed());
        assertEquals(b.values().stream().mapToLong(x -> x.length).sum(), s.bytesOut());

        // deterministic
        Path v2b = tmp.resolve("v2b");
        DataEdits.editTree(v1, v2b, 9, 5, 10, 12);
        Map<String, byte[]> c = files(v2b);
        assertEquals(b.keySet(), c.keySet());
        for (String k : b.keySet()) {
            assertArrayEquals(b.get(k), c.get(k), k);
            assertEquals(Files.getLastModifiedTime(v2.resolve(k)), Files.getLastModifiedTime(v2b.resolve(k)), k);
        }
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}
