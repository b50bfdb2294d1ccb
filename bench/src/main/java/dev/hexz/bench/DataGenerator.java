package dev.hexz.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic, semi-compressible benchmark data.
 *
 * <pre>
 *   DataGenerator file SIZE OUT [--seed N]             SIZE bytes (1G, 512M, 64K, 1000…) into OUT
 *   DataGenerator tree DIR --files N [--seed N]        N small/medium files in nested directories
 *   DataGenerator edit IN OUT [--seed N] [--insertions 20] [--deletions 20] [--overwrites 100]
 *                 [--overwrite-bytes 1K]                 OUT = IN with small edits at random places
 *   DataGenerator tree-edit DIR_V1 DIR_V2 [--seed N] [--modified-percent 1] [--added 100]
 *                 [--deleted 100]                        DIR_V2 = DIR_V1 with files modified, added, deleted
 * </pre>
 *
 * <p>{@code edit} and {@code tree-edit} make the second versions of the thin-archive benchmarks
 * ({@link DataEdits} has the exact recipes) and print, on stdout, one line of {@code key=value}
 * pairs with what they did, including {@code changed=}: the bytes that really changed (new
 * bytes of the second version; what an ideal delta would have to store before compression).
 *
 * <p>The bytes are a sequence of <em>runs</em>: 11% of them 16–256 random bytes from a
 * {@link SplittableRandom} (incompressible; about a fifth of the bytes), the rest 1–8 entries
 * drawn from a small dictionary (512 short words and binary tokens, about 7 KiB, so compressible
 * within any 64 KiB block on its own). With this tuning {@code lz4} (default level) compresses a
 * file about 2.0:1 and {@code zstd -3} about 2.8:1.
 * Random runs are sprinkled everywhere, so no 64 KiB-scale stretch ever repeats: deduplication
 * finds nothing and cannot inflate a throughput figure. The same seed gives the same bytes, and
 * a 1 GiB file takes a few seconds (mostly the write).
 *
 * <p>Tree sizes are skewed the way source trees and datasets are: 10% under 1 KiB, 75% 1–16 KiB,
 * 13% 16–128 KiB, 2% 128 KiB–1 MiB (log-uniform within each band), about 20 KiB on average,
 * 64 files per leaf directory, leaf directories two levels deep. Modification times are fixed,
 * so two trees made with the same seed are identical.
 */
public final class DataGenerator {

    /**
     * Percent of runs that are random longs (16..256 bytes; the other runs are 1..8 dictionary
     * entries). Tuned on 128 MiB: 10 gives lz4 2.11:1, 11 gives 2.04:1, 12 gives 1.97:1.
     */
    static final int RANDOM_RUN_PERCENT = 11;
    static final int DICTIONARY_ENTRIES = 512;
    static final int FILES_PER_DIR = 64;

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER = 4 << 20;

    private final byte[][] dictionary;
    private final SplittableRandom rng;

    /** A generator whose whole output is determined by {@code seed}. */
    public DataGenerator(long seed) {
        SplittableRandom root = new SplittableRandom(seed);
        this.dictionary = dictionary(root.split());
        this.rng = root.split();
    }

    /** Fills {@code buf[off, off+len)} with the next bytes of this generator's sequence. */
    public void fill(byte[] buf, int off, int len) {
        // Each call draws from a fresh split of the generator's stream, so a run never straddles
        // two calls: the output is a function of the seed and of the sequence of lengths asked for.
        SplittableRandom r = rng.split();
        byte[][] dict = dictionary;
        int p = off;
        int end = off + len;
        while (p < end) {
            if (r.nextInt(100) < RANDOM_RUN_PERCENT) {
                int n = Math.min(8 * (2 + r.nextInt(31)), end - p); // 16..256 bytes
                int stop = p + (n & ~7);
                for (; p < stop; p += 8) {
                    LE_LONG.set(buf, p, r.nextLong());
                }
                for (int rest = n & 7; rest > 0; rest--) {
                    buf[p++] = (byte) r.nextInt();
                }
            } else {
                int words = 1 + r.nextInt(8);
                for (int w = 0; w < words && p < end; w++) {
                    byte[] word = dict[r.nextInt(dict.length)];
                    int n = Math.min(word.length, end - p);
                    System.arraycopy(word, 0, buf, p, n);
                    p += n;
                }
            }
        }
    }

    /** Half lower-case words with a trailing space (text-like), half short binary tokens. */
    private static byte[][] dictionary(SplittableRandom r) {
        byte[][] d = new byte[DICTIONARY_ENTRIES][];
        for (int i = 0; i < d.length; i++) {
            if ((i & 1) == 0) {
                int n = 3 + r.nextInt(12);
                byte[] w = new byte[n + 1];
                for (int j = 0; j < n; j++) {
                    w[j] = (byte) ('a' + r.nextInt(26));
                }
                w[n] = ' ';
                d[i] = w;
            } else {
                byte[] t = new byte[4 + r.nextInt(29)];
                r.nextBytes(t);
                d[i] = t;
            }
        }
        return d;
    }

