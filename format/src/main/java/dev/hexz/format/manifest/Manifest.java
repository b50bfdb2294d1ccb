package dev.hexz.format.manifest;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files, directories and symlinks of an archive, in the manifest's order (by UTF-8 bytes of
 * the path). The root directory is implicit. Immutable.
 */
public final class Manifest {

    private final List<ManifestEntry> entries;
    private final Map<String, ManifestEntry> byPath;

    public Manifest(List<ManifestEntry> sortedEntries) {
        this.entries = List.copyOf(sortedEntries);
        Map<String, ManifestEntry> map = new HashMap<>(entries.size() * 2);
        for (ManifestEntry e : entries) {
            map.put(e.path(), e);
        }
        this.byPath = Collections.unmodifiableMap(map);
    }

    public static Manifest empty() {
        return new Manifest(List.of());
    }

    public List<ManifestEntry> entries() {
        return entries;
    }

    /** The entry at {@code path} (relative, normalized; "" or "/" is the root and is not an entry). */
    public Optional<ManifestEntry> find(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return Optional.ofNullable(byPath.get(p));
    }

    public long fileCount() {
        return entries.stream().filter(ManifestEntry::isFile).count();
    }

    public int size() {
        return entries.size();
    }
}
