package dev.hexz.format.extract;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.CorruptManifestException;
import dev.hexz.format.manifest.Manifest;
import dev.hexz.format.manifest.ManifestEntry;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * Writes an archive's contents to the file system.
 *
 * <ul>
 *   <li>A <em>stream archive</em> (no manifest) becomes one file at the destination.</li>
 *   <li>A <em>file archive</em> (one named file) becomes that file at the destination, or under
 *       its own name inside the destination when that is an existing directory.</li>
 *   <li>A <em>directory archive</em> becomes a tree under the destination directory (created if
 *       missing): files with their mode bits and mtimes, symlinks (never followed), empty
 *       directories; directory modes and mtimes are set after their contents.</li>
 * </ul>
 *
 * <p>Safety: every entry is placed under the destination, and no file is ever written through a
 * symlink. Each parent component of an entry's destination is checked with {@code lstat}; a
 * symlink there (one this archive created, or one already in the destination) makes the entry
 * an {@link UnsafePathException}. Files and symlinks are created under a temporary name with
 * {@code O_EXCL} and renamed into place, so an interrupted extraction never leaves a partial file
 * under its final name, and an existing symlink at the final name is replaced, not written
 * through. Existing entries are only replaced when {@link #overwrite(boolean)} allows it. This
 * guards against hostile archives and a prepared destination; it does not defend against
 * another process changing the destination while the extraction runs.
 *
 * <p>Setuid and setgid bits of regular files are not restored (as {@code tar} does for a user
 * who does not restore ownership); everything else of {@code mode & 07777} is. Ownership is
 * not recorded in archives and so not restored.
 */
public final class ArchiveExtractor {

    private static final int COPY_BUFFER = 1 << 20;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private enum Kind { STREAM, FILE, TREE }

    private final ArchiveReader reader;
    private final Set<String> selection = new LinkedHashSet<>();
    private boolean overwrite;
    private LongConsumer progress = n -> { };
    /** The temporary file or symlink being written, for {@link #removeTemporary()}. */
    private volatile Path temporary;

    private ArchiveExtractor(ArchiveReader reader) {
        this.reader = reader;
    }

    public static ArchiveExtractor of(ArchiveReader reader) {
        return new ArchiveExtractor(reader);
    }

    /**
     * Limits the extraction to {@code archivePath} (a directory includes its whole subtree; its
     * parent directories are created too). May be called repeatedly; without a call, everything
     * is extracted.
     */
    public ArchiveExtractor select(String archivePath) {
        String p = archivePath;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String problem = ManifestPaths.problem(p);
        if (problem != null) {
            throw new IllegalArgumentException("invalid archive path '" + archivePath + "': " + problem);
        }
        selection.add(p);
        return this;
    }

    /** Whether existing files and symlinks at an entry's destination are replaced (default: refused). */
    public ArchiveExtractor overwrite(boolean replace) {
        this.overwrite = replace;
        return this;
    }

    /** Receives the count of file bytes each time more have been written. */
    public ArchiveExtractor onProgress(LongConsumer listener) {
        this.progress = listener == null ? n -> { } : listener;
        return this;
    }

    /**
     * Deletes the temporary file of the entry being written, if any. For a shutdown hook: an
     * extraction killed half-way then leaves no {@code .hexz-*.part} file behind. Safe to call
     * from another thread; the extraction itself fails if it was still running.
     */
    public void removeTemporary() {
        Path t = temporary;
        if (t != null) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // best effort: the process is going away
            }
        }
    }

    /** Bytes of file content the extraction will write (for a progress bar's total). */
    public long plannedBytes() throws IOException {
        return switch (kind()) {
            case STREAM -> reader.size();
            case FILE -> selectedEntries().stream().mapToLong(ManifestEntry::size).sum();
            case TREE -> selectedEntries().stream().filter(ManifestEntry::isFile).mapToLong(ManifestEntry::size).sum();
        };
    }

    /** Extracts to {@code destination} (see the class comment for what it means for each kind of archive). */
    public ExtractResult extractTo(Path destination) throws IOException {
        return switch (kind()) {
            case STREAM -> extractStream(destination);
            case FILE -> extractFile(destination);
            case TREE -> extractTree(destination);
        };
    }

    private Kind kind() throws IOException {
        if (reader.header().isDirectory()) {
            return Kind.TREE;
        }
        Manifest m = reader.manifest();
        if (m.size() == 0) {
            return Kind.STREAM;
        }
        if (m.size() != 1 || !m.entries().get(0).isFile()) {
            throw new CorruptManifestException(reader.name(), reader.header().manifestOffset(),
                    "a file archive's manifest must hold exactly one file, found " + m.size() + " entries");
        }
        return Kind.FILE;
    }

    /** The selected entries in manifest order, with the parent directories of every selected path. */
    private List<ManifestEntry> selectedEntries() throws IOException {
        Manifest m = reader.manifest();
        if (selection.isEmpty()) {
            return m.entries();
        }
        Set<String> ancestors = new HashSet<>();
        for (String p : selection) {
            if (m.find(p).isEmpty()) {
                throw new NoSuchFileException(reader.name(), null, "no entry '" + p + "' in the archive");
            }
            for (int slash = p.indexOf('/'); slash > 0; slash = p.indexOf('/', slash + 1)) {
                ancestors.add(p.substring(0, slash));
            }
        }
        List<ManifestEntry> out = new ArrayList<>();
        for (ManifestEntry e : m.entries()) {
            if (ancestors.contains(e.path()) || isSelected(e.path())) {
                out.add(e);
            }
        }
        return out;
    }

    private boolean isSelected(String path) {
        if (selection.contains(path)) {
            return true;
        }
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (selection.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    // ---- stream and single-file archives ----

    private ExtractResult extractStream(Path destination) throws IOException {
        if (!selection.isEmpty()) {
            throw new NoSuchFileException(reader.name(), null, "no entry '" + selection.iterator().next()
                    + "' in the archive (it holds an unnamed byte stream, not files)");
        }
        if (Files.isDirectory(destination)) {
            throw new IOException(destination + ": is a directory; this archive holds an unnamed byte stream,"
                    + " so give the path of the file to write");
        }
        Path target = destination.toAbsolutePath();
        requireParentDirectory(target);
        long bytes = writeFile(target, 0, reader.size(), -1, null);
        return new ExtractResult(target, 1, 0, 0, bytes);
    }

    private ExtractResult extractFile(Path destination) throws IOException {
        ManifestEntry e = reader.manifest().entries().get(0);
        for (String p : selection) {
            if (!p.equals(e.path())) {
                throw new NoSuchFileException(reader.name(), null, "no entry '" + p + "' in the archive (it holds '"
                        + e.path() + "')");
            }
        }
        if (e.path().indexOf('/') >= 0) {
            throw new CorruptManifestException(reader.name(), reader.header().manifestOffset(),
                    "a file archive's file name '" + e.path() + "' holds a '/'");
        }
        Path target = Files.isDirectory(destination) ? destination.resolve(e.path()) : destination;
        target = target.toAbsolutePath();
        requireParentDirectory(target);
        long bytes = writeFile(target, e.logicalOffset(), e.size(), fileMode(e.mode()), mtime(e));
        return new ExtractResult(target, 1, 0, 0, bytes);
    }

    private static void requireParentDirectory(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(String.valueOf(parent), null, "no such directory");
        }
    }

    // ---- directory archives ----

    private ExtractResult extractTree(Path destination) throws IOException {
        List<ManifestEntry> entries = selectedEntries();
        if (Files.exists(destination) && !Files.isDirectory(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null,
                    "exists and is not a directory; a directory archive extracts into a directory");
        }
        Path parent = destination.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NoSuchFileException(parent.toString(), null, "no such directory");
        }
        Files.createDirectories(destination);
        // The destination itself is the caller's choice (it may be a symlink to a directory);
        // below it, nothing is followed.
        Path root = destination.toRealPath();
        TreeWriter tree = new TreeWriter(root);
        long files = 0;
        long symlinks = 0;
        long bytes = 0;
        List<ManifestEntry> directories = new ArrayList<>();
        List<Path> directoryPaths = new ArrayList<>();
        for (ManifestEntry e : entries) {
            Path target = tree.placeOf(e.path());
            switch (e.type()) {
                case DIRECTORY -> {
                    tree.makeDirectory(e.path(), target);
                    directories.add(e);
                    directoryPaths.add(target);
                }
                case FILE -> {
                    bytes += writeFile(target, e.logicalOffset(), e.size(), fileMode(e.mode()), mtime(e));
                    files++;
                }
                case SYMLINK -> {
                    writeSymlink(target, e);
                    symlinks++;
                }
            }
        }
        // Children before parents: setting a child's times does not touch its parent's mtime, and
        // a read-only directory gets its mode only after everything inside it is written.
        for (int i = directories.size() - 1; i >= 0; i--) {
            ManifestEntry e = directories.get(i);
            Path p = directoryPaths.get(i);
            setMode(p, e.mode() & 07777);
            setTimes(p, mtime(e));
        }
        return new ExtractResult(root, files, directories.size(), symlinks, bytes);
    }

    /** Resolves archive paths under the root, checking that no parent component is a symlink. */
    private static final class TreeWriter {
        private final Path root;
        /** Directories below the root already checked (or created) in this run. */
        private final Set<Path> checked = new HashSet<>();

        TreeWriter(Path root) {
            this.root = root;
        }

        Path placeOf(String archivePath) throws IOException {
            String problem = ManifestPaths.problem(archivePath);
            if (problem != null) {
                throw new UnsafePathException(archivePath, "refusing entry: " + problem);
            }
            String[] parts = archivePath.split("/");
            Path dir = root;
            for (int i = 0; i < parts.length - 1; i++) {
                dir = dir.resolve(parts[i]);
                if (checked.contains(dir)) {
                    continue;
                }
                BasicFileAttributes a = attributes(dir);
                if (a == null) {
                    Files.createDirectory(dir);
                } else if (a.isSymbolicLink()) {
                    throw new UnsafePathException(archivePath, dir + ": is a symlink; refusing to write '"
                            + archivePath + "' through it");
                } else if (!a.isDirectory()) {
                    throw new FileAlreadyExistsException(dir.toString(), null,
                            "exists and is not a directory, so '" + archivePath + "' cannot be written under it");
                }
                checked.add(dir);
            }
            Path target = dir.resolve(parts[parts.length - 1]);
            if (!target.normalize().startsWith(root) || target.normalize().equals(root)) {
                throw new UnsafePathException(archivePath, "refusing entry '" + archivePath + "': it resolves to "
                        + target + ", outside " + root);
            }
            return target;
        }

        void makeDirectory(String archivePath, Path target) throws IOException {
            BasicFileAttributes a = attributes(target);
            if (a == null) {
                Files.createDirectory(target);
            } else if (a.isSymbolicLink()) {
                throw new UnsafePathException(archivePath, target + ": is a symlink; refusing to use it as directory '"
                        + archivePath + "'");
            } else if (!a.isDirectory()) {
                throw new FileAlreadyExistsException(target.toString(), null,
                        "exists and is not a directory (the archive has a directory there)");
            }
            checked.add(target);
        }
    }

    // ---- writing one file or symlink ----

    /**
     * Writes logical bytes {@code [offset, offset+size)} to a temporary sibling of {@code target},
     * sets its mode ({@code mode < 0}: leave the default) and mtime (null: leave), and renames it
     * over {@code target}. Returns the bytes written.
     */
    private long writeFile(Path target, long offset, long size, int mode, FileTime mtime) throws IOException {
        checkReplaceable(target);
        Path temp = temporarySibling(target);
        temporary = temp;
        boolean done = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                byte[] buf = new byte[(int) Math.min(COPY_BUFFER, Math.max(1, size))];
                long done0 = 0;
                while (done0 < size) {
                    int want = (int) Math.min(buf.length, size - done0);
                    reader.readFully(offset + done0, buf, 0, want);
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, want);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    done0 += want;
                    progress.accept(want);
                }
            }
            if (mode >= 0) {
                setMode(temp, mode);
            }
            if (mtime != null) {
                setTimes(temp, mtime);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
            return size;
        } finally {
            temporary = null;
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void writeSymlink(Path target, ManifestEntry e) throws IOException {
        checkReplaceable(target);
        Path temp = temporarySibling(target);
        temporary = temp;
        boolean done = false;
        try {
            Files.createSymbolicLink(temp, target.getFileSystem().getPath(e.symlinkTarget()));
            setTimes(temp, mtime(e));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } finally {
            temporary = null;
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** An existing file or symlink may be replaced (by rename, never written through) when allowed. */
    private void checkReplaceable(Path target) throws IOException {
        BasicFileAttributes a = attributes(target);
        if (a == null) {
            return;
        }
        if (a.isDirectory()) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is a directory");
        }
        if (!overwrite) {
            throw new FileAlreadyExistsException(target.toString(), null, "already exists");
        }
    }

    private static Path temporarySibling(Path target) {
        // short, so that a 255-byte final name still leaves room
        return target.resolveSibling(".hexz-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static int fileMode(int mode) {
        return mode & 01777; // no setuid/setgid
    }

    private static FileTime mtime(ManifestEntry e) {
        return FileTime.from(Instant.ofEpochSecond(e.mtimeSeconds(), e.mtimeNanos()));
    }

    /** Sets permission bits of a file or directory this extraction created (never a symlink). */
    private static void setMode(Path p, int mode) throws IOException {
        try {
            Files.setAttribute(p, "unix:mode", mode, NOFOLLOW);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
            PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
            };
            for (int bit = 0; bit < order.length; bit++) {
                if ((mode & (1 << bit)) != 0) {
                    perms.add(order[bit]);
                }
            }
            try {
                Files.setPosixFilePermissions(p, perms);
            } catch (UnsupportedOperationException ignored) {
                // a file system without permissions (FAT): nothing to restore
            }
        }
    }

    private static void setTimes(Path p, FileTime mtime) throws IOException {
        Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
    }
}
