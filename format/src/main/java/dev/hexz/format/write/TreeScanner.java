package dev.hexz.format.write;

import dev.hexz.format.manifest.EntryType;
import dev.hexz.format.manifest.ManifestPaths;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Lists a directory tree for archiving, without following symlinks, in manifest order (by the
 * UTF-8 bytes of each relative path) so that the same tree always gives the same archive.
 * Sockets, FIFOs and device nodes cannot be archived and are reported as skipped.
 */
public final class TreeScanner {

    /** One thing found in the tree. */
    public record Item(String path, Path source, EntryType type, int mode, long mtimeSeconds, int mtimeNanos) {
    }

    /** What a scan found: the items in manifest order, and what was skipped (path: reason). */
    public record Result(List<Item> items, List<String> skipped) {
    }

    private TreeScanner() {
    }

    /** Scans {@code root}; paths in {@code exclude} (absolute, normalized) are left out. */
    public static Result scan(Path root, Set<Path> exclude) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(base)) {
                    add(dir, attrs, EntryType.DIRECTORY);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (exclude.contains(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    add(file, attrs, EntryType.SYMLINK);
                } else if (attrs.isRegularFile()) {
                    add(file, attrs, EntryType.FILE);
                } else {
                    skipped.add(rel(file) + ": not a regular file, directory or symlink");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                throw exc;
            }

            private void add(Path p, BasicFileAttributes attrs, EntryType type) throws IOException {
                String rel = rel(p);
                String problem = ManifestPaths.problem(rel);
                if (problem != null) {
                    skipped.add(rel + ": " + problem);
                    return;
                }
                FileTime t = attrs.lastModifiedTime();
                int mode = type == EntryType.SYMLINK ? 0777 : mode(p);
                items.add(new Item(rel, p, type, mode, t.toInstant().getEpochSecond(), t.toInstant().getNano()));
            }

            private String rel(Path p) {
                return base.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            }
        });
        items.sort(Comparator.comparing(Item::path, ManifestPaths::compare));
        return new Result(items, skipped);
    }

    /** Permission bits (with setuid/setgid/sticky) of {@code p}, from the "unix" attribute view. */
    static int mode(Path p) throws IOException {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0755 : 0644;
        }
    }
}
