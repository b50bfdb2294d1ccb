package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hexz.format.ArchiveFile;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.fuse.Caller;
import dev.hexz.fuse.DirectoryEntry;
import dev.hexz.fuse.MountedTree;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.NodeKind;
import dev.hexz.fuse.OpenFile;
import dev.hexz.store.HexzHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the workspace tests share: a temporary HEXZ_HOME (through the {@code hexz.home} property),
 * a small directory archive written with {@link ArchiveWriter}, and a comparable view of a tree.
 */
abstract class WorkspaceTestSupport {

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int UID = 1234;
    static final int GID = 5678;
    static final Caller CALLER = new Caller(UID, GID, 42);

    /** Size of {@code data/big.bin} in {@link #writeBaseArchive}. */
    static final int BIG = 3 << 20;

    @TempDir
    Path tmp;
    Path home;

    @BeforeEach
    void useTemporaryHome() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        System.setProperty(HexzHome.PROPERTY, home.toString());
    }

    @AfterEach
    void clearHome() {
        System.clearProperty(HexzHome.PROPERTY);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The base every tree test starts from: files, directories (one empty), a symlink. */
    static Map<String, byte[]> baseFiles() {
        Map<String, byte[]> m = new TreeMap<>();
        m.put("docs/readme.txt", utf8("read me\n"));
        m.put("docs/guide.md", utf8("# guide\nsome words\n"));
        m.put("data/big.bin", random(BIG, 7));
        m.put("data/nested/deep.txt", utf8("deep\n"));
        m.put("run.sh", utf8("#!/bin/sh\necho hi\n"));
        return m;
    }

    /**
     * Writes the base archive: {@code docs/} (readme.txt, guide.md), {@code data/} (big.bin,
     * nested/deep.txt), {@code empty/} (0700), {@code run.sh} (0755) and {@code link} →
     * docs/readme.txt.
     */
    static Path writeBaseArchive(Path file) throws IOException {
        Map<String, byte[]> files = baseFiles();
        try (ArchiveWriter w = ArchiveWriter.create(file, WriterOptions.treeDefaults())) {
            w.addDirectory("data", 0755, 1_600_000_000L, 0);
            w.addDirectory("data/nested", 0750, 1_600_000_000L, 0);
            w.addDirectory("docs", 0755, 1_600_000_000L, 0);
            w.addDirectory("empty", 0700, 1_600_000_000L, 0);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                int mode = e.getKey().equals("run.sh") ? 0755 : e.getKey().equals("data/big.bin") ? 0600 : 0644;
                w.addFile(e.getKey(), new ByteArrayInputStream(e.getValue()), mode, 1_600_000_001L, 5);
            }
            w.addSymlink("link", "docs/readme.txt", 1_600_000_002L, 0);
            w.finish();
        }
        return file;
    }

    /** A directory archive holding one file {@code name} with {@code bytes}. */
    static Path writeOneFileArchive(Path file, String name, byte[] bytes) throws IOException {
        try (ArchiveWriter w = ArchiveWriter.create(file, WriterOptions.treeDefaults())) {
            w.addFile(name, new ByteArrayInputStream(bytes), 0644, 1_600_000_000L, 0);
            w.finish();
        }
        return file;
    }

    // ---- workspaces ----

    WorkspaceLayout layout() {
        return WorkspaceLayout.fromEnvironment();
    }

    /** Records a workspace of {@code archive} (not mounted) and returns its id. */
    String newWorkspace(Path archive) throws IOException {
        WorkspaceState s = new Workspaces(layout()).create(archive, tmp.resolve("mnt-" + System.nanoTime()), "test");
        return s.id();
    }

    Workspace open(String id) throws IOException {
        return Workspace.open(layout(), id, "test", UID, GID);
    }

    // ---- trees ----

    /** One node as a test compares it: kind, permission bits, size and a digest of the bytes (or the target). */
    record Node(NodeKind kind, int mode, long size, String content) {
    }

    static Node file(int mode, byte[] bytes) {
        return new Node(NodeKind.FILE, mode, bytes.length, digest(bytes));
    }

    static Node dir(int mode) {
        return new Node(NodeKind.DIRECTORY, mode, 0, "");
    }

    static Node symlink(String target) {
        return new Node(NodeKind.SYMLINK, 0777, utf8(target).length, target);
    }

    static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The base archive's tree as {@link #tree(MountedTree)} shows it. */
    static Map<String, Node> baseTree() {
        Map<String, Node> m = new TreeMap<>();
        m.put("data", dir(0755));
        m.put("data/nested", dir(0750));
        m.put("docs", dir(0755));
        m.put("empty", dir(0700));
        for (Map.Entry<String, byte[]> e : baseFiles().entrySet()) {
            int mode = e.getKey().equals("run.sh") ? 0755 : e.getKey().equals("data/big.bin") ? 0600 : 0644;
            m.put(e.getKey(), file(mode, e.getValue()));
        }
        m.put("link", symlink("docs/readme.txt"));
        return m;
    }

    /** Every node below the root of {@code t}, by path ("a/b"), read through the tree's own API. */
    static Map<String, Node> tree(MountedTree t) throws IOException {
        Map<String, Node> out = new TreeMap<>();
        walk(t, "", out);
        return out;
    }

    private static void walk(MountedTree t, String rel, Map<String, Node> out) throws IOException {
        for (DirectoryEntry e : t.list(rel.isEmpty() ? "/" : "/" + rel)) {
            String p = rel.isEmpty() ? e.name() : rel + "/" + e.name();
            NodeAttributes a = e.attributes();
            assertEquals(a, t.attributes("/" + p), "attributes of " + p + " from a listing and from a lookup");
            switch (a.kind()) {
                case DIRECTORY -> {
                    out.put(p, new Node(NodeKind.DIRECTORY, a.permissions(), 0, ""));
                    walk(t, p, out);
                }
                case SYMLINK -> out.put(p, new Node(NodeKind.SYMLINK, a.permissions(), a.size(), t.readSymlink("/" + p)));
                case FILE -> {
                    byte[] b = readAll(t, "/" + p);
                    assertEquals(a.size(), b.length, "size of " + p);
                    out.put(p, new Node(NodeKind.FILE, a.permissions(), b.length, digest(b)));
                }
            }
        }
    }

    /** Every entry of an archive, as {@link #tree(MountedTree)} shows nodes. */
    static Map<String, Node> tree(ArchiveReader r) throws IOException {
        Map<String, Node> out = new TreeMap<>();
        for (ManifestEntry e : r.manifest().entries()) {
            if (e.isDirectory()) {
                out.put(e.path(), dir(e.mode()));
            } else if (e.isSymlink()) {
                out.put(e.path(), symlink(e.symlinkTarget()));
            } else {
                ArchiveFile f = r.file(e.path()).orElseThrow();
                out.put(e.path(), file(e.mode(), f.readAllBytes()));
            }
        }
        return out;
    }

    static byte[] readAll(MountedTree t, String path) throws IOException {
        long size = t.attributes(path).size();
        try (OpenFile f = t.open(path, O_RDONLY)) {
            return readAll(f, size);
        }
    }

    static byte[] readAll(OpenFile f, long size) throws IOException {
        byte[] b = new byte[(int) size];
        int done = 0;
        while (done < b.length) {
            int n = f.read(done, b, done, Math.min(1 << 20, b.length - done));
            if (n <= 0) {
                throw new AssertionError("short read at " + done + " of " + size);
            }
            done += n;
        }
        byte[] past = new byte[16];
        assertEquals(0, f.read(size, past, 0, past.length), "read at the end");
        return b;
    }

    /** Writes {@code bytes} at {@code offset} of an existing file. */
    static void write(MountedTree t, String path, long offset, byte[] bytes) throws IOException {
        try (OpenFile f = t.open(path, O_RDWR)) {
            assertEquals(bytes.length, f.write(offset, bytes, 0, bytes.length));
        }
    }

    /** Creates {@code path} with {@code bytes}. */
    static void create(MountedTree t, String path, int mode, byte[] bytes) throws IOException {
        try (OpenFile f = t.create(path, mode, O_CREAT | O_RDWR, CALLER)) {
            if (bytes.length > 0) {
                assertEquals(bytes.length, f.write(0, bytes, 0, bytes.length));
            }
        }
    }

    /** Replaces the whole content of an existing file, as an editor saving in place does (O_TRUNC). */
    static void rewrite(MountedTree t, String path, byte[] bytes) throws IOException {
        try (OpenFile f = t.open(path, O_WRONLY | O_TRUNC)) {
            if (bytes.length > 0) {
                assertEquals(bytes.length, f.write(0, bytes, 0, bytes.length));
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        Workspace.deleteTree(dir);
    }
}
