package dev.hexz.bench;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.BlockEntry;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.v1.PageDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Builds a chain of thin archives for the read benchmarks: {@code chain-00.hxz} packs BASE (a
 * stream archive, LZ4, FastCDC 16/64/256 KiB), and each {@code chain-NN.hxz}, NN = 1..depth, is a
 * thin archive against {@code chain-(NN-1).hxz} of the previous version with one small change:
 * a {@code --overwrite-bytes} (default 4 KiB) overwrite at a random place, and every
 * {@code --insert-every}-th step (default 5; 0: never) also an insertion of 1..100 random bytes,
 * so that later archives also share the parent's pages at shifted logical offsets. The changes
 * accumulate (version NN has NN of them) and are drawn from {@code --seed}.
 *
 * <pre>
 *   ChainRun BASE DIR [--depth 50] [--seed N] [--overwrite-bytes 4K] [--insert-every 5]
 * </pre>
 *
 * <p>The versions live in memory only (BASE must fit in the heap). At the end the last archive
 * and the base archive are read back whole through {@link ArchiveReader} and compared with
 * what was packed; a difference is an error (exit 1). Prints one line per archive and a summary
 * of where the last archive's blocks and index pages are stored (which ancestor).
 */
public final class ChainRun {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ChainRun BASE DIR [--depth 50] [--seed N] [--overwrite-bytes 4K] [--insert-every 5]");
            System.exit(2);
        }
        Path baseFile = Path.of(args[0]);
        Path dir = Path.of(args[1]);
        int depth = 50;
        long seed = 42;
        int overwrite = 4096;
        int insertEvery = 5;
        for (int i = 2; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--depth" -> depth = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--overwrite-bytes" -> overwrite = Math.toIntExact(DataGenerator.parseSize(v));
                case "--insert-every" -> insertEvery = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long size = Files.size(baseFile);
        if (size > Integer.MAX_VALUE - 16L - 100L * depth) {
            throw new IllegalArgumentException(baseFile + " is too large to hold in memory");
        }
        Files.createDirectories(dir);
        byte[] buf = new byte[(int) size + 100 * depth];
        int len;
        try (InputStream in = Files.newInputStream(baseFile)) {
            len = in.readNBytes(buf, 0, (int) size);
        }
        WriterOptions opts = WriterOptions.defaults();
        SplittableRandom r = new SplittableRandom(seed ^ 0xc4a1L);

        long t0 = System.nanoTime();
        ArchiveSummary s;
        try (ArchiveWriter w = ArchiveWriter.create(name(dir, 0), opts)) {
            w.addStream(new ByteArrayInputStream(buf, 0, len));
            s = w.finish();
        }
        line(0, s, (System.nanoTime() - t0) / 1e9, 0, 0);
        long thinTotal = 0;
        for (int k = 1; k <= depth; k++) {
            int at = r.nextInt(len - overwrite + 1);
            byte[] b = new byte[overwrite];
            r.nextBytes(b);
            System.arraycopy(b, 0, buf, at, overwrite);
            int inserted = 0;
            if (insertEvery > 0 && k % insertEvery == 0) {
                inserted = 1 + r.nextInt(100);
                int pos = r.nextInt(len + 1);
                System.arraycopy(buf, pos, buf, pos + inserted, len - pos);
                byte[] ins = new byte[inserted];
                r.nextBytes(ins);
                System.arraycopy(ins, 0, buf, pos, inserted);
                len += inserted;
            }
            t0 = System.nanoTime();
            try (ArchiveReader parent = ArchiveReader.open(name(dir, k - 1));
                    ArchiveWriter w = ArchiveWriter.createThin(name(dir, k), opts, parent)) {
                w.addStream(new ByteArrayInputStream(buf, 0, len));
                s = w.finish();
            }
            thinTotal += s.archiveBytes();
            line(k, s, (System.nanoTime() - t0) / 1e9, overwrite, inserted);
        }

        // read back: the last version from the last archive, the base from the first
        boolean ok = same(name(dir, depth), buf, len);
        byte[] base = Files.readAllBytes(baseFile);
        ok &= same(name(dir, 0), base, base.length);
        try (ArchiveReader last = ArchiveReader.open(name(dir, depth))) {
            TreeMap<Integer, long[]> bySource = new TreeMap<>();
            for (int p = 0; p < last.pageCount(); p++) {
                for (BlockEntry e : last.pageEntries(p)) {
                    long[] c = bySource.computeIfAbsent(e.source(), x -> new long[2]);
                    c[0]++;
                    c[1] += e.rawLength();
                }
            }
            TreeMap<Integer, Integer> pagesBySource = new TreeMap<>();
            for (PageDescriptor d : last.pageDescriptors()) {
                pagesBySource.merge(d.source(), 1, Integer::sum);
            }
            StringBuilder sb = new StringBuilder();
            bySource.forEach((k, c) -> sb.append(String.format(Locale.ROOT, " %d:%d", k, c[0])));
            System.out.println("last archive: blocks by source (0 = own, " + depth + " = base):" + sb);
            StringBuilder pb = new StringBuilder();
            pagesBySource.forEach((k, c) -> pb.append(String.format(Locale.ROOT, " %d:%d", k, c)));
            System.out.println("last archive: index pages by source:" + pb);
            System.out.println("last archive: " + ArchiveCost.of(last).line());
        }
        System.out.printf(Locale.ROOT, "chain depth=%d base_bytes=%d last_bytes=%d thin_total=%d verify=%s%n", depth, size,
                len, thinTotal, ok ? "ok" : "FAILED");
        if (!ok) {
            System.exit(1);
        }
    }

    static Path name(Path dir, int k) {
        return dir.resolve(String.format(Locale.ROOT, "chain-%02d.hxz", k));
    }

    private static void line(int k, ArchiveSummary s, double secs, int overwrite, int inserted) {
        System.out.printf(Locale.ROOT,
                "chain-%02d: %d bytes in, archive %d bytes, stored %d, blocks %d unique %d referenced %d; %.2f s%s%n", k,
                s.bytesIn(), s.archiveBytes(), s.bytesStored(), s.blocks(), s.uniqueBlocks(), s.referencedBlocks(), secs,
                k == 0 ? "" : " (change: " + overwrite + " bytes overwritten" + (inserted > 0 ? ", " + inserted
                        + " inserted" : "") + ")");
    }

    /** Whether the archive's logical stream is exactly {@code want[0, len)}, read in 1 MiB reads. */
    private static boolean same(Path archive, byte[] want, int len) throws IOException {
        try (ArchiveReader r = ArchiveReader.open(archive)) {
            if (r.size() != len) {
                System.out.println(archive + ": size " + r.size() + ", expected " + len);
                return false;
            }
            byte[] got = new byte[1 << 20];
            for (long o = 0; o < len; o += got.length) {
                int n = (int) Math.min(got.length, len - o);
                r.readFully(o, got, 0, n);
                if (!Arrays.equals(got, 0, n, want, (int) o, (int) o + n)) {
                    System.out.println(archive + ": differs in [" + o + ", " + (o + n) + ")");
                    return false;
                }
            }
            System.out.println(archive + ": reads back identical (" + len + " bytes)");
            return true;
        }
    }
}
