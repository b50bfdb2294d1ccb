package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Checks on a directory before and after mounting: is something mounted there, does it still
 * answer, can hexz mount on it. A dead mount ("Transport endpoint is not connected") cannot even
 * be stat'ed, so these checks never resolve the directory itself.
 */
public final class MountPoints {

    private static final String NOT_CONNECTED = "Transport endpoint is not connected";

    private MountPoints() {
    }

    /**
     * The absolute path the kernel's mount table uses for {@code dir}: its parent resolved to a
     * real path, then the last name (so a dead mount, which cannot be resolved, still matches).
     */
    public static Path canonical(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            return abs;
        }
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (NoSuchFileException e) {
            return abs;
        }
        return realParent.resolve(abs.getFileName());
    }

    /** Whether a mount is at {@code dir}, and whether it answers. */
    public static MountState state(Path dir) throws IOException {
        Optional<MountInfo> m = MountTable.at(dir);
        if (m.isEmpty()) {
            return MountState.NOT_MOUNTED;
        }
        return isDead(dir) ? MountState.DEAD : MountState.LIVE;
    }

    /**
     * Whether {@code dir} answers ENOTCONN, the mark of a FUSE mount whose server died. A stat
     * alone is not enough: the kernel answers it from cached attributes (for a day, on an
     * archive) without asking the dead server; a statfs always goes to the server.
     */
    public static boolean isDead(Path dir) {
        try {
            Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.getFileStore(dir).getTotalSpace();
            return false;
        } catch (FileSystemException e) {
            return e.getReason() != null && e.getReason().contains(NOT_CONNECTED);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Makes {@code dir} ready to mount on: it must exist and be an empty directory that is not a
     * mount. A dead hexz mount there is detached (lazily) first; any other mount is refused.
     *
     * @return whether a dead hexz mount was detached
     */
    public static boolean prepare(Path dir) throws IOException {
        boolean detached = false;
        Optional<MountInfo> m = MountTable.at(dir);
        if (m.isPresent()) {
            if (!isDead(dir)) {
                throw new FuseMountException(FuseMountException.Reason.ALREADY_MOUNTED,
                        dir + ": already a mount point (" + describe(m.get()) + "); unmount it first");
            }
            if (!m.get().isHexz()) {
                throw new FuseMountException(FuseMountException.Reason.ALREADY_MOUNTED,
                        dir + ": holds a dead " + m.get().fsType() + " mount that is not hexz's; detach it with"
                                + " 'fusermount -u -z " + dir + "' or 'umount -l " + dir + "'");
            }
            Unmounter.detachDead(dir);
            detached = true;
        }
        if (!Files.exists(dir)) {
            throw new FuseMountException(FuseMountException.Reason.MOUNT_POINT_MISSING,
                    dir + ": no such directory (create the mount point first)");
        }
        if (!Files.isDirectory(dir)) {
            throw new FuseMountException(FuseMountException.Reason.BAD_MOUNT_POINT, dir + ": not a directory");
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                throw new FuseMountException(FuseMountException.Reason.BAD_MOUNT_POINT,
                        dir + ": not empty (hexz mounts only on an empty directory, so nothing there is hidden)");
            }
        }
        return detached;
    }

    static String describe(MountInfo m) {
        return m.fsType() + " from " + m.source();
    }
}
