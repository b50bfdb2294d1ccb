package dev.hexz.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.AncestorRef;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.codec.CodecId;
import dev.hexz.store.ThinWriteStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * An open workspace: its state, its lock, and its overlay. One process at a time opens a
 * workspace (the daemon while it is mounted, else the command itself). Opening finishes or
 * discards a commit that a crash interrupted: afterwards the workspace is either on its old base
 * with every change, or on the new archive with none left over.
 */
public final class Workspace implements WorkspaceOperations {

    private final WorkspaceLayout layout;
    private final WorkspaceLock lock;
    private final ReentrantLock operation = new ReentrantLock();
    private volatile String operationHolder = "";
    private WorkspaceState state;
    private final Overlay overlay;
    private Path finishedInterrupted;

    private Workspace(WorkspaceLayout layout, WorkspaceLock lock, WorkspaceState state, Overlay overlay,
            Path finishedInterrupted) {
        this.layout = layout;
        this.lock = lock;
        this.state = state;
        this.overlay = overlay;
        this.finishedInterrupted = finishedInterrupted;
    }

    /**
     * Opens workspace {@code id} for this process ({@code command} names it to others who find it
     * locked). Base nodes belong to {@code uid}/{@code gid}.
     */
    public static Workspace open(WorkspaceLayout layout, String id, String command, int uid, int gid) throws IOException {
        if (!Files.isRegularFile(layout.state(id))) {
            throw new WorkspaceStateException(layout.dir(id) + ": no workspace state there (state.json is missing)");
        }
        WorkspaceState s0 = StateFile.read(layout.state(id));
        WorkspaceLock lock = WorkspaceLock.acquire(layout.lock(id), s0.name(), command);
        try {
            // a commit killed while writing commit.pending or state.json leaves its .tmp beside it;
            // harmless (the next write truncates it) but a stray file: the lock holder removes it
            StateFile.deleteLeftoverTemporary(layout.state(id));
            StateFile.deleteLeftoverTemporary(layout.pendingCommit(id));
            WorkspaceState s = StateFile.read(layout.state(id));
            Path finished = recoverCommit(layout, s);
            if (finished != null) {
                s = StateFile.read(layout.state(id));
            }
            removeOtherGenerations(layout, s);
            ArchiveReader base = openBase(s);
            UpperLayer upper;
            try {
                upper = UpperLayer.open(layout.upper(id, s.generation()));
            } catch (IOException | RuntimeException e) {
                base.close();
                throw e;
            }
            Overlay overlay = Overlay.open(base, upper, CommitNaming.stem(s.base()), uid, gid);
            return new Workspace(layout, lock, s, overlay, finished);
        } catch (CorruptJournalException e) {
            lock.close();
            throw e.inWorkspace(s0.mountPoint());
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static ArchiveReader openBase(WorkspaceState s) throws IOException {
        ArchiveReader r = ArchiveReader.open(s.base(), ArchiveKeys.baseOptions());
        String id = r.header().archiveId().toString();
        if (!id.equals(s.baseId())) {
            r.close();
            throw new WorkspaceStateException(s.base() + ": this is not the workspace's base any more (archive id " + id
                    + ", the workspace was checked out from " + s.baseId() + "); put the original archive back");
        }
        return r;
    }

    public WorkspaceState state() {
        return state;
    }

    public Overlay overlay() {
        return overlay;
    }

    /** The archive of a commit a crash had interrupted and opening finished, or null. */
    public Path finishedInterrupted() {
        return finishedInterrupted;
    }

    // ---- status ----

    @Override
    public WorkspaceStatus status() throws IOException {
        synchronized (overlay) {
            return StatusScanner.scan(overlay, state.base().toString());
        }
    }

    // ---- commit ----

    /**
     * Writes the changes as a thin archive of the base ({@code output}, or the next numbered name
     * beside the base), records it in the block store, and moves the workspace onto it. Writers
     * wait meanwhile. {@code who} names the caller if another operation has to refuse.
     */
    @Override
    public CommitResult commit(String message, Path output, String user, String who) throws IOException {
        begin(who);
        try (AutoCloseable frozen = overlay.freeze()) {
            WorkspaceStatus st = status();
            if (st.clean()) {
                Path finished = finishedInterrupted;
                finishedInterrupted = null;
                return new CommitResult(null, 0, 0, List.of(), finished, List.of());
            }
            checkChainOnDisk(overlay.base());
            Path out = (output != null ? output : CommitNaming.next(state.base())).toAbsolutePath().normalize();
            if (Files.exists(out)) {
                throw new java.nio.file.FileAlreadyExistsException(out.toString(), null,
                        "exists; choose another name with -o");
            }
            List<String> warnings = new ArrayList<>();
            writePending(out);
            ArchiveSummary summary;
            try {
                synchronized (storeMonitor) {
                    try (ThinWriteStore store = ThinWriteStore.open(overlay.base(), warnings::add)) {
                        summary = CommitWriter.write(overlay, out, optionsFor(overlay.base()), store.lookup(),
                                metadata(message, user));
                        store.record(out);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(layout.pendingCommit(state.id()));
                throw e;
            }
            moveOnto(out);
            Path finished = finishedInterrupted;
            finishedInterrupted = null;
            return new CommitResult(out, summary.bytesStored(), Files.size(out), st.changes(), finished, warnings);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            end();
        }
    }

    /**
     * The chain as the new archive will name it: each archive still at its path and still the same
     * archive. The workspace reads through files it opened when it was mounted, so a base deleted
     * or replaced since goes unnoticed until the new archive, already published, cannot be opened:
     * a commit then would leave an archive whose parent is gone (and another at each retry).
     */
    private void checkChainOnDisk(ArchiveReader base) throws IOException {
        checkOnDisk(state.base(), base.header().archiveId(), "base");
        for (AncestorRef a : base.ancestors()) {
            checkOnDisk(base.ancestorPath(a.depth()), a.id(), "base's ancestor");
        }
    }

    private static void checkOnDisk(Path path, ArchiveId expected, String what) throws IOException {
        String fix = "; put it back to commit, or drop the changes with 'hexz workspace remove --force'";
        try (ArchiveReader r = ArchiveReader.openWithoutAncestors(path, ArchiveKeys.options())) {
            if (!r.header().archiveId().equals(expected)) {
                throw new WorkspaceStateException(path + ": no longer the workspace's " + what + " (archive "
                        + r.header().archiveId() + " is there now, not " + expected + ")" + fix);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new WorkspaceStateException(path + ": the workspace's " + what + " is gone (no such file)" + fix, e);
        }
    }

    /** Held while this process has the block store open: RocksDB allows one opening per process. */
    private final Object storeMonitor = new Object();

    /**
     * Records the base's chain in the block store now, if the store does not know it yet, so
     * that the first commit does not have to (for a base of 50,000 files ~1 s, which a commit
     * would otherwise spend before writing anything). The daemon calls it in the background once
     * it is mounted. Quiet: a store that cannot be used now is the commit's to report.
     */
    public void prepareStore() {
        synchronized (storeMonitor) {
            ArchiveReader base;
            synchronized (overlay) {
                base = overlay.base();
            }
            try (ThinWriteStore store = ThinWriteStore.open(base, w -> { })) {
                // opening records the chain; nothing more to do
            } catch (IOException | RuntimeException e) {
                // the commit opens the store again and says what is wrong
            }
        }
    }

    private String metadata(String message, String user) {
        ObjectNode n = JsonTrees.object();
        if (message != null) {
            n.put("message", message);
        }
        n.put("time", Instant.now().toString());
        if (user != null) {
            n.put("user", user);
        }
        n.put("workspace", state.name());
        n.put("parent", state.base().getFileName().toString());
        return JsonTrees.line(n);
    }

    /** A thin child takes its parent's codec, level, chunking and page size, so blocks line up. */
    static WriterOptions optionsFor(ArchiveReader parent) {
        var h = parent.header();
        CodecId codec = h.codec() == CodecId.ZSTD_DICT ? CodecId.ZSTD : h.codec();
        WriterOptions base = h.isDirectory() ? WriterOptions.treeDefaults() : WriterOptions.defaults();
        return base.withCodec(codec, h.codecLevel()).withChunking(h.chunking()).withPageCapacity(h.pageCapacity());
    }

    private void writePending(Path out) throws IOException {
        ObjectNode n = JsonTrees.object();
        n.put("output", out.toString());
        n.put("parentId", state.baseId());
        n.put("generation", state.generation());
        StateFile.writeAtomically(layout.pendingCommit(state.id()), JsonTrees.write(n, false));
    }

    /** Switches state to {@code archive} (a complete child of the base holding the tree), empties the upper layer. */
    private void moveOnto(Path archive) throws IOException {
        ArchiveReader next = ArchiveReader.open(archive, ArchiveKeys.baseOptions());
        long gen = state.generation() + 1;
        WorkspaceState s = state.withBase(archive, next.header().archiveId().toString(), gen);
        UpperLayer fresh = null;
        try {
            fresh = UpperLayer.open(layout.upper(state.id(), gen));
            StateFile.write(layout.state(state.id()), s);
            Files.deleteIfExists(layout.pendingCommit(state.id()));
        } catch (IOException | RuntimeException e) {
            next.close();
            if (fresh != null) {
                fresh.close();
            }
            throw e;
        }
        UpperLayer old = overlay.upper();
        // the overlay takes the new reader over, and closes the old one once no open file reads through it
        overlay.rebase(next, fresh);
        state = s;
        old.close();
        deleteTree(old.dir());
    }

    /**
     * Finishes or discards a commit a crash interrupted. Returns the archive it finished, or
     * null. The archive is adopted only if it is complete and a child of the current base.
     */
    private static Path recoverCommit(WorkspaceLayout layout, WorkspaceState s) throws IOException {
        Path pending = layout.pendingCommit(s.id());
        if (!Files.exists(pending)) {
            return null;
        }
        JsonNode p;
        try {
            p = JsonTrees.read(Files.readAllBytes(pending));
        } catch (IOException e) {
            Files.deleteIfExists(pending);
            return null;
        }
        Path out = Path.of(p.path("output").asText());
        long gen = p.path("generation").asLong(-1);
        Path adopted = null;
        if (gen == s.generation() && Files.isRegularFile(out)) {
            try (ArchiveReader r = ArchiveReader.open(out, ArchiveKeys.options())) {
                var parent = r.header().parent();
                if (parent != null && parent.id().toString().equals(s.baseId())) {
                    long next = s.generation() + 1;
                    Files.createDirectories(layout.upper(s.id(), next).resolve("data"));
                    StateFile.write(layout.state(s.id()), s.withBase(out, r.header().archiveId().toString(), next));
                    adopted = out;
                }
            } catch (IOException e) {
                // not a complete archive: the commit did not finish; the old base and its changes stand
            }
        }
        if (adopted == null && out.getParent() != null && Files.isDirectory(out.getParent())) {
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(out.getParent(),
                    "." + out.getFileName() + ".tmp-*")) {
                for (Path t : temps) {
                    Files.deleteIfExists(t);
                }
            }
        }
        Files.deleteIfExists(pending);
        return adopted;
    }

    private static void removeOtherGenerations(WorkspaceLayout layout, WorkspaceState s) throws IOException {
        String keep = layout.upper(s.id(), s.generation()).getFileName().toString();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.dir(s.id()), "upper-*")) {
            for (Path d : dirs) {
                if (!d.getFileName().toString().equals(keep)) {
                    deleteTree(d);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---- reset and restore ----

    /** Drops every change: the workspace shows its base again. */
    @Override
    public void reset(String who) throws IOException {
        begin(who);
        try (AutoCloseable frozen = overlay.freeze()) {
            long gen = state.generation() + 1;
            UpperLayer fresh = UpperLayer.open(layout.upper(state.id(), gen));
            WorkspaceState s = state.withGeneration(gen);
            StateFile.write(layout.state(state.id()), s);
            UpperLayer old = overlay.upper();
            overlay.reset(fresh);
            state = s;
            old.close();
            deleteTree(old.dir());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            end();
        }
    }

    /** Puts each path (relative to the workspace root) back as the base has it. */
    @Override
    public void restore(List<String> paths, String who) throws IOException {
        begin(who);
        try {
            for (String p : paths) {
                overlay.restorePath(p.startsWith("/") ? p : "/" + p);
            }
        } finally {
            end();
        }
    }

    private void begin(String who) throws WorkspaceLockedException {
        if (!operation.tryLock()) {
            throw new WorkspaceLockedException("workspace " + state.name() + " is busy: " + operationHolder
                    + " is running; try again when it is done");
        }
        operationHolder = who;
    }

    private void end() {
        operationHolder = "";
        operation.unlock();
    }

    /** Makes every change so far durable (journal and data files). */
    public void sync() throws IOException {
        overlay.upper().journal().sync();
        overlay.upper().flushDeletions();
    }

    @Override
    public void close() throws IOException {
        try {
            overlay.close(); // and its base readers
        } finally {
            lock.close();
        }
    }
}
