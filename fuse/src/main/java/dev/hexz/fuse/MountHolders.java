package dev.hexz.fuse;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes that hold a mount busy: whose working directory, root, or an open file is
 * under it. Read from /proc, so only processes this user may inspect are seen.
 */
public final class MountHolders {

    /** A process that uses the mount, and how. */
    public record Holder(long pid, String command, String what) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ", " + what + ")";
        }
    }

    private MountHolders() {
    }

    public static List<Holder> of(Path mountPoint) {
        String root = mountPoint.toString();
        List<Holder> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                String what = use(proc, root);
                if (what != null) {
                    out.add(new Holder(Long.parseLong(proc.getFileName().toString()), command(proc), what));
                }
            }
        } catch (IOException e) {
            // /proc unreadable: no names to give
        }
        return out;
    }

    private static String use(Path proc, String root) {
        if (under(link(proc.resolve("cwd")), root)) {
            return "working directory";
        }
        if (under(link(proc.resolve("root")), root)) {
            return "root directory";
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                String target = link(fd);
                if (under(target, root)) {
                    return "open file " + target;
                }
            }
        } catch (IOException | SecurityException e) {
            // gone, or not ours to see
        }
        return null;
    }

    private static boolean under(String target, String root) {
        return target != null && (target.equals(root) || target.startsWith(root + "/"));
    }

    private static String link(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String command(Path proc) {
        try {
            return Files.readString(proc.resolve("comm")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
