package dev.hexz.workspace;

import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import dev.hexz.fuse.NodeKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes a workspace's changes from what its overlay remembers: the touched nodes, the deleted
 * base entries, and for renamed directories what moved with them. Never walks the whole tree;
 * reads file bytes only to tell a real modification from bytes rewritten identically, and then
 * only the bytes that were written.
 */
final class StatusScanner {

    private final Overlay overlay;
    private final List<FileChange> changes = new ArrayList<>();
    /** Base paths that a node occupies now (so they are not reported as deleted). */
    private final Set<String> occupied = new HashSet<>();
    private long changedBytes;

    private StatusScanner(Overlay overlay) {
        this.overlay = overlay;
    }

    /** The overlay's changes. Caller holds the overlay (synchronized) so the tree is stable. */
    static WorkspaceStatus scan(Overlay overlay, String baseArchive) throws IOException {
        StatusScanner s = new StatusScanner(overlay);
        s.run();
        s.changes.sort(Comparator.comparing(FileChange::path, ManifestPaths::compare));
        return new WorkspaceStatus(baseArchive, List.copyOf(s.changes), s.changedBytes);
    }

    private void run() throws IOException {
        Map<OverlayNode, Boolean> seen = new IdentityHashMap<>();
        List<OverlayNode> todo = new ArrayList<>(overlay.touched);
        for (int i = 0; i < todo.size(); i++) {
            OverlayNode n = todo.get(i);
            if (seen.put(n, Boolean.TRUE) != null) {
                continue;
            }
            String p = n.path();
            if (p == null) {
                continue; // removed (its base entry, if any, is in deleted)
            }
            String rel = p.substring(1);
            if (n.isDirectory() && (n.baseEntry == null || !n.baseEntry.path().equals(rel))) {
                // moved or new: what is below it moved with it
                todo.addAll(n.children.values());
            }
            examine(n, rel);
        }
        for (ManifestEntry e : overlay.deleted.values()) {
            if (!occupied.contains(e.path())) {
                changes.add(new FileChange(FileChange.Kind.DELETED, e.path(), null, e.isDirectory(), true, e.mode(), -1,
                        e.isFile() ? e.size() : -1, -1));
            }
        }
    }

    private void examine(OverlayNode n, String rel) throws IOException {
        ManifestEntry identity = n.baseEntry;
        if (identity != null && identity.path().equals(rel)) {
            occupied.add(rel);
            compare(n, rel, identity);
            return;
        }
        ManifestEntry atPath = overlay.baseManifest().find(rel).orElse(null);
        boolean pathFree = atPath != null && overlay.deleted.containsKey(rel);
        if (identity != null) {
            // a base node moved here
            boolean changed = n.isFile() && !sameBytes(n, identity);
            changes.add(new FileChange(FileChange.Kind.RENAMED, rel, identity.path(), n.isDirectory(), changed,
                    identity.mode(), n.mode, size(identity), size(n)));
            if (pathFree) {
                occupied.add(rel);
            }
            return;
        }
        if (pathFree || (atPath != null && overlay.find("/" + rel) == n && isMovedAway(atPath))) {
            // something new where the base had an entry that is gone (an editor's save-by-rename)
            occupied.add(rel);
            compare(n, rel, atPath);
            return;
        }
        changes.add(new FileChange(FileChange.Kind.ADDED, rel, null, n.isDirectory(), true, -1, n.mode, -1, size(n)));
        if (n.isFile()) {
            changedBytes += n.content.size();
        }
    }

    /** Whether the node that was base entry {@code e} now sits elsewhere. */
    private boolean isMovedAway(ManifestEntry e) {
        return !overlay.deleted.containsKey(e.path());
    }

    private void compare(OverlayNode n, String rel, ManifestEntry base) throws IOException {
        NodeKind baseKind = base.isDirectory() ? NodeKind.DIRECTORY : base.isSymlink() ? NodeKind.SYMLINK : NodeKind.FILE;
        if (baseKind != n.kind) {
            changes.add(new FileChange(FileChange.Kind.TYPE_CHANGED, rel, null, n.isDirectory(), true, base.mode(), n.mode,
                    size(base), size(n)));
            return;
        }
        boolean modified = switch (n.kind) {
            case FILE -> !sameBytes(n, base);
            case SYMLINK -> !n.symlinkTarget.equals(base.symlinkTarget());
            case DIRECTORY -> false;
        };
        if (modified) {
            changes.add(new FileChange(FileChange.Kind.MODIFIED, rel, null, false, true, base.mode(), n.mode, size(base),
                    size(n)));
            if (n.isFile()) {
                changedBytes += n.content.dirtyBytes();
            }
        } else if ((n.mode & 07777) != (base.mode() & 07777) && n.kind != NodeKind.SYMLINK) {
            changes.add(new FileChange(FileChange.Kind.MODE_CHANGED, rel, null, n.isDirectory(), false, base.mode(),
                    n.mode, size(base), size(n)));
        }
    }

    private static long size(ManifestEntry e) {
        return e.isFile() ? e.size() : -1;
    }

    private static long size(OverlayNode n) {
        return n.isFile() ? n.content.size() : -1;
    }

    /** Whether the node's bytes equal base entry {@code e}'s, reading only what may differ. */
    private boolean sameBytes(OverlayNode n, ManifestEntry e) throws IOException {
        FileContent c = n.content;
        try {
            if (c.size() != e.size()) {
                return false;
            }
            BaseFile b = c.base();
            boolean sameBase = b != null && b.logicalOffset() == e.logicalOffset() && b.size() == e.size()
                    && b.reader() == overlay.base();
            if (sameBase && c.untouched()) {
                return true;
            }
            FileContent.Snapshot s = c.snapshot();
            List<long[]> ranges = new ArrayList<>();
            if (sameBase) {
                ranges.addAll(s.dirty());
                if (s.baseLimit() < s.size()) {
                    ranges.add(new long[] {s.baseLimit(), s.size()});
                }
            } else {
                ranges.add(new long[] {0, s.size()});
            }
            BaseFile original = new BaseFile(overlay.baseArchive(), e.logicalOffset(), e.size());
            byte[] now = new byte[1 << 20];
            byte[] was = new byte[1 << 20];
            for (long[] r : ranges) {
                for (long pos = r[0]; pos < r[1]; ) {
                    int len = (int) Math.min(now.length, r[1] - pos);
                    int a = c.read(pos, now, 0, len);
                    int b2 = original.read(pos, was, 0, len);
                    if (a != len || b2 != len || !Arrays.equals(now, 0, len, was, 0, len)) {
                        return false;
                    }
                    pos += len;
                }
            }
            return true;
        } finally {
            c.closeIfIdle();
        }
    }
}
