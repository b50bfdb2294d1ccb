package dev.hexz.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Deterministic second versions of generated data, for the thin-archive benchmarks: a file with
 * small edits at random places ({@link #editFile}) and a tree with a few files modified, added and
 * deleted ({@link #editTree}). Both report the bytes that really changed, the yardstick a thin
 * archive's size is measured against.
 */
public final class DataEdits {

    private DataEdits() {
    }

    // ------------------------------------------------------------------------------ file edits

    /** The kinds of edit, in the order they are applied when two fall on the same offset. */
    enum Kind { DELETE, OVERWRITE, INSERT }

    /** One edit at offset {@code at} of the original file. */
    record Edit(long at, Kind kind, int length, byte[] bytes) {
    }

    /**
     * What {@link #editFile} did. {@code inserted}, {@code deleted} and {@code overwritten} are
     * byte counts (an overwrite clipped at the end of the file counts what it replaced); {@code
     * changed} = inserted + overwritten: the new bytes of the second version.
     */
    record FileEditSummary(long sizeIn, long sizeOut, int insertions, long inserted, int deletions, long deleted,
            int overwrites, long overwritten, int moved) {
        long changed() {
            return inserted + overwritten;
        }
    }

    /**
     * The edits of {@link #editFile}: {@code insertions} insertions and {@code deletions} deletions
     * of 1..100 bytes and {@code overwrites} overwrites of {@code overwriteBytes} bytes, each at a
     * uniformly random offset of the original (drawn in that order from {@code seed}), new bytes
     * random (incompressible). Sorted by offset.
     */
    static List<Edit> plan(long size, long seed, int insertions, int deletions, int overwrites, int overwriteBytes) {
        if (size <= 0) {
            throw new IllegalArgumentException("cannot edit an empty file");
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0xed17ed17L);
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < insertions; i++) {
            byte[] b = new byte[1 + r.nextInt(100)];
            long at = r.nextLong(size + 1);
            r.nextBytes(b);
            edits.add(new Edit(at, Kind.INSERT, b.length, b));
        }
        for (int i = 0; i < deletions; i++) {
            int n = 1 + r.nextInt(100);
            edits.add(new Edit(r.nextLong(size), Kind.DELETE, n, null));
        }
        for (int i = 0; i < overwrites; i++) {
            byte[] b = new byte[overwriteBytes];
            long at = r.nextLong(size);
            r.nextBytes(b);
            edits.add(new Edit(at, Kind.OVERWRITE, b.length, b));
        }
        edits.sort(Comparator.comparingLong(Edit::at).thenComparing(Edit::kind));
        return edits;
    }

    /**
     * Writes {@code out} = {@code in} with the edits of {@link #plan} applied, each at its offset
     * in {@code in}. An edit that falls inside the range an earlier one deleted or overwrote is
     * moved to the end of that range (counted in {@code moved}), so edits never overlap and every
     * one of them happens. Unchanged stretches are copied by the kernel ({@code transferTo}).
     */
    static FileEditSummary editFile(Path in, Path out, long seed, int insertions, int deletions, int overwrites,
            int overwriteBytes) throws IOException {
        long size = Files.size(in);
        List<Edit> edits = plan(size, seed, insertions, deletions, overwrites, overwriteBytes);
        long inserted = 0;
        long deleted = 0;
        long overwritten = 0;
        int moved = 0;
        try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ);
                FileChannel dst = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            long cursor = 0; // next byte of in to copy
            for (Edit e : edits) {
                long at = e.at();
                if (at < cursor) {
                    at = cursor;
                    moved++;
                }
                copy(src, at - cursor, cursor, dst);
                cursor = at;
                switch (e.kind()) {
                    case INSERT -> {
                        write(dst, e.bytes(), e.length());
                        inserted += e.length();
                    }
                    case DELETE -> {
                        long n = Math.min(e.length(), size - cursor);
                        cursor += n;
                        deleted += n;
                    }
                    case OVERWRITE -> {
                        int n = (int) Math.min(e.length(), size - cursor);
                        write(dst, e.bytes(), n);
                        cursor += n;
                        overwritten += n;
                    }
                }
            }
            copy(src, size - cursor, cursor, dst);
            dst.force(false);
        }
        return new FileEditSummary(size, Files.size(out), insertions, inserted, deletions, deleted, overwrites,
                overwritten, moved);
    }

    private static void copy(FileChannel src, long count, long from, FileChannel dst) throws IOException {
        long done = 0;
        while (done < count) {
            long n = src.transferTo(from + done, count - done, dst);
            if (n <= 0) {
                throw new IOException("short copy at offset " + (from + done));
            }
            done += n;
        }
    }

    private static void write(FileChannel dst, byte[] b, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, 0, n);
        while (buf.hasRemaining()) {
            dst.write(buf);
        }
    }

    // ------------------------------------------------------------------------------ tree edits

    /** Modification time given to every file the edit writes, and to directories it changes. */
    static final FileTime EDIT_TIME = FileTime.fromMillis(1_700_086_400_000L);

    /**
     * What {@link #editTree} did. The bytes that really changed are {@code added} (the bytes of
     * the new files) + {@code overwritten} (bytes replaced in place in modified files) + {@code
     * appended} (bytes appended to modified files). Deleted files' bytes ({@code deleted}) and
     * modified files' unchanged bytes are not counted: a second version stores nothing for them.
     */
    record TreeEditSummary(int filesIn, int modified, int modifiedInPlace, long overwritten, int modifiedAppended,
            long appended, int addedFiles, long added, int deletedFiles, long deleted, long bytesIn, long bytesOut) {
        long changed() {
            return added + overwritten + appended;
        }
    }

    /**
     * Copies the tree {@code v1} to {@code v2} (which must not exist), then edits v2: {@code
     * modifiedPercent}% of the files (rounded, at least 1) are modified, {@code deletedFiles} other
     * files deleted and {@code addedFiles} new files added, all chosen from {@code seed}. A
     * modification is one of, with equal chances: overwrite 1..16 bytes in place, overwrite
     * 1..4 KiB in place (clipped to the file; an empty file is appended to instead), append 1..16
     * bytes, append 1..4 KiB; new bytes are random. New files are named {@code nNNNNNN.bin}, go into
     * random existing directories and have the generator's sizes and content. Everything the edit
     * writes gets the modification time {@link #EDIT_TIME}; every other file and directory keeps
     * v1's, so the trees differ only by the edits.
     */
    static TreeEditSummary editTree(Path v1, Path v2, long seed, double modifiedPercent, int addedFiles,
            int deletedFiles) throws IOException {
        if (!Files.isDirectory(v1)) {
            throw new IllegalArgumentException(v1 + ": not a directory");
        }
        if (Files.exists(v2, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(v2 + " exists; tree-edit makes it");
        }
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        long[] bytesIn = {0};
        Files.walkFileTree(v1, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Path rel = v1.relativize(d);
                Files.createDirectories(v2.resolve(rel.toString()));
                dirs.add(rel);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                if (a.isRegularFile()) {
                    Path rel = v1.relativize(f);
                    Files.copy(f, v2.resolve(rel.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    files.add(rel);
                    bytesIn[0] += a.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // the walk order depends on the file system: sort so that the same seed picks the same files
        files.sort(Comparator.comparing(Path::toString));
        dirs.sort(Comparator.comparing(Path::toString));
        int n = files.size();
        int modified = Math.max(1, (int) Math.round(n * modifiedPercent / 100.0));
        if (modified + deletedFiles > n) {
            throw new IllegalArgumentException("the tree has " + n + " files, fewer than " + modified
                    + " to modify + " + deletedFiles + " to delete");
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x7ee3d17L);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < modified + deletedFiles; i++) { // partial Fisher-Yates: the first picks
            int j = i + r.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        TreeSet<Path> touchedDirs = new TreeSet<>(Comparator.comparing(Path::toString));
        int inPlace = 0;
        int appendedFiles = 0;
        long overwritten = 0;
        long appended = 0;
        for (int i = 0; i < modified; i++) {
            Path f = v2.resolve(files.get(order[i]).toString());
            long size = Files.size(f);
            int kind = r.nextInt(4);
            int len = kind % 2 == 0 ? 1 + r.nextInt(16) : 1 + r.nextInt(4096);
            byte[] b = new byte[len];
            r.nextBytes(b);
            if (kind < 2 && size > 0) {
                int m = (int) Math.min(len, size);
                long at = r.nextLong(size - m + 1);
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.position(at);
                    write(ch, b, m);
                }
                inPlace++;
                overwritten += m;
            } else {
                try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
                    out.write(b);
                }
                appendedFiles++;
                appended += len;
            }
            Files.setLastModifiedTime(f, EDIT_TIME);
        }
        long deleted = 0;
        for (int i = modified; i < modified + deletedFiles; i++) {
            Path rel = files.get(order[i]);
            Path f = v2.resolve(rel.toString());
            deleted += Files.size(f);
            Files.delete(f);
            touchedDirs.add(parentOf(rel));
        }
        List<Path> leafDirs = new ArrayList<>();
        for (Path f : files) {
            Path p = parentOf(f);
            if (leafDirs.isEmpty() || !leafDirs.get(leafDirs.size() - 1).equals(p)) {
                leafDirs.add(p);
            }
        }
        DataGenerator content = new DataGenerator(seed ^ 0xadd5L);
        byte[] buf = new byte[1 << 20];
        long added = 0;
        for (int i = 0; i < addedFiles; i++) {
            Path dir = leafDirs.get(r.nextInt(leafDirs.size()));
            int size = DataGenerator.fileSize(r);
            content.fill(buf, 0, size);
            Path f = v2.resolve(dir.resolve(String.format(Locale.ROOT, "n%06d.bin", i)).toString());
            try (OutputStream out = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW)) {
                out.write(buf, 0, size);
            }
            Files.setLastModifiedTime(f, EDIT_TIME);
            added += size;
            touchedDirs.add(dir);
        }
        // directories: v1's time, or the edit's where entries were added or deleted (as a file
        // system would); deepest first, since setting a child's time does not touch its parent's
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path rel = dirs.get(i);
            FileTime t = touchedDirs.contains(rel) ? EDIT_TIME
                    : Files.getLastModifiedTime(v1.resolve(rel.toString()), LinkOption.NOFOLLOW_LINKS);
            Files.setLastModifiedTime(v2.resolve(rel.toString()), t);
        }
        long bytesOut = bytesIn[0] - deleted + added + appended;
        return new TreeEditSummary(n, modified, inPlace, overwritten, appendedFiles, appended, addedFiles, added,
                deletedFiles, deleted, bytesIn[0], bytesOut);
    }

    private static Path parentOf(Path rel) {
        Path p = rel.getParent();
        return p == null ? rel.getFileSystem().getPath("") : p;
    }
}
