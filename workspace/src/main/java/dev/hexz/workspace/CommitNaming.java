package dev.hexz.workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a commit goes by default: beside its base, numbered. {@code data.hxz} is followed by
 * {@code data-1.hxz}, {@code data-1.hxz} by {@code data-2.hxz}; a taken name moves to the next
 * number.
 */
final class CommitNaming {

    private static final Pattern NUMBERED = Pattern.compile("(.*)-(\\d+)");

    private CommitNaming() {
    }

    /** The base's name without {@code .hxz} and without a commit number. */
    static String stem(Path base) {
        String name = base.getFileName().toString();
        if (name.endsWith(".hxz")) {
            name = name.substring(0, name.length() - 4);
        }
        Matcher m = NUMBERED.matcher(name);
        return m.matches() && !m.group(1).isEmpty() ? m.group(1) : name;
    }

    static Path next(Path base) {
        String name = base.getFileName().toString();
        if (name.endsWith(".hxz")) {
            name = name.substring(0, name.length() - 4);
        }
        Matcher m = NUMBERED.matcher(name);
        String stem = name;
        long n = 1;
        if (m.matches() && !m.group(1).isEmpty()) {
            stem = m.group(1);
            n = Long.parseLong(m.group(2)) + 1;
        }
        Path dir = base.toAbsolutePath().getParent();
        Path p = dir.resolve(stem + "-" + n + ".hxz");
        while (Files.exists(p)) {
            n++;
            p = dir.resolve(stem + "-" + n + ".hxz");
        }
        return p;
    }
}
