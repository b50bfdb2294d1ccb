package dev.hexz.bench;

import dev.hexz.format.ArchiveSummary;
import dev.hexz.format.ArchiveWriter;
import dev.hexz.format.WriterOptions;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Packs one file through {@link ArchiveWriter} and prints the throughput: the stand-in for
 * {@code hexz pack} in {@code scripts/bench-format.sh} until the CLI exists, with the same options.
 *
 * <pre>
 *   PackRun INPUT OUT.hxz [--compression lz4|zstd|none] [--level N] [--chunking cdc|fixed]
 *                         [--block-size SIZE] [--threads N]
 * </pre>
 *
 * <p>{@code --block-size} is the fixed block size, or FastCDC's average (min = avg/4,
 * max = 4 × avg); default 64K. The time printed runs from creating the writer to the end of
 * {@code finish()} (which fsyncs): it excludes JVM start-up, which the script's wall clock includes.
 * Output, one line on stdout: {@code pack <in-bytes> bytes in <s> s = <MB/s> MB/s; stored <bytes>; archive <bytes>; blocks <n> unique <n> dedup <n> zero <n>}.
 */
public final class PackRun {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PackRun INPUT OUT.hxz [--compression lz4|zstd|none] [--level N] "
                    + "[--chunking cdc|fixed] [--block-size SIZE] [--threads N]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
        CodecId codec = CodecId.LZ4;
        int level = 0;
        String chunking = "cdc";
        int blockSize = WriterOptions.DEFAULT_AVG_CHUNK;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 2; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--compression" -> codec = CodecId.ofLabel(v);
                case "--level" -> level = Integer.parseInt(v);
                case "--chunking" -> chunking = v;
                case "--block-size" -> blockSize = Math.toIntExact(DataGenerator.parseSize(v));
                case "--threads" -> threads = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        ChunkingParams params = switch (chunking) {
            case "cdc" -> ChunkingParams.fastCdcAround(blockSize);
            case "fixed" -> ChunkingParams.fixed(blockSize);
            default -> throw new IllegalArgumentException("chunking must be cdc or fixed, got " + chunking);
        };
        WriterOptions opts = WriterOptions.defaults().withCodec(codec, level).withChunking(params).withThreads(threads);
        Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        ArchiveSummary s;
        try (ArchiveWriter w = ArchiveWriter.create(out, opts)) {
            w.addFile(in);
            s = w.finish();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT,
                "pack %d bytes in %.3f s = %.1f MB/s; stored %d; archive %d; blocks %d unique %d dedup %d zero %d%n",
                s.bytesIn(), secs, s.bytesIn() / secs / 1e6, s.bytesStored(), s.archiveBytes(), s.blocks(),
                s.uniqueBlocks(), s.dedupBlocks(), s.zeroBlocks());
    }
}
