package dev.hexz.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs this program again in a new JVM: the same java, its -X options
 * (heap, the class-data-sharing archive scripts/hexz passes), {@code -Dhexz.*} properties, and
 * this JVM's class path with {@link HexzMain} as the main class (so it works from the jar, from
 * a test's class path, and from an IDE alike). Prefixed with setsid when there is one, so the
 * new process leads its own session.
 */
final class SelfCommand {

    private SelfCommand() {
    }

    /** The command line, with {@code jvmDefaults} before this JVM's own options (which win where they clash). */
    static List<String> current(List<String> jvmDefaults) throws IOException {
        List<String> cmd = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            cmd.add(setsid.toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmDefaults);
        cmd.addAll(jvmOptions());
        String home = System.getProperty("hexz.home");
        if (home != null && !home.isBlank()) {
            cmd.add("-Dhexz.home=" + home);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(HexzMain.class.getName());
        return cmd;
    }

    /** The -X and -XX options this JVM was started with (read from /proc/self/cmdline). */
    static List<String> jvmOptions() {
        List<String> out = new ArrayList<>();
        byte[] raw;
        try {
            raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException e) {
            return out;
        }
        String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-jar")
                    || !a.startsWith("-")) {
                break;
            }
            if (a.startsWith("-X")) {
                out.add(a);
            }
        }
        return out;
    }
}
