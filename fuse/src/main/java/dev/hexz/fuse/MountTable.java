package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The kernel's table of mounts, as this process sees it ({@code /proc/self/mountinfo}). */
public final class MountTable {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /** Every mount, in the kernel's order (later lines are mounted on top of earlier ones). */
    public static List<MountInfo> read() throws IOException {
        return parse(Files.readString(MOUNTINFO));
    }

    /** The top-most mount whose mount point is exactly {@code dir} (as {@link MountPoints#canonical} spells it). */
    public static Optional<MountInfo> at(Path dir) throws IOException {
        Path p = MountPoints.canonical(dir);
        MountInfo found = null;
        for (MountInfo m : read()) {
            if (m.mountPoint().equals(p)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Parses mountinfo text: {@code id parent major:minor root mountpoint options [optional…] -
     * fstype source superoptions}, with space, tab, newline and backslash in paths written as
     * octal escapes.
     */
    static List<MountInfo> parse(String text) {
        List<MountInfo> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue; // a line of a shape we do not know: not ours to judge
            }
            out.add(new MountInfo(Path.of(unescape(f[4])), f[dash + 1], unescape(f[dash + 2]), f[5], f[2]));
        }
        return out;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
