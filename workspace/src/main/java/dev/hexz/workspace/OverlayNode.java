package dev.hexz.workspace;

import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.NodeKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * One file, directory or symlink of a workspace's tree. {@code baseEntry} is its identity in the
 * base (null for a node created in the workspace): a base node moved elsewhere keeps it, which
 * is how status tells a rename from a delete and an add. Guarded by its {@link Overlay}.
 */
final class OverlayNode {

    final long inode;
    final NodeKind kind;
    int mode;
    int uid;
    int gid;
    long mtimeSeconds;
    int mtimeNanos;
    String name;
    OverlayNode parent;
    final HashMap<String, OverlayNode> children;
    int subdirectories;
    String symlinkTarget;
    FileContent content;
    ManifestEntry baseEntry;

    OverlayNode(long inode, NodeKind kind, String name, int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos) {
        this.inode = inode;
        this.kind = kind;
        this.name = name;
        this.mode = mode & 07777;
        this.uid = uid;
        this.gid = gid;
        this.mtimeSeconds = mtimeSeconds;
        this.mtimeNanos = mtimeNanos;
        this.children = kind == NodeKind.DIRECTORY ? new HashMap<>() : null;
    }

    boolean isDirectory() {
        return kind == NodeKind.DIRECTORY;
    }

    boolean isFile() {
        return kind == NodeKind.FILE;
    }

    NodeAttributes attributes() {
        long size = switch (kind) {
            case FILE -> content.size();
            case SYMLINK -> symlinkTarget.getBytes(StandardCharsets.UTF_8).length;
            case DIRECTORY -> 0;
        };
        int links = isDirectory() ? 2 + subdirectories : 1;
        return new NodeAttributes(inode, kind, mode, size, mtimeSeconds, mtimeNanos, links, uid, gid);
    }

    /** The node's path in the tree ("/" for the root), or null if it was removed. */
    String path() {
        if (parent == null) {
            return name.isEmpty() ? "/" : null;
        }
        StringBuilder b = new StringBuilder();
        OverlayNode n = this;
        while (n.parent != null) {
            b.insert(0, n.name).insert(0, '/');
            n = n.parent;
        }
        return n.name.isEmpty() ? b.toString() : null;
    }

    void attach(OverlayNode child) {
        children.put(child.name, child);
        child.parent = this;
        if (child.isDirectory()) {
            subdirectories++;
        }
    }

    void detach(OverlayNode child) {
        children.remove(child.name);
        child.parent = null;
        if (child.isDirectory()) {
            subdirectories--;
        }
    }
}
