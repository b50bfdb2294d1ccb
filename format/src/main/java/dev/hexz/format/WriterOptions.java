package dev.hexz.format;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.CodecId;

/**
 * How a writer cuts, compresses and lays out an archive. Immutable; {@code with…} methods return
 * changed copies. {@code archiveId} and {@code createdMillis} are normally left null (random id,
 * current time); tests that pin bytes set them. {@code encryption} null writes a plain archive.
 */
public record WriterOptions(
        CodecId codec,
        int level,
        ChunkingParams chunking,
        int pageCapacity,
        int threads,
        int dictionaryBytes,
        ArchiveId archiveId,
        Long createdMillis,
        WriterEncryption encryption) {

    public static final int DEFAULT_AVG_CHUNK = 64 << 10;
    public static final int DEFAULT_TREE_AVG_CHUNK = 16 << 10;
    /** 1024 entries of 64 bytes: a 64 KiB page, read once per 64 MiB of data at the default chunk size. */
    public static final int DEFAULT_PAGE_CAPACITY = 1024;
    /**
     * Size of the dictionary trained for zstd archives: 64 KiB brings independent 64 KiB blocks
     * within a few percent of streaming zstd (BENCHMARKS.md). 0 turns training off.
     */
    public static final int DEFAULT_DICTIONARY_BYTES = 64 << 10;
    public static final int MAX_DICTIONARY_BYTES = 1 << 20;

    public WriterOptions {
        if (codec == null || chunking == null) {
            throw new IllegalArgumentException("codec and chunking are required");
        }
        BlockCodec.of(codec, level); // validates the level
        if (pageCapacity < 1 || pageCapacity > 65536) {
            throw new IllegalArgumentException("index page capacity must be in 1..65536, got " + pageCapacity);
        }
        if (dictionaryBytes < 0 || dictionaryBytes > MAX_DICTIONARY_BYTES) {
            throw new IllegalArgumentException("dictionary size must be in 0.." + MAX_DICTIONARY_BYTES + ", got "
                    + dictionaryBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    /** LZ4, FastCDC 16/64/256 KiB, all cores. */
    public static WriterOptions defaults() {
        return new WriterOptions(CodecId.LZ4, 0, ChunkingParams.fastCdcAround(DEFAULT_AVG_CHUNK), DEFAULT_PAGE_CAPACITY,
                Runtime.getRuntime().availableProcessors(), DEFAULT_DICTIONARY_BYTES, null, null, null);
    }

    /** Defaults for directory trees: smaller chunks (4/16/64 KiB), since many files are small. */
    public static WriterOptions treeDefaults() {
        return defaults().withChunking(ChunkingParams.fastCdcAround(DEFAULT_TREE_AVG_CHUNK));
    }

    public WriterOptions withCodec(CodecId c, int lvl) {
        return new WriterOptions(c, lvl, chunking, pageCapacity, threads, dictionaryBytes, archiveId, createdMillis, encryption);
    }

    public WriterOptions withChunking(ChunkingParams p) {
        return new WriterOptions(codec, level, p, pageCapacity, threads, dictionaryBytes, archiveId, createdMillis, encryption);
    }

    public WriterOptions withPageCapacity(int n) {
        return new WriterOptions(codec, level, chunking, n, threads, dictionaryBytes, archiveId, createdMillis, encryption);
    }

    public WriterOptions withThreads(int n) {
        return new WriterOptions(codec, level, chunking, pageCapacity, n, dictionaryBytes, archiveId, createdMillis, encryption);
    }

    /** Dictionary size for zstd archives (0: no dictionary). Ignored for other codecs. */
    public WriterOptions withDictionaryBytes(int bytes) {
        return new WriterOptions(codec, level, chunking, pageCapacity, threads, bytes, archiveId, createdMillis, encryption);
    }

    /** Whether a zstd dictionary will be trained. */
    public boolean trainsDictionary() {
        return codec == CodecId.ZSTD && dictionaryBytes > 0;
    }

    public WriterOptions withArchiveId(ArchiveId id) {
        return new WriterOptions(codec, level, chunking, pageCapacity, threads, dictionaryBytes, id, createdMillis, encryption);
    }

    /** Encrypts the archive (format/SPEC.md, "Encryption"); null: a plain archive. */
    public WriterOptions withEncryption(WriterEncryption e) {
        return new WriterOptions(codec, level, chunking, pageCapacity, threads, dictionaryBytes, archiveId, createdMillis, e);
    }

    public WriterOptions withCreatedMillis(long millis) {
        return new WriterOptions(codec, level, chunking, pageCapacity, threads, dictionaryBytes, archiveId, millis, encryption);
    }
}
