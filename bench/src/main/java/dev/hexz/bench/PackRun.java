package dev.hexz.bench;

import dev.hexz.format.ArchiveReader;
import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Packs one file or directory tree through {@link ArchiveWriter} and prints the throughput: the
 * stand-in for {@code hexz pack} in {@code scripts/bench-format.sh} and {@code scripts/bench-thin.sh}
 * until the CLI exists, with the same options.
 *
 * <pre>
 *   PackRun INPUT OUT.hxz [--compression lz4|zstd|none] [--level N] [--chunking cdc|fixed]
 *                         [--block-size SIZE] [--threads N] [--page-capacity N]
 *                         [--base PARENT.hxz] [--cost] [--verify]
 * </pre>
 *
 * <p>{@code --block-size} is the fixed block size, or FastCDC's average (min = avg/4,
 * max = 4 × avg); default 64K for a file, 16K for a directory ({@code addTree}).
 * {@code --page-capacity} is the number of entries of a full index page (default 1024). {@code --base}
 * makes a thin archive against PARENT ({@link ArchiveWriter#createThin}; give the parent's
 * chunking). The time printed runs from creating the writer (for a thin archive: from opening the
 * parent) to the end of {@code finish()} (which fsyncs): it excludes JVM start-up, which the
 * scripts' wall clock includes.
 * Output on stdout: {@code pack <in-bytes> bytes in <s> s = <MB/s> MB/s; stored <bytes>; archive <bytes>; blocks <n> unique <n> dedup <n> zero <n> referenced <n> (<bytes> bytes)},
 * and with {@code --cost} a second line, {@code cost} and the {@link ArchiveCost} of the archive
 * (after the timed part). {@code --verify} then reads the archive back (a new reader, so a
 * thin archive through its chain) and compares it with the input: the logical stream with the
 * file, or every regular file of the tree (bytes, size, modification time, and that no file is
 * missing or extra; {@link ReadBack}); a difference prints {@code verify FAILED: …} and exits 1.
 */
public final class PackRun {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PackRun INPUT OUT.hxz [--compression lz4|zstd|none] [--level N] "
                    + "[--chunking cdc|fixed] [--block-size SIZE] [--threads N] [--page-capacity N] [--base PARENT.hxz] [--cost] [--verify]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        CodecId codec = CodecId.LZ4;
        int level = 0;
        String chunking = "cdc";
        boolean tree = Files.isDirectory(in);
        int blockSize = tree ? WriterOptions.DEFAULT_TREE_AVG_CHUNK : WriterOptions.DEFAULT_AVG_CHUNK;
        Path base = null;
        int pageCapacity = WriterOptions.DEFAULT_PAGE_CAPACITY;
        boolean cost = false;
        boolean verify = false;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 2; i < args.length; i++) {
            if (args[i].equals("--cost") || args[i].equals("--verify")) {
                cost |= args[i].equals("--cost");
                verify |= args[i].equals("--verify");
                continue;
            }
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--compression" -> codec = CodecId.ofLabel(v);
                case "--level" -> level = Integer.parseInt(v);
                case "--chunking" -> chunking = v;
                case "--block-size" -> blockSize = Math.toIntExact(DataGenerator.parseSize(v));
                case "--threads" -> threads = Integer.parseInt(v);
                case "--base" -> base = Path.of(v);
                case "--page-capacity" -> pageCapacity = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        ChunkingParams params = switch (chunking) {
            case "cdc" -> ChunkingParams.fastCdcAround(blockSize);
            case "fixed" -> ChunkingParams.fixed(blockSize);
            default -> throw new IllegalArgumentException("chunking must be cdc or fixed, got " + chunking);
        };
        WriterOptions opts = WriterOptions.defaults().withCodec(codec, level).withChunking(params).withThreads(threads)
                .withPageCapacity(pageCapacity);
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        ArchiveSummary s;
        try (ArchiveReader parent = base == null ? null : ArchiveReader.open(base);
                ArchiveWriter w = parent == null ? ArchiveWriter.create(out, opts) : ArchiveWriter.createThin(out, opts, parent)) {
            if (tree) {
                w.addTree(in);
            } else {
                w.addFile(in);
            }
            s = w.finish();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT,
                "pack %d bytes in %.3f s = %.1f MB/s; stored %d; archive %d; blocks %d unique %d dedup %d zero %d "
                        + "referenced %d (%d bytes)%n",
                s.bytesIn(), secs, s.bytesIn() / secs / 1e6, s.bytesStored(), s.archiveBytes(), s.blocks(),
                s.uniqueBlocks(), s.dedupBlocks(), s.zeroBlocks(), s.referencedBlocks(), s.referencedBytes());
        if (cost) {
            try (ArchiveReader r = ArchiveReader.open(out)) {
                System.out.println("cost " + ArchiveCost.of(r).line());
            }
        }
        if (verify) {
            String problem;
            try (ArchiveReader r = ArchiveReader.open(out)) {
                problem = tree ? ReadBack.verifyTree(r, in) : ReadBack.verifyFile(r, in);
            }
            if (problem != null) {
                System.out.println("verify FAILED: " + problem);
                System.exit(1);
            }
            System.out.println("verify ok: " + out + " reads back " + (tree ? "every file of " : "") + in);
        }
    }
}
