package dev.hexz.format.manifest;

import java.nio.charset.StandardCharsets;

/**
 * The rules for a path in a manifest: relative, '/'-separated, normalized. Enforced when a
 * writer adds an entry and again when a reader decodes one, because a hostile manifest must not
 * make {@code extract} write outside its destination.
 */
public final class ManifestPaths {

    /** Longest path, in UTF-8 bytes (Linux PATH_MAX). */
    public static final int MAX_PATH_BYTES = 4096;
    /** Longest path component, in UTF-8 bytes (Linux NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    private ManifestPaths() {
    }

    /** Returns why {@code path} is not a valid manifest path, or null when it is valid. */
    public static String problem(String path) {
        if (path.isEmpty()) {
            return "empty path";
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return "path longer than " + MAX_PATH_BYTES + " bytes";
        }
        if (path.startsWith("/")) {
            return "absolute path '" + path + "'";
        }
        if (path.indexOf('\0') >= 0) {
            return "path holds a NUL byte";
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty()) {
                return "empty component in '" + path + "'";
            }
            if (part.equals("..")) {
                return "'..' in '" + path + "'";
            }
            if (part.equals(".")) {
                return "'.' in '" + path + "'";
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                return "component longer than " + MAX_NAME_BYTES + " bytes in '" + path + "'";
            }
        }
        return null;
    }

    /** Compares paths by their UTF-8 bytes, unsigned: the manifest's order. */
    public static int compare(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
