package dev.hexz.workspace;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.fuse.Caller;
import dev.hexz.fuse.DirectoryEntry;
import dev.hexz.fuse.Errno;
import dev.hexz.fuse.FsException;
import dev.hexz.fuse.FsStatistics;
import dev.hexz.fuse.MountedTree;
import dev.hexz.fuse.NodeAttributes;
import dev.hexz.fuse.NodeKind;
import dev.hexz.fuse.OpenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A workspace's writable tree: the base archive's tree with the upper layer's changes on top.
 * Reads of untouched files go to the archive chain; every change goes to the upper layer and
 * its journal before it is acknowledged. It remembers which nodes changed ({@link #touched}) and
 * which base entries are gone ({@link #deleted}), so status costs time in proportion to the
 * changes, not to the tree.
 *
 * <p>Structure changes are serialised on this object; file contents have their own locks.
 * {@link #freeze()} makes writers wait (not fail) while a commit reads a stable tree.
 *
 * <p>The journal's order is the order changes take effect: every record is appended while
 * holding this object's lock, with the change's paths computed under that same lock, so a write
 * racing a rename is journalled under the name its file has at that moment, before or after the
 * rename as it took effect. A file's bytes are written to its data file before (and outside)
 * that lock, so writes to different files stay parallel; per file, a write's or truncation's
 * steps are held together by the file's own mutation lock. Lock order: freeze, a file's mutation
 * lock, this object, a file's content lock, the journal.
 *
 * <p>The overlay owns its base's reader ({@link BaseArchive}): after a commit moved it onto a new
 * base, the old reader is closed as soon as no open file reads through it any more.
 */
public final class Overlay implements MountedTree, AutoCloseable {

    private static final int NAME_MAX = 255;
    private static final int O_ACCMODE = 03;
    private static final int O_WRONLY = 01;
    private static final int O_RDWR = 02;
    private static final int O_TRUNC = 01000;

    private final ReentrantReadWriteLock freeze = new ReentrantReadWriteLock();
    private final AtomicLong nextInode = new AtomicLong(1);
    private final int ownerUid;
    private final int ownerGid;
    private final String streamName;
    private BaseArchive base;
    /** Earlier bases that open files may still read through (each closes with its last user). */
    private final List<BaseArchive> retired = new ArrayList<>();
    private Manifest baseManifest;
    private UpperLayer upper;
    private OverlayNode root;
    /** Nodes created, changed, moved or chmodded since the base (a removed one leaves). */
    final Set<OverlayNode> touched = ConcurrentHashMap.newKeySet();
    /** Base entries removed from the tree, by their base path ("a/b"). */
    final Map<String, ManifestEntry> deleted = new HashMap<>();
    /** The node that is each base entry, by base path; a removed or restored-over node leaves it. */
    private final Map<String, OverlayNode> byBasePath = new HashMap<>();
    private boolean replaying;

    private Overlay(ArchiveReader base, UpperLayer upper, String streamName, int ownerUid, int ownerGid) {
        this.streamName = streamName;
        this.ownerUid = ownerUid;
        this.ownerGid = ownerGid;
        this.upper = upper;
        this.base = new BaseArchive(base);
    }

    /**
     * The tree of {@code base} with {@code upper}'s journal replayed on it. {@code streamName}
     * names the one file of an archive packed from a stream. Base nodes belong to
     * {@code ownerUid}/{@code ownerGid} (archives record modes, not owners). The overlay takes
     * {@code base} and {@code upper} over: it closes them (also if it fails to open).
     */
    public static Overlay open(ArchiveReader base, UpperLayer upper, String streamName, int ownerUid, int ownerGid)
            throws IOException {
        Overlay o = new Overlay(base, upper, streamName, ownerUid, ownerGid);
        try {
            o.build();
            o.replay(Journal.read(upper.journal().path()));
            o.deleteUnusedDataFiles();
        } catch (IOException | RuntimeException e) {
            try {
                o.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return o;
    }

    /** The base archive. */
    public ArchiveReader base() {
        return base.reader();
    }

    BaseArchive baseArchive() {
        return base;
    }

    Manifest baseManifest() {
        return baseManifest;
    }

    UpperLayer upper() {
        return upper;
    }

    OverlayNode root() {
        return root;
    }

    /** Whether the base is a directory archive (else a file or stream archive shown as one file). */
    boolean baseIsDirectory() {
        return base.reader().header().isDirectory();
    }

    String streamName() {
        return streamName;
    }

    // ---- building from the base ----

    private void build() throws IOException {
        nextInode.set(1);
        byBasePath.clear();
        touched.clear();
        deleted.clear();
        long rootMtime = base.reader().header().createdMillis() / 1000;
        root = new OverlayNode(nextInode.getAndIncrement(), NodeKind.DIRECTORY, "", 0755, ownerUid, ownerGid, rootMtime, 0);
        baseManifest = baseManifestOf(base.reader(), streamName);
        for (ManifestEntry e : baseManifest.entries()) {
            OverlayNode parent = ensureBaseDirectories(e.parentPath(), rootMtime);
            OverlayNode existing = parent.children.get(e.name());
            if (existing != null) {
                // a directory created above for a deeper entry, now listed itself: take its attributes
                existing.mode = e.mode();
                existing.mtimeSeconds = e.mtimeSeconds();
                existing.mtimeNanos = e.mtimeNanos();
                existing.baseEntry = e;
                byBasePath.put(e.path(), existing);
                continue;
            }
            OverlayNode n = nodeOf(e);
            parent.attach(n);
            byBasePath.put(e.path(), n);
        }
    }

    /** The base's entries; an archive of a stream shows one file named {@code streamName}. */
    static Manifest baseManifestOf(ArchiveReader reader, String streamName) throws IOException {
        Manifest m = reader.manifest();
        if (!reader.header().isDirectory() && m.size() == 0) {
            return new Manifest(List.of(ManifestEntry.file(streamName, 0644, reader.header().createdMillis() / 1000, 0,
                    reader.size(), 0)));
        }
        return m;
    }

    private OverlayNode nodeOf(ManifestEntry e) {
        NodeKind kind = e.isDirectory() ? NodeKind.DIRECTORY : e.isSymlink() ? NodeKind.SYMLINK : NodeKind.FILE;
        OverlayNode n = new OverlayNode(nextInode.getAndIncrement(), kind, e.name(), e.mode(), ownerUid, ownerGid,
                e.mtimeSeconds(), e.mtimeNanos());
        n.baseEntry = e;
        if (kind == NodeKind.SYMLINK) {
            n.symlinkTarget = e.symlinkTarget();
        } else if (kind == NodeKind.FILE) {
            n.content = FileContent.ofBase(new BaseFile(base, e.logicalOffset(), e.size()), upper);
        }
        return n;
    }

    private OverlayNode ensureBaseDirectories(String dirPath, long mtime) {
        OverlayNode d = root;
        if (dirPath.isEmpty()) {
            return d;
        }
        for (String part : dirPath.split("/")) {
            OverlayNode c = d.children.get(part);
            if (c == null) {
                c = new OverlayNode(nextInode.getAndIncrement(), NodeKind.DIRECTORY, part, 0755, ownerUid, ownerGid, mtime,
                        0);
                d.attach(c);
            }
            d = c;
        }
        return d;
    }

    // ---- replay ----

    private void replay(List<JournalRecord> records) throws IOException {
        replaying = true;
        try {
            for (JournalRecord r : records) {
                try {
                    apply(r);
                } catch (FsException e) {
                    throw new WorkspaceStateException(upper.journal().path() + ": journal record " + r
                            + " does not apply to the tree it describes: " + e.getMessage(), e);
                }
            }
        } finally {
            replaying = false;
        }
    }

    private void apply(JournalRecord r) throws IOException {
        Caller c;
        if (r instanceof JournalRecord.CreateFile f) {
            OverlayNode n = createNode(f.path(), NodeKind.FILE, f.mode(), f.uid(), f.gid(), f.mtimeSeconds(),
                    f.mtimeNanos(), null);
            n.content = FileContent.empty(upper);
        } else if (r instanceof JournalRecord.MakeDirectory d) {
            createNode(d.path(), NodeKind.DIRECTORY, d.mode(), d.uid(), d.gid(), d.mtimeSeconds(), d.mtimeNanos(), null);
        } else if (r instanceof JournalRecord.MakeSymlink l) {
            createNode(l.path(), NodeKind.SYMLINK, 0777, l.uid(), l.gid(), l.mtimeSeconds(), l.mtimeNanos(), l.target());
        } else if (r instanceof JournalRecord.Remove d) {
            OverlayNode n = resolve(d.path());
            detach(n);
        } else if (r instanceof JournalRecord.Rename m) {
            rename(m.from(), m.to());
        } else if (r instanceof JournalRecord.ChangeMode m) {
            changeMode(m.path(), m.mode());
        } else if (r instanceof JournalRecord.ChangeOwner o) {
            changeOwner(o.path(), o.uid(), o.gid());
        } else if (r instanceof JournalRecord.SetMtime t) {
            setModificationTime(t.path(), t.seconds(), t.nanos());
        } else if (r instanceof JournalRecord.Truncate t) {
            OverlayNode n = file(t.path());
            n.content.applyTruncate(t.size());
            n.mtimeSeconds = t.mtimeSeconds();
            n.mtimeNanos = t.mtimeNanos();
            touched.add(n);
        } else if (r instanceof JournalRecord.Write w) {
            OverlayNode n = file(w.path());
            n.content.replayWrite(w.dataFile(), w.offset(), w.length());
            n.mtimeSeconds = w.mtimeSeconds();
            n.mtimeNanos = w.mtimeNanos();
            touched.add(n);
        } else if (r instanceof JournalRecord.Restore x) {
            restore(x.path());
        }
    }

    /**
     * After a replay, deletes the data files no file of the tree uses. Replay itself deletes
     * nothing (a journal it refuses leaves every file as it was); it needs no bytes of a removed
     * file, so whether a crash came before or after a data file's deletion makes no difference.
     */
    private void deleteUnusedDataFiles() throws IOException {
        Set<Integer> used = new HashSet<>();
        collectDataFiles(root, used);
        upper.deleteDataFilesExcept(used);
    }

    private static void collectDataFiles(OverlayNode n, Set<Integer> used) {
        if (n.isFile()) {
            int k = n.content.dataFile();
            if (k >= 0) {
                used.add(k);
            }
        } else if (n.isDirectory()) {
            for (OverlayNode c : n.children.values()) {
                collectDataFiles(c, used);
            }
        }
    }

    private void journal(JournalRecord r) throws IOException {
        if (!replaying) {
            upper.journal().append(r);
        }
    }

    // ---- lookups ----

    /** The node at {@code path}, or ENOENT / ENOTDIR. */
    synchronized OverlayNode resolve(String path) throws FsException {
        OverlayNode n = root;
        int i = 1;
        int len = path.length();
        while (i < len) {
            int slash = path.indexOf('/', i);
            int end = slash < 0 ? len : slash;
            if (end > i) {
                if (!n.isDirectory()) {
                    throw FsException.notADirectory(path);
                }
                n = n.children.get(path.substring(i, end));
                if (n == null) {
                    throw FsException.notFound(path);
                }
            }
            i = end + 1;
        }
        return n;
    }

    /** The node at {@code path}, or null. */
    synchronized OverlayNode find(String path) {
        try {
            return resolve(path);
        } catch (FsException e) {
            return null;
        }
    }

    private OverlayNode file(String path) throws FsException {
        OverlayNode n = resolve(path);
        if (n.isDirectory()) {
            throw FsException.isADirectory(path);
        }
        if (!n.isFile()) {
            throw FsException.invalid(path, "not a regular file");
        }
        return n;
    }

    private OverlayNode parentDirectory(String path) throws FsException {
        int slash = path.lastIndexOf('/');
        if (slash < 0 || path.length() == 1) {
            throw FsException.invalid(path, "not a path in the tree");
        }
        OverlayNode d = resolve(slash == 0 ? "/" : path.substring(0, slash));
        if (!d.isDirectory()) {
            throw FsException.notADirectory(path);
        }
        return d;
    }

    private static String nameOf(String path) throws FsException {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            throw FsException.nameTooLong(path);
        }
        return name;
    }

    // ---- MountedTree: reads ----

    @Override
    public NodeAttributes attributes(String path) throws IOException {
        OverlayNode n = resolve(path);
        synchronized (this) {
            return n.attributes();
        }
    }

    @Override
    public List<DirectoryEntry> list(String path) throws IOException {
        synchronized (this) {
            OverlayNode d = resolve(path);
            if (!d.isDirectory()) {
                throw FsException.notADirectory(path);
            }
            List<DirectoryEntry> out = new ArrayList<>(d.children.size());
            for (OverlayNode c : d.children.values()) {
                out.add(new DirectoryEntry(c.name, c.attributes()));
            }
            return out;
        }
    }

    @Override
    public synchronized String readSymlink(String path) throws IOException {
        OverlayNode n = resolve(path);
        if (n.kind != NodeKind.SYMLINK) {
            throw FsException.invalid(path, "not a symlink");
        }
        return n.symlinkTarget;
    }

    @Override
    public OpenFile open(String path, int flags) throws IOException {
        OverlayNode n;
        synchronized (this) {
            n = resolve(path);
            if (n.isDirectory()) {
                throw FsException.isADirectory(path);
            }
            if (!n.isFile()) {
                throw FsException.invalid(path, "not a regular file");
            }
        }
        boolean writable = (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
        if (writable && (flags & O_TRUNC) != 0) {
            truncate(n, 0); // the file just looked up, even if a rename has moved it since
        }
        return new OverlayHandle(this, n, writable);
    }

    @Override
    public FsStatistics statistics() throws IOException {
        FileStore store = Files.getFileStore(upper.dir());
        long bsize = 4096;
        long free = store.getUsableSpace() / bsize;
        long total = (store.getTotalSpace() + base.reader().size()) / bsize;
        return new FsStatistics((int) bsize, total, free, free, nextInode.get(), 1L << 32, NAME_MAX);
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    // ---- MountedTree: changes ----

    /** Runs a change while no commit holds the tree frozen (a writer waits for the commit). */
    <T> T changing(IoSupplier<T> change) throws IOException {
        freeze.readLock().lock();
        try {
            return change.get();
        } finally {
            freeze.readLock().unlock();
        }
    }

    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Holds every change back until the returned lock is released: a commit's stable view. */
    AutoCloseable freeze() {
        freeze.writeLock().lock();
        return () -> freeze.writeLock().unlock();
    }

    @Override
    public OpenFile create(String path, int mode, int flags, Caller caller) throws IOException {
        OverlayNode n = changing(() -> {
            synchronized (this) {
                Instant now = Instant.now();
                checkNew(path); // before journaling: a refused create must leave no record behind
                journal(new JournalRecord.CreateFile(path, mode, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano()));
                OverlayNode c = createNode(path, NodeKind.FILE, mode, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano(), null);
                c.content = FileContent.empty(upper);
                return c;
            }
        });
        return new OverlayHandle(this, n, true);
    }

    @Override
    public void makeDirectory(String path, int mode, Caller caller) throws IOException {
        changing(() -> {
            synchronized (this) {
                Instant now = Instant.now();
                checkNew(path);
                journal(new JournalRecord.MakeDirectory(path, mode, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano()));
                return createNode(path, NodeKind.DIRECTORY, mode, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano(), null);
            }
        });
    }

    @Override
    public void makeSymlink(String target, String path, Caller caller) throws IOException {
        changing(() -> {
            synchronized (this) {
                Instant now = Instant.now();
                checkNew(path);
                journal(new JournalRecord.MakeSymlink(path, target, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano()));
                return createNode(path, NodeKind.SYMLINK, 0777, caller.uid(), caller.gid(), now.getEpochSecond(),
                        now.getNano(), target);
            }
        });
    }

    private void checkNew(String path) throws FsException {
        OverlayNode parent = parentDirectory(path);
        String name = nameOf(path);
        if (parent.children.containsKey(name)) {
            throw FsException.exists(path);
        }
    }

    private OverlayNode createNode(String path, NodeKind kind, int mode, int uid, int gid, long mtimeSeconds,
            int mtimeNanos, String symlinkTarget) throws FsException {
        OverlayNode parent = parentDirectory(path);
        String name = nameOf(path);
        if (parent.children.containsKey(name)) {
            throw FsException.exists(path);
        }
        OverlayNode n = new OverlayNode(nextInode.getAndIncrement(), kind, name, mode, uid, gid, mtimeSeconds, mtimeNanos);
        n.symlinkTarget = symlinkTarget;
        parent.attach(n);
        touched.add(n);
        return n;
    }

    @Override
    public void remove(String path) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(path);
                if (n.isDirectory()) {
                    throw FsException.isADirectory(path);
                }
                journal(new JournalRecord.Remove(path));
                detach(n);
                return null;
            }
        });
    }

    @Override
    public void removeDirectory(String path) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(path);
                if (!n.isDirectory()) {
                    throw FsException.notADirectory(path);
                }
                if (n == root) {
                    throw new FsException(Errno.EBUSY, path, "the workspace's root cannot be removed");
                }
                if (!n.children.isEmpty()) {
                    throw FsException.notEmpty(path);
                }
                journal(new JournalRecord.Remove(path));
                detach(n);
                return null;
            }
        });
    }

    /**
     * Takes {@code n} (and what is below it) out of the tree; base entries among them become
     * deleted, and files among them let go of their data files (the caller journalled the change).
     */
    private void detach(OverlayNode n) {
        n.parent.detach(n);
        forget(n);
    }

    private void forget(OverlayNode n) {
        touched.remove(n);
        if (n.isFile() && !replaying) {
            // replay deletes nothing: the data files it leaves unused go after it succeeded
            n.content.leftTree();
        }
        if (n.baseEntry != null) {
            deleted.put(n.baseEntry.path(), n.baseEntry);
            byBasePath.remove(n.baseEntry.path(), n);
        }
        if (n.isDirectory()) {
            for (OverlayNode c : n.children.values()) {
                forget(c);
            }
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(from);
                OverlayNode target = parentDirectory(to);
                String name = nameOf(to);
                if (n == root) {
                    throw new FsException(Errno.EBUSY, from, "the workspace's root cannot be renamed");
                }
                if (n.isDirectory()) {
                    for (OverlayNode a = target; a != null; a = a.parent) {
                        if (a == n) {
                            throw FsException.invalid(to, "a directory cannot move into itself");
                        }
                    }
                }
                OverlayNode existing = target.children.get(name);
                if (existing == n) {
                    return null;
                }
                if (existing != null) {
                    if (n.isDirectory() && !existing.isDirectory()) {
                        throw FsException.notADirectory(to);
                    }
                    if (!n.isDirectory() && existing.isDirectory()) {
                        throw FsException.isADirectory(to);
                    }
                    if (existing.isDirectory() && !existing.children.isEmpty()) {
                        throw FsException.notEmpty(to);
                    }
                }
                journal(new JournalRecord.Rename(from, to));
                if (existing != null) {
                    detach(existing);
                }
                n.parent.detach(n);
                n.name = name;
                target.attach(n);
                touched.add(n);
                return null;
            }
        });
    }

    @Override
    public void link(String existing, String newPath) throws IOException {
        throw FsException.notPermitted(newPath, "hard links are not supported in a workspace");
    }

    @Override
    public void changeMode(String path, int mode) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(path);
                journal(new JournalRecord.ChangeMode(path, mode));
                n.mode = mode & 07777;
                touched.add(n);
                return null;
            }
        });
    }

    @Override
    public void changeOwner(String path, int uid, int gid) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(path);
                journal(new JournalRecord.ChangeOwner(path, uid, gid));
                if (uid != -1) {
                    n.uid = uid;
                }
                if (gid != -1) {
                    n.gid = gid;
                }
                touched.add(n);
                return null;
            }
        });
    }

    @Override
    public void setModificationTime(String path, long seconds, int nanos) throws IOException {
        changing(() -> {
            synchronized (this) {
                OverlayNode n = resolve(path);
                journal(new JournalRecord.SetMtime(path, seconds, nanos));
                n.mtimeSeconds = seconds;
                n.mtimeNanos = nanos;
                touched.add(n);
                return null;
            }
        });
    }

    @Override
    public void truncate(String path, long size) throws IOException {
        if (size < 0) {
            throw FsException.invalid(path, "negative size");
        }
        OverlayNode n;
        synchronized (this) {
            n = file(path);
        }
        truncate(n, size);
    }

    /** Truncates the file {@code n} (through a handle: wherever it is now, or removed). */
    void truncate(OverlayNode n, long size) throws IOException {
        if (size < 0) {
            throw FsException.invalid(n.name, "negative size");
        }
        changing(() -> {
            FileContent c = n.content;
            c.lockMutation();
            try {
                synchronized (this) {
                    // the path is taken, and the record appended, under the lock renames and removals take
                    journalFileChange(n, (path, now) -> new JournalRecord.Truncate(path, size, now.getEpochSecond(),
                            now.getNano()));
                }
                c.truncate(size);
            } finally {
                c.unlockMutation();
            }
            return null;
        });
    }

    /** Writes the bytes remaining in {@code src} at {@code offset} of file {@code n}; returns how many. */
    int write(OverlayNode n, long offset, java.nio.ByteBuffer src) throws IOException {
        int len = src.remaining();
        return changing(() -> {
            FileContent c = n.content;
            c.lockMutation();
            try {
                UpperLayer current;
                boolean removed;
                synchronized (this) {
                    current = upper;
                    removed = n.path() == null;
                }
                if (removed) {
                    // removed while open: its bytes go to the current upper layer, unjournaled (a commit
                    // or reset since may have deleted the layer it was opened in)
                    c.followUpper(current);
                }
                // the bytes first, outside the overlay's lock: writes to other files go on meanwhile
                int dataFile = c.writeData(offset, src);
                synchronized (this) {
                    // then the record, with the path the file has now: renames and removals take this lock
                    // too, so none can come between the path and the record
                    journalFileChange(n, (path, now) -> new JournalRecord.Write(path, dataFile, offset, len,
                            now.getEpochSecond(), now.getNano()));
                }
                c.applyWrite(offset, len);
                return len;
            } finally {
                c.unlockMutation();
            }
        });
    }

    /**
     * Journals a change to file {@code n}'s bytes (unless it was removed: nobody can reach it to
     * replay) and sets its mtime to the record's. Caller holds this object's lock and the file's
     * mutation lock.
     */
    private void journalFileChange(OverlayNode n, FileRecord record) throws IOException {
        Instant now = Instant.now();
        String path = n.path();
        if (path != null) {
            journal(record.of(path, now));
            touched.add(n);
        }
        n.mtimeSeconds = now.getEpochSecond();
        n.mtimeNanos = now.getNano();
    }

    /** The journal record of a change to a file's bytes, made at {@code now} to the file at {@code path}. */
    private interface FileRecord {
        JournalRecord of(String path, Instant now);
    }

    // ---- restore ----

    /**
     * Puts {@code path} (and everything below it) back as the base has it: what is there now is
     * removed, the base's entries are put back. A path the base does not have is just removed.
     */
    public void restorePath(String path) throws IOException {
        String p = canonicalPath(path);
        changing(() -> {
            synchronized (this) {
                checkRestorable(p); // before journaling: a refused restore must leave no record behind
                journal(new JournalRecord.Restore(p));
                restore(p);
                return null;
            }
        });
    }

    /** {@code path} as the tree names it: "/a/b" for "a/b", "/a//b/" …; "." and ".." parts are refused. */
    private static String canonicalPath(String path) throws FsException {
        StringBuilder b = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.equals(".") || part.equals("..")) {
                throw FsException.invalid(path, "not a path in the tree (no . or .. parts)");
            }
            b.append('/').append(part);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    /** Throws what {@link #restore} would throw, changing nothing. */
    private void checkRestorable(String path) throws FsException {
        if (path.equals("/")) {
            throw FsException.invalid(path, "restore the whole tree with reset");
        }
        ManifestEntry e = baseManifest.find(path.substring(1)).orElse(null);
        if (e == null || e.parentPath().isEmpty()) {
            return;
        }
        OverlayNode d = root;
        StringBuilder p = new StringBuilder();
        for (String part : e.parentPath().split("/")) {
            p.append('/').append(part);
            OverlayNode c = d.children.get(part);
            if (c == null) {
                return; // missing from here down: restore puts the directories back
            }
            if (!c.isDirectory()) {
                throw FsException.notADirectory(p.toString());
            }
            d = c;
        }
    }

    private void restore(String path) throws FsException {
        String rel = path.equals("/") ? "" : path.substring(1);
        if (rel.isEmpty()) {
            throw FsException.invalid(path, "restore the whole tree with reset");
        }
        OverlayNode current = find(path);
        if (current != null) {
            detach(current);
        }
        ManifestEntry e = baseManifest.find(rel).orElse(null);
        if (e == null) {
            return;
        }
        OverlayNode parent = restoreDirectories(e.parentPath());
        putBack(parent, e);
        if (e.isDirectory()) {
            String prefix = rel + "/";
            for (ManifestEntry d : baseManifest.entries()) {
                if (d.path().startsWith(prefix)) {
                    OverlayNode p = find("/" + d.parentPath());
                    putBack(p, d);
                }
            }
        }
    }

    /** Makes sure the base directories of {@code dir} ("a/b") exist, putting back missing ones. */
    private OverlayNode restoreDirectories(String dir) throws FsException {
        OverlayNode d = root;
        if (dir.isEmpty()) {
            return d;
        }
        StringBuilder p = new StringBuilder();
        for (String part : dir.split("/")) {
            if (p.length() > 0) {
                p.append('/');
            }
            p.append(part);
            OverlayNode c = d.children.get(part);
            if (c == null) {
                ManifestEntry e = baseManifest.find(p.toString()).orElse(null);
                if (e == null) {
                    c = new OverlayNode(nextInode.getAndIncrement(), NodeKind.DIRECTORY, part, 0755, ownerUid, ownerGid, 0,
                            0);
                    d.attach(c);
                    touched.add(c);
                } else {
                    c = putBack(d, e);
                }
            } else if (!c.isDirectory()) {
                throw FsException.notADirectory("/" + p);
            }
            d = c;
        }
        return d;
    }

    private OverlayNode putBack(OverlayNode parent, ManifestEntry e) {
        OverlayNode elsewhere = byBasePath.get(e.path());
        if (elsewhere != null) {
            // the base entry was moved away and stays there: as a copy now, no longer the entry itself
            elsewhere.baseEntry = null;
            touched.add(elsewhere);
        }
        OverlayNode n = nodeOf(e);
        OverlayNode old = parent.children.get(n.name);
        if (old != null) {
            detach(old);
        }
        parent.attach(n);
        byBasePath.put(e.path(), n);
        deleted.remove(e.path());
        return n;
    }

    // ---- after a commit ----

    /**
     * Moves the tree onto {@code newBase}, which holds exactly what the tree holds now (a commit
     * just wrote it): every node becomes that base's entry at its path, unchanged; the upper
     * layer is {@code newUpper}. Nodes keep their inode numbers. Caller holds the tree frozen.
     * The overlay takes {@code newBase} over; the old base is closed once no open file reads
     * through it.
     */
    synchronized void rebase(ArchiveReader newBase, UpperLayer newUpper) throws IOException {
        Manifest manifest;
        try {
            manifest = baseManifestOf(newBase, streamName);
        } catch (IOException | RuntimeException e) {
            newBase.close(); // taken over, even when refused
            throw e;
        }
        BaseArchive old = this.base;
        this.base = new BaseArchive(newBase);
        this.upper = newUpper;
        this.baseManifest = manifest;
        byBasePath.clear();
        touched.clear();
        deleted.clear();
        Map<String, ManifestEntry> entries = new HashMap<>(baseManifest.size() * 2);
        for (ManifestEntry e : baseManifest.entries()) {
            entries.put(e.path(), e);
        }
        rebase(root, "", entries);
        // every node of the tree reads the new base now; files open from before that left the tree
        // still read the old one, which closes when the last of them does
        retired.removeIf(a -> !a.isOpen());
        old.release();
        if (old.isOpen()) {
            retired.add(old);
        }
    }

    private void rebase(OverlayNode n, String rel, Map<String, ManifestEntry> entries) throws IOException {
        if (n != root) {
            ManifestEntry e = entries.get(rel);
            n.baseEntry = e;
            if (e != null) {
                byBasePath.put(rel, n);
            }
            if (n.isFile()) {
                n.content.rebase(e == null ? null : new BaseFile(base, e.logicalOffset(), e.size()), upper);
            }
        }
        if (n.isDirectory()) {
            for (OverlayNode c : n.children.values()) {
                rebase(c, rel.isEmpty() ? c.name : rel + "/" + c.name, entries);
            }
        }
    }

    /** Drops every change: the tree is the base's again, on {@code newUpper}. Caller holds the tree frozen. */
    synchronized void reset(UpperLayer newUpper) throws IOException {
        this.upper = newUpper;
        // the old nodes leave the tree: a handle still open on one is on a removed file now (and
        // deletes its data file, if the old layer still has it, when it closes)
        for (OverlayNode c : new ArrayList<>(root.children.values())) {
            detach(c);
        }
        build();
    }

    /** Closes the upper layer and every base reader, also those open files still read through. */
    @Override
    public void close() throws IOException {
        try {
            upper.close();
        } finally {
            synchronized (this) {
                base.close();
                for (BaseArchive a : retired) {
                    a.close();
                }
                retired.clear();
            }
        }
    }
}
