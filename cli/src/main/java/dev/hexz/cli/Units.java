package dev.hexz.cli;

import java.util.Locale;

/** Human-readable sizes, durations and rates for the text output (binary units). */
final class Units {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {
    }

    /** {@code 512 B}, {@code 64.0 KiB}, {@code 1.2 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** A size with its exact byte count: {@code 1.2 GiB (1288490188 bytes)}. */
    static String bytesExact(long n) {
        return n < 1024 ? n + " bytes" : bytes(n) + " (" + n + " bytes)";
    }

    /** {@code 0.42 s}, {@code 3.2 s}, {@code 2 min 5 s}. */
    static String seconds(double s) {
        if (s < 10) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return (whole / 60) + " min " + (whole % 60) + " s";
    }

    /** Bytes per second as {@code 380.1 MiB/s}. */
    static String rate(long bytes, double seconds) {
        if (seconds <= 0) {
            return "-";
        }
        return bytes((long) (bytes / seconds)) + "/s";
    }

    /** {@code 2.05x}. */
    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    /** {@code 1 file}, {@code 2 files}. */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
