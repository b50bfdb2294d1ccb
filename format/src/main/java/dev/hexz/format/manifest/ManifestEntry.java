package dev.hexz.format.manifest;

/**
 * One file, directory or symlink of a directory archive. A file's bytes are
 * {@code [logicalOffset, logicalOffset + size)} of the archive's logical stream; a symlink's
 * {@code size} is the length of its target in bytes.
 *
 * @param mode permission bits (including setuid, setgid, sticky): {@code mode & 07777}
 */
public record ManifestEntry(EntryType type, String path, int mode, long mtimeSeconds, int mtimeNanos, long size,
        long logicalOffset, String symlinkTarget) {

    public static ManifestEntry file(String path, int mode, long mtimeSeconds, int mtimeNanos, long size,
            long logicalOffset) {
        return new ManifestEntry(EntryType.FILE, path, mode, mtimeSeconds, mtimeNanos, size, logicalOffset, null);
    }

    public static ManifestEntry directory(String path, int mode, long mtimeSeconds, int mtimeNanos) {
        return new ManifestEntry(EntryType.DIRECTORY, path, mode, mtimeSeconds, mtimeNanos, 0, 0, null);
    }

    public static ManifestEntry symlink(String path, String target, long mtimeSeconds, int mtimeNanos) {
        return new ManifestEntry(EntryType.SYMLINK, path, 0777, mtimeSeconds, mtimeNanos,
                target.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, 0, target);
    }

    public boolean isFile() {
        return type == EntryType.FILE;
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean isSymlink() {
        return type == EntryType.SYMLINK;
    }

    /** The last path component. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The parent directory's path, "" for a top-level entry. */
    public String parentPath() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
