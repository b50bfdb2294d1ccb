package dev.hexz.fuse;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ByteSink;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read-only tree of an archive (or a thin archive with its chain), built from its manifest
 * when constructed; file bytes are read from the archive on demand, so building the tree never
 * reads the block index.
 *
 * <p>A directory archive shows its tree. A file archive shows its one file under its stored
 * name. An archive of an unnamed byte stream (packed from stdin) shows one file named by the
 * caller (the archive's name without {@code .hxz}). Nodes belong to the given uid and gid: the
 * archive records modes, not owners. Inode numbers follow the manifest order (root 1), so they
 * are the same on every mount of the same archive.
 */
public final class ArchiveTree implements MountedTree {

    private static final int O_ACCMODE = 03;
    private static final int O_TRUNC = 01000;
    private static final int BLOCK_SIZE = 4096;
    private static final int NAME_MAX = 255;

    /** One node: its attributes, where a file's bytes start in the logical stream, a directory's children. */
    private static final class Node {
        final NodeAttributes attributes;
        final long dataOffset;
        final String symlinkTarget;
        final List<Node> children;
        final String name;
        int subdirectories;

        Node(String name, NodeAttributes attributes, long dataOffset, String symlinkTarget) {
            this.name = name;
            this.attributes = attributes;
            this.dataOffset = dataOffset;
            this.symlinkTarget = symlinkTarget;
            this.children = attributes.kind() == NodeKind.DIRECTORY ? new ArrayList<>() : null;
        }
    }

    private final ArchiveReader reader;
    private final Map<String, Node> byPath;
    private final long fileBytes;
    /** Reads served from open files (see {@link #readsServed}). */
    private final LongAdder reads = new LongAdder();

    private ArchiveTree(ArchiveReader reader, Map<String, Node> byPath, long fileBytes) {
        this.reader = reader;
        this.byPath = byPath;
        this.fileBytes = fileBytes;
    }

    /**
     * The tree of {@code reader}'s archive.
     *
     * @param streamName the file name an unnamed byte stream is shown under
     * @param rootMtimeSeconds the root directory's mtime (the archive records none for it)
     */
    public static ArchiveTree of(ArchiveReader reader, String streamName, long rootMtimeSeconds, int uid, int gid)
            throws IOException {
        Manifest manifest = reader.manifest();
        Map<String, Node> byPath = new HashMap<>(Math.max(16, manifest.size() * 2));
        Node root = new Node("", new NodeAttributes(1, NodeKind.DIRECTORY, 0755, 0, rootMtimeSeconds, 0, 2, uid, gid),
                0, null);
        byPath.put("/", root);
        long fileBytes = 0;
        if (!reader.header().isDirectory() && manifest.size() == 0) {
            String name = streamName.isEmpty() || streamName.indexOf('/') >= 0 ? "data" : streamName;
            NodeAttributes a = new NodeAttributes(2, NodeKind.FILE, 0644, reader.size(), rootMtimeSeconds, 0, 1, uid,
                    gid);
            attach(byPath, root, "/" + name, new Node(name, a, 0, null));
            fileBytes = reader.size();
        } else {
            // directories the manifest implies but does not list get inodes after all listed ones
            long[] nextImplicitInode = {manifest.size() + 2L};
            long inode = 2;
            for (ManifestEntry e : manifest.entries()) {
                String path = "/" + e.path();
                Node parent = parentOf(byPath, e.parentPath(), uid, gid, rootMtimeSeconds, nextImplicitInode);
                NodeKind kind = e.isDirectory() ? NodeKind.DIRECTORY : e.isSymlink() ? NodeKind.SYMLINK : NodeKind.FILE;
                NodeAttributes a = new NodeAttributes(inode++, kind, e.mode() & 07777, e.size(), e.mtimeSeconds(),
                        e.mtimeNanos(), kind == NodeKind.DIRECTORY ? 2 : 1, uid, gid);
                attach(byPath, parent, path, new Node(e.name(), a, e.logicalOffset(), e.symlinkTarget()));
                if (kind == NodeKind.FILE) {
                    fileBytes += e.size();
                }
            }
        }
        return new ArchiveTree(reader, byPath, fileBytes);
    }

    /** The directory node at {@code parentPath}, created (0755, the root's mtime) if the manifest does not list it. */
    private static Node parentOf(Map<String, Node> byPath, String parentPath, int uid, int gid, long mtime,
            long[] nextImplicitInode) {
        String key = "/" + parentPath;
        Node parent = byPath.get(key);
        if (parent == null) {
            int slash = parentPath.lastIndexOf('/');
            Node grand = parentOf(byPath, slash < 0 ? "" : parentPath.substring(0, slash), uid, gid, mtime,
                    nextImplicitInode);
            long ino = nextImplicitInode[0]++;
            parent = new Node(parentPath.substring(slash + 1),
                    new NodeAttributes(ino, NodeKind.DIRECTORY, 0755, 0, mtime, 0, 2, uid, gid), 0, null);
            attach(byPath, grand, key, parent);
        } else if (parent.children == null) {
            // a validated manifest never puts a node under a file or symlink; refuse rather than guess
            throw new IllegalStateException("manifest entry under non-directory '" + parentPath + "'");
        }
        return parent;
    }

    private static void attach(Map<String, Node> byPath, Node parent, String path, Node child) {
        parent.children.add(child);
        if (child.children != null) {
            parent.subdirectories++;
        }
        byPath.put(path, child);
    }

    private Node node(String path) throws FsException {
        Node n = byPath.get(path.isEmpty() ? "/" : path);
        if (n == null) {
            throw FsException.notFound(path);
        }
        return n;
    }

    private static NodeAttributes withLinks(Node n) {
        NodeAttributes a = n.attributes;
        if (n.children == null || n.subdirectories == 0) {
            return a;
        }
        return new NodeAttributes(a.inode(), a.kind(), a.permissions(), a.size(), a.mtimeSeconds(), a.mtimeNanos(),
                2 + n.subdirectories, a.uid(), a.gid());
    }

    @Override
    public NodeAttributes attributes(String path) throws IOException {
        return withLinks(node(path));
    }

    @Override
    public List<DirectoryEntry> list(String path) throws IOException {
        Node n = node(path);
        if (n.children == null) {
            throw FsException.notADirectory(path);
        }
        List<DirectoryEntry> out = new ArrayList<>(n.children.size());
        for (Node c : n.children) {
            out.add(new DirectoryEntry(c.name, withLinks(c)));
        }
        return out;
    }

    @Override
    public String readSymlink(String path) throws IOException {
        Node n = node(path);
        if (n.symlinkTarget == null) {
            throw FsException.invalid(path, "not a symlink");
        }
        return n.symlinkTarget;
    }

    @Override
    public OpenFile open(String path, int flags) throws IOException {
        Node n = node(path);
        if (n.children != null) {
            throw FsException.isADirectory(path);
        }
        if ((flags & O_ACCMODE) != 0 || (flags & O_TRUNC) != 0) {
            throw FsException.readOnly(path);
        }
        if (n.attributes.kind() != NodeKind.FILE) {
            throw FsException.invalid(path, "not a regular file");
        }
        return new ArchiveFileHandle(reader, n.dataOffset, n.attributes.size(), reads);
    }

    @Override
    public FsStatistics statistics() {
        long blocks = (fileBytes + BLOCK_SIZE - 1) / BLOCK_SIZE;
        return new FsStatistics(BLOCK_SIZE, blocks, 0, 0, byPath.size(), 0, NAME_MAX);
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    /** Number of nodes, the root included. */
    public int nodeCount() {
        return byPath.size();
    }

    /**
     * How many reads the tree's open files have served since it was built: lets a server that
     * reads its own mount (to warm it up) tell when someone else starts reading.
     */
    public long readsServed() {
        return reads.sum();
    }

    /** A regular file of the tree: its path (from the root, starting with {@code /}) and its bytes in the logical stream. */
    public record FileSpan(String path, long start, long size) {
    }

    /**
     * The largest non-empty regular file, preferring one its owner may read (with
     * {@code default_permissions} the kernel refuses the others even to their owner), if any.
     */
    public Optional<FileSpan> largestFile() {
        return byPath.entrySet().stream()
                .filter(e -> e.getValue().attributes.kind() == NodeKind.FILE && e.getValue().attributes.size() > 0)
                .max(Comparator.comparing((Map.Entry<String, Node> e) -> (e.getValue().attributes.permissions() & 0400) != 0)
                        .thenComparingLong(e -> e.getValue().attributes.size()))
                .map(e -> new FileSpan(e.getKey(), e.getValue().dataOffset, e.getValue().attributes.size()));
    }

    /**
     * Up to {@code max} directories that a listing of the tree (a {@code find}) visits first, in
     * that order: breadth first from the root, leaving out those with more than
     * {@code maxEntries} entries (their subdirectories still count), and those whose owner may
     * not both read and enter them (with {@code default_permissions} the kernel refuses them even
     * to their owner) with everything under them.
     */
    public List<String> directoriesBreadthFirst(int max, int maxEntries) {
        List<String> out = new ArrayList<>();
        ArrayDeque<Map.Entry<String, Node>> queue = new ArrayDeque<>();
        queue.add(Map.entry("/", byPath.get("/")));
        while (!queue.isEmpty() && out.size() < max) {
            Map.Entry<String, Node> d = queue.poll();
            Node dir = d.getValue();
            if (dir.children.size() <= maxEntries) {
                out.add(d.getKey());
            }
            String prefix = d.getKey().equals("/") ? "/" : d.getKey() + "/";
            for (Node c : dir.children) {
                if (c.children != null && (c.attributes.permissions() & 0500) == 0500) {
                    queue.add(Map.entry(prefix + c.name, c));
                }
            }
        }
        return out;
    }

    /** An open file of an archive: a window {@code [start, start + size)} on the archive's logical stream. */
    private record ArchiveFileHandle(ArchiveReader reader, long start, long size, LongAdder reads) implements OpenFile {

        @Override
        public int read(long offset, byte[] dst, int off, int len) throws IOException {
            int[] at = {off};
            return transferTo(offset, len, (src, from, n) -> {
                System.arraycopy(src, from, dst, at[0], n);
                at[0] += n;
            });
        }

        @Override
        public int transferTo(long offset, int len, ByteSink sink) throws IOException {
            if (offset < 0) {
                throw new FsException(Errno.EINVAL, "offset " + offset, "negative offset");
            }
            reads.increment();
            if (offset >= size || len == 0) {
                return 0;
            }
            return reader.readTo(start + offset, (int) Math.min(len, size - offset), sink);
        }

        @Override
        public void close() {
            // the reader is shared by every open file and owned by whoever built the tree
        }
    }
}
