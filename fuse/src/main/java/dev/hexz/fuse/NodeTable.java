package dev.hexz.fuse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's node ids of a low-level mount and the paths they stand for. libfuse 3's
 * low-level API names nodes by id (the root is 1) while {@link MountedTree} is addressed by
 * path; this table turns one into the other, as libfuse 2's high-level layer did for us.
 *
 * <p>A node is made by the first lookup (or create, mkdir, …) of a name under a parent and lives
 * while the kernel holds references to it: each reply that hands the kernel an id counts one,
 * {@code forget} gives them back, and at zero the id is dropped. Ids are never reused. A rename
 * moves the node (its children follow, as they name their parent by id); a removal, or a rename
 * over it, detaches it: it keeps its id until forgotten but has no path any more (ENOENT), so
 * only the handles opened on it still reach its bytes — what {@code hard_remove} did.
 *
 * <p>Thread-safe: every method holds the table's lock for a few map operations.
 */
final class NodeTable {

    /** The root's id, fixed by the FUSE protocol. */
    static final long ROOT = 1;

    private static final class Node {
        final long id;
        long parent;
        String name;
        long lookups;

        Node(long id, long parent, String name) {
            this.id = id;
            this.parent = parent;
            this.name = name;
        }

        boolean detached() {
            return name == null;
        }
    }

    /**
     * A name in a directory. Not a record: a record's equals and hashCode are bootstrapped through
     * invokedynamic and method handles, which the first lookups of a fresh mount server pay for
     * (a dozen classes spun) and which C1, the server's only compiler, runs slower than this.
     */
    private static final class Key {
        final long parent;
        final String name;

        Key(long parent, String name) {
            this.parent = parent;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.parent == parent && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(parent) * 31 + name.hashCode();
        }
    }

    private final Map<Long, Node> byId = new HashMap<>();
    private final Map<Key, Node> byName = new HashMap<>();
    private long lastId = ROOT;

    NodeTable() {
        byId.put(ROOT, new Node(ROOT, ROOT, ""));
    }

    /**
     * The id of {@code name} under {@code parent}, made if the kernel holds none, with one more
     * reference counted: call it only right before handing the id to the kernel in a reply.
     */
    synchronized long lookedUp(long parent, String name) {
        Key k = new Key(parent, name);
        Node n = byName.get(k);
        if (n == null) {
            n = new Node(++lastId, parent, name);
            byId.put(n.id, n);
            byName.put(k, n);
        }
        n.lookups++;
        return n.id;
    }

    /** The kernel gives back {@code count} references to {@code id} (forget); at zero the id goes. */
    synchronized void forget(long id, long count) {
        Node n = byId.get(id);
        if (n == null || id == ROOT) {
            return;
        }
        n.lookups -= count;
        if (n.lookups <= 0) {
            byId.remove(id);
            if (!n.detached()) {
                byName.remove(new Key(n.parent, n.name), n);
            }
        }
    }

    /** The tree path of node {@code id} ("/" for the root); ENOENT for an unknown or detached node. */
    synchronized String path(long id) throws FsException {
        if (id == ROOT) {
            return "/";
        }
        List<String> names = new ArrayList<>();
        Node n = byId.get(id);
        while (n != null && n.id != ROOT) {
            if (n.detached()) {
                throw new FsException(Errno.ENOENT, "node " + id, "removed");
            }
            names.add(n.name);
            n = byId.get(n.parent);
        }
        if (n == null) {
            throw new FsException(Errno.ENOENT, "node " + id, "not known to this mount");
        }
        StringBuilder p = new StringBuilder();
        for (int i = names.size() - 1; i >= 0; i--) {
            p.append('/').append(names.get(i));
        }
        return p.toString();
    }

    /** The tree path of {@code name} under {@code parent}. */
    synchronized String childPath(long parent, String name) throws FsException {
        String dir = path(parent);
        return dir.equals("/") ? "/" + name : dir + "/" + name;
    }

    /** {@code name} left {@code parent} (unlink, rmdir): its node, if any, is detached. */
    synchronized void removed(long parent, String name) {
        Node n = byName.remove(new Key(parent, name));
        if (n != null) {
            n.name = null;
        }
    }

    /** {@code name} under {@code parent} became {@code newName} under {@code newParent}, replacing what was there. */
    synchronized void renamed(long parent, String name, long newParent, String newName) {
        removed(newParent, newName);
        Node n = byName.remove(new Key(parent, name));
        if (n != null) {
            n.parent = newParent;
            n.name = newName;
            byName.put(new Key(newParent, newName), n);
        }
    }

    /** A node the kernel holds: its id, and where it is named (parent id and name; name null when detached). */
    record Held(long id, long parent, String name) {
    }

    /** Every node the kernel holds but the root, as of now. */
    synchronized List<Held> held() {
        List<Held> out = new ArrayList<>(byId.size());
        for (Node n : byId.values()) {
            if (n.id != ROOT) {
                out.add(new Held(n.id, n.parent, n.name));
            }
        }
        return out;
    }

    /** How many ids the kernel holds (the root included). */
    synchronized int size() {
        return byId.size();
    }
}
