package dev.hexz.bench;

import dev.hexz.format.ArchiveFile;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads an archive back and compares it with what was packed: the logical stream with a file,
 * or every regular file of a directory tree (bytes, size, modification time, and that no file is
 * missing or extra). A thin archive is read through its chain, as any reader would.
 *
 * <pre>
 *   ReadBack ARCHIVE.hxz INPUT        INPUT: the file or directory that was packed
 * </pre>
 *
 * <p>Prints {@code verify ok: …} and exits 0, or {@code verify FAILED: …} and exits 1.
 */
public final class ReadBack {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReadBack ARCHIVE.hxz INPUT");
            System.exit(2);
        }
        Path archive = Path.of(args[0]);
        Path in = Path.of(args[1]);
        boolean tree = Files.isDirectory(in);
        String problem;
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            problem = tree ? verifyTree(r, in) : verifyFile(r, in);
        }
        if (problem != null) {
            System.out.println("verify FAILED: " + archive + ": " + problem);
            System.exit(1);
        }
        System.out.println("verify ok: " + archive + " reads back " + (tree ? "every file of " : "") + in);
    }

    /** Null if the archive's logical stream is the file's bytes, else what differs. */
    static String verifyFile(ArchiveReader r, Path in) throws IOException {
        if (r.size() != Files.size(in)) {
            return "logical size " + r.size() + ", file " + Files.size(in);
        }
        byte[] want = new byte[4 << 20];
        byte[] got = new byte[want.length];
        try (InputStream is = Files.newInputStream(in)) {
            for (long o = 0; o < r.size(); ) {
                int n = is.readNBytes(want, 0, (int) Math.min(want.length, r.size() - o));
                r.readFully(o, got, 0, n);
                if (!Arrays.equals(want, 0, n, got, 0, n)) {
                    return "bytes differ in [" + o + ", " + (o + n) + ")";
                }
                o += n;
            }
        }
        return null;
    }

    /** Null if the archive holds exactly the regular files under {@code root}, same bytes and mtimes. */
    static String verifyTree(ArchiveReader r, Path root) throws IOException {
        Map<String, Path> onDisk = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                onDisk.put(root.relativize(p).toString().replace(java.io.File.separatorChar, '/'), p);
            }
        }
        long files = 0;
        byte[] buf = new byte[1 << 20];
        for (ManifestEntry e : r.manifest().entries()) {
            if (!e.isFile()) {
                continue;
            }
            files++;
            Path p = onDisk.get(e.path());
            if (p == null) {
                return e.path() + " is in the archive, not on disk";
            }
            if (e.mtimeSeconds() != Files.getLastModifiedTime(p).toInstant().getEpochSecond()) {
                return e.path() + ": modification time differs";
            }
            byte[] want = Files.readAllBytes(p);
            if (want.length != e.size()) {
                return e.path() + ": size " + e.size() + " in the archive, " + want.length + " on disk";
            }
            ArchiveFile f = r.file(e.path()).orElseThrow();
            for (int o = 0; o < want.length; ) {
                int n = Math.min(buf.length, want.length - o);
                int got = f.read(o, buf, 0, n);
                if (got != n || !Arrays.equals(want, o, o + n, buf, 0, n)) {
                    return e.path() + ": bytes differ in [" + o + ", " + (o + n) + ")";
                }
                o += n;
            }
        }
        if (files != onDisk.size()) {
            return files + " files in the archive, " + onDisk.size() + " on disk";
        }
        return null;
    }
}