    /** Writes {@code size} bytes to {@code out}. */
    public void write(OutputStream out, long size) throws IOException {
        byte[] buf = new byte[BUFFER];
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(buf.length, left);
            fill(buf, 0, n);
            out.write(buf, 0, n);
            left -= n;
        }
    }

    /** Writes a tree of {@code files} files under {@code dir}; returns the total bytes written. */
    public static long writeTree(Path dir, int files, long seed) throws IOException {
        SplittableRandom sizes = new SplittableRandom(seed ^ 0x7ee5eedL);
        DataGenerator content = new DataGenerator(seed);
        int leafDirs = Math.max(1, (files + FILES_PER_DIR - 1) / FILES_PER_DIR);
        int fanout = Math.max(1, (int) Math.ceil(Math.sqrt(leafDirs)));
        FileTime mtime = FileTime.fromMillis(1_700_000_000_000L);
        byte[] buf = new byte[1 << 20];
        long total = 0;
        Path current = null;
        for (int i = 0; i < files; i++) {
            int leaf = i / FILES_PER_DIR;
            Path d = dir.resolve(String.format(Locale.ROOT, "d%03d/s%03d", leaf / fanout, leaf % fanout));
            if (!d.equals(current)) {
                Files.createDirectories(d);
                current = d;
            }
            int size = fileSize(sizes);
            content.fill(buf, 0, size);
            Path f = d.resolve(String.format(Locale.ROOT, "f%06d.bin", i));
            try (OutputStream out = Files.newOutputStream(f)) {
                out.write(buf, 0, size);
            }
            Files.setLastModifiedTime(f, mtime);
            total += size;
        }
        return total;
    }

    /** 10% 0..1 KiB, 75% 1..16 KiB, 13% 16..128 KiB, 2% 128 KiB..1 MiB, log-uniform in each band. */
    static int fileSize(SplittableRandom r) {
        int band = r.nextInt(100);
        if (band < 10) {
            return r.nextInt(1024);
        }
        double lo;
        double hi;
        if (band < 85) {
            lo = 1 << 10;
            hi = 16 << 10;
        } else if (band < 98) {
            lo = 16 << 10;
            hi = 128 << 10;
        } else {
            lo = 128 << 10;
            hi = 1 << 20;
        }
        return (int) Math.min(1 << 20, lo * Math.pow(hi / lo, r.nextDouble()));
    }

    /** Parses 1G, 512M, 64K, 1GiB, 1000 (bytes); binary multiples. */
    public static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> mult = 1L << 10;
                case 'M' -> mult = 1L << 20;
                case 'G' -> mult = 1L << 30;
                case 'T' -> mult = 1L << 40;
                default -> mult = 1;
            }
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad size '" + s + "' (expected e.g. 1G, 512M, 64K or a byte count)");
        }
    }

    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DataGenerator: " + e.getMessage());
            System.err.println("usage: DataGenerator file SIZE OUT [--seed N]");
            System.err.println("       DataGenerator tree DIR --files N [--seed N]");
            System.err.println("       DataGenerator edit IN OUT [--seed N] [--insertions 20] [--deletions 20] "
                    + "[--overwrites 100] [--overwrite-bytes 1K]");
            System.err.println("       DataGenerator tree-edit DIR_V1 DIR_V2 [--seed N] [--modified-percent 1] "
                    + "[--added 100] [--deleted 100]");
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing command");
        }
        long seed = 42;
        Integer files = null;
        int insertions = 20;
        int deletions = 20;
        int overwrites = 100;
        int overwriteBytes = 1024;
        double modifiedPercent = 1;
        int added = 100;
        int deleted = 100;
        java.util.Set<String> editOpts = new java.util.HashSet<>();
        java.util.List<String> pos = new java.util.ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--seed") && !args[i].equals("--files") && args[i].startsWith("--")) {
                editOpts.add(args[i]);
            }
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(value(args, ++i, "--seed"));
                case "--files" -> files = Integer.parseInt(value(args, ++i, "--files"));
                case "--insertions" -> insertions = count(value(args, ++i, "--insertions"), "--insertions");
                case "--deletions" -> deletions = count(value(args, ++i, "--deletions"), "--deletions");
                case "--overwrites" -> overwrites = count(value(args, ++i, "--overwrites"), "--overwrites");
                case "--overwrite-bytes" -> overwriteBytes = Math.toIntExact(parseSize(value(args, ++i, "--overwrite-bytes")));
                case "--modified-percent" -> modifiedPercent = Double.parseDouble(value(args, ++i, "--modified-percent"));
                case "--added" -> added = count(value(args, ++i, "--added"), "--added");
                case "--deleted" -> deleted = count(value(args, ++i, "--deleted"), "--deleted");
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    pos.add(args[i]);
                }
            }
        }
        long t0 = System.nanoTime();
        switch (args[0]) {
            case "file" -> {
                if (pos.size() != 2 || files != null || !editOpts.isEmpty()) {
                    throw new IllegalArgumentException("file takes SIZE OUT [--seed N]");
                }
                long size = parseSize(pos.get(0));
                Path out = Path.of(pos.get(1));
                try (OutputStream os = Files.newOutputStream(out)) {
                    new DataGenerator(seed).write(os, size);
                }
                report(out + ": " + size + " bytes", size, t0);
            }
            case "tree" -> {
                if (pos.size() != 1 || files == null || files < 0 || !editOpts.isEmpty()) {
                    throw new IllegalArgumentException("tree takes DIR --files N [--seed N]");
                }
                Path dir = Path.of(pos.get(0));
                long total = writeTree(dir, files, seed);
                report(dir + ": " + files + " files, " + total + " bytes", total, t0);
            }
            case "edit" -> {
                editOpts.removeAll(java.util.Set.of("--insertions", "--deletions", "--overwrites", "--overwrite-bytes"));
                if (pos.size() != 2 || files != null || !editOpts.isEmpty()) {
                    throw new IllegalArgumentException("edit takes IN OUT [--seed N] [--insertions N] [--deletions N] "
                            + "[--overwrites N] [--overwrite-bytes SIZE]");
                }
                if (overwriteBytes < 1) {
                    throw new IllegalArgumentException("--overwrite-bytes must be at least 1");
                }
                Path in = Path.of(pos.get(0));
                Path out = Path.of(pos.get(1));
                DataEdits.FileEditSummary e = DataEdits.editFile(in, out, seed, insertions, deletions, overwrites,
                        overwriteBytes);
                System.out.printf(Locale.ROOT, "size_in=%d size_out=%d insertions=%d inserted=%d deletions=%d deleted=%d "
                        + "overwrites=%d overwritten=%d moved=%d changed=%d%n", e.sizeIn(), e.sizeOut(), e.insertions(),
                        e.inserted(), e.deletions(), e.deleted(), e.overwrites(), e.overwritten(), e.moved(), e.changed());
                report(out + ": " + in + " with " + e.insertions() + " insertions (" + e.inserted() + " bytes), "
                        + e.deletions() + " deletions (" + e.deleted() + " bytes), " + e.overwrites() + " overwrites ("
                        + e.overwritten() + " bytes); " + e.changed() + " bytes changed, " + e.sizeOut() + " bytes",
                        e.sizeIn(), t0);
            }
            case "tree-edit" -> {
                editOpts.removeAll(java.util.Set.of("--modified-percent", "--added", "--deleted"));
                if (pos.size() != 2 || files != null || !editOpts.isEmpty()) {
                    throw new IllegalArgumentException("tree-edit takes DIR_V1 DIR_V2 [--seed N] [--modified-percent P] "
                            + "[--added N] [--deleted N]");
                }
                Path v1 = Path.of(pos.get(0));
                Path v2 = Path.of(pos.get(1));
                DataEdits.TreeEditSummary e = DataEdits.editTree(v1, v2, seed, modifiedPercent, added, deleted);
                System.out.printf(Locale.ROOT, "files_in=%d bytes_in=%d bytes_out=%d modified=%d in_place=%d "
                        + "overwritten=%d appended_files=%d appended=%d added_files=%d added=%d deleted_files=%d "
                        + "deleted=%d changed=%d%n", e.filesIn(), e.bytesIn(), e.bytesOut(), e.modified(),
                        e.modifiedInPlace(), e.overwritten(), e.modifiedAppended(), e.appended(), e.addedFiles(),
                        e.added(), e.deletedFiles(), e.deleted(), e.changed());
                report(v2 + ": " + v1 + " with " + e.modified() + " of " + e.filesIn() + " files modified ("
                        + e.overwritten() + " bytes in place in " + e.modifiedInPlace() + ", " + e.appended()
                        + " appended to " + e.modifiedAppended() + "), " + e.addedFiles() + " added (" + e.added()
                        + " bytes), " + e.deletedFiles() + " deleted (" + e.deleted() + " bytes); " + e.changed()
                        + " bytes changed", e.bytesIn(), t0);
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static int count(String v, String opt) {
        int n = Integer.parseInt(v);
        if (n < 0) {
            throw new IllegalArgumentException(opt + " must not be negative");
        }
        return n;
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    private static void report(String what, long bytes, long t0) {
        double s = (System.nanoTime() - t0) / 1e9;
        System.err.printf(Locale.ROOT, "%s in %.2f s (%.0f MB/s)%n", what, s, bytes / s / 1e6);
    }
}
