package dev.hexz.workspace;

import dev.hexz.format.ArchiveReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The registry of workspaces under {@code $HEXZ_HOME/workspaces}: create, find, list, remove. */
public final class Workspaces {

    /** Made on first use: seeding a SecureRandom costs a command that only reads (status) ~5 ms. */
    private static final class Ids {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final WorkspaceLayout layout;

    public Workspaces(WorkspaceLayout layout) {
        this.layout = layout;
    }

    public WorkspaceLayout layout() {
        return layout;
    }

    /**
     * Records a new workspace of {@code archive} to be mounted at {@code mountPoint} (which
     * must be missing or an empty directory, and not another workspace's). Does not mount.
     */
    public WorkspaceState create(Path archive, Path mountPoint, String name) throws IOException {
        Path base = archive.toAbsolutePath().normalize();
        String baseId;
        try (ArchiveReader r = ArchiveReader.open(base, ArchiveKeys.options())) {
            baseId = r.header().archiveId().toString();
        }
        Files.createDirectories(mountPoint);
        Path dir = mountPoint.toRealPath();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                throw new WorkspaceStateException(dir + ": not empty; a workspace is checked out into a missing or empty"
                        + " directory");
            }
        }
        Optional<WorkspaceState> other = atMountPoint(dir);
        if (other.isPresent()) {
            throw new WorkspaceStateException(dir + ": already the mount point of workspace " + other.get().name()
                    + " (hexz workspace remove it first)");
        }
        String id = HexFormat.of().formatHex(randomBytes());
        String n = name != null ? name : dir.getFileName() == null ? id : dir.getFileName().toString();
        WorkspaceState s = new WorkspaceState(WorkspaceState.VERSION, id, n, dir, base, baseId, 0,
                System.currentTimeMillis());
        Files.createDirectories(layout.upper(id, 0).resolve("data"));
        StateFile.write(layout.state(id), s);
        return s;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        Ids.RANDOM.nextBytes(b);
        return b;
    }

    /** Every workspace, by name. */
    public List<WorkspaceState> list() throws IOException {
        List<WorkspaceState> out = new ArrayList<>();
        if (!Files.isDirectory(layout.workspaces())) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.workspaces())) {
            for (Path d : dirs) {
                Path state = d.resolve("state.json");
                if (Files.isRegularFile(state)) {
                    try {
                        out.add(StateFile.read(state));
                    } catch (IOException e) {
                        // a damaged state is reported by the commands that use it, not by a listing
                    }
                }
            }
        }
        out.sort(BY_NAME);
        return out;
    }

    /**
     * By name, then id. A class, not a lambda: the first lambda of a JVM bootstraps
     * LambdaMetafactory (~15 ms), and every short command (status) lists the workspaces.
     */
    private static final Comparator<WorkspaceState> BY_NAME = new Comparator<>() {
        @Override
        public int compare(WorkspaceState a, WorkspaceState b) {
            int c = a.name().compareTo(b.name());
            return c != 0 ? c : a.id().compareTo(b.id());
        }
    };

    /** The workspace mounted at {@code dir} exactly. */
    public Optional<WorkspaceState> atMountPoint(Path dir) throws IOException {
        Path d = canonical(dir);
        for (WorkspaceState s : list()) {
            if (s.mountPoint().equals(d)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The workspace whose mount point is {@code dir} or holds it (a path inside a workspace). */
    public WorkspaceState containing(Path dir) throws IOException {
        Path d = canonical(dir);
        WorkspaceState best = null;
        for (WorkspaceState s : list()) {
            if (d.startsWith(s.mountPoint())
                    && (best == null || s.mountPoint().getNameCount() > best.mountPoint().getNameCount())) {
                best = s;
            }
        }
        if (best == null) {
            throw new NotAWorkspaceException(d + ": not a workspace (hexz checkout ARCHIVE DIR makes one;"
                    + " hexz workspace list shows them)");
        }
        return best;
    }

    /**
     * A path's canonical form without touching the mount (a dead mount fails stat): the parent
     * is resolved, the last name kept.
     */
    static Path canonical(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            return abs;
        }
        try {
            return parent.toRealPath().resolve(abs.getFileName());
        } catch (IOException e) {
            return abs;
        }
    }

    /** The daemon's client if it runs, else the workspace opened here (under its lock). */
    public WorkspaceOperations operate(WorkspaceState s, String command, int uid, int gid) throws IOException {
        Optional<WorkspaceClient> c = WorkspaceClient.connect(layout.socket(s.id()));
        if (c.isPresent()) {
            return c.get();
        }
        return Workspace.open(layout, s.id(), command, uid, gid);
    }

    /** Whether the workspace's daemon runs (holds the workspace's lock and answers). */
    public boolean daemonRunning(WorkspaceState s) {
        return WorkspaceClient.connect(layout.socket(s.id())).isPresent();
    }

    /** Deletes the workspace's state (its uncommitted changes with it). */
    public void delete(WorkspaceState s) throws IOException {
        Workspace.deleteTree(layout.dir(s.id()));
    }
}
