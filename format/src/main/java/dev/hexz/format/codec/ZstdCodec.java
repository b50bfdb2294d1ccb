package dev.hexz.format.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

/**
 * Zstandard, one frame per block; level 0 means zstd's default (3). With a dictionary trained
 * on the archive's own blocks it is codec {@link CodecId#ZSTD_DICT}: a block compressed on its
 * own cannot refer to its neighbours' bytes, and the dictionary gives every block the patterns
 * common to all of them (format/SPEC.md, "Dictionary"). Thread-safe: contexts are per thread
 * (creating one per block costs more than compressing a small block), the digested dictionary
 * is shared. Its native memory is left to the garbage collector, because a read-ahead or pack
 * worker may still be using it when its reader or writer closes.
 */
public final class ZstdCodec implements BlockCodec {

    public static final int DEFAULT_LEVEL = 3;

    private final int level;
    private final CodecId id;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private final ThreadLocal<ZstdDecompressCtx> decompressors;

    public ZstdCodec(int level) {
        this(level, null);
    }

    /** A codec compressing with {@code dictionary} (a zstd dictionary), or plain zstd when null. */
    public ZstdCodec(int level, byte[] dictionary) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be in " + Zstd.minCompressionLevel() + ".."
                    + Zstd.maxCompressionLevel() + ", got " + level);
        }
        int lvl = level == 0 ? DEFAULT_LEVEL : level;
        this.level = lvl;
        if (dictionary == null) {
            this.id = CodecId.ZSTD;
            this.compressors = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(lvl));
            this.decompressors = ThreadLocal.withInitial(ZstdDecompressCtx::new);
        } else {
            this.id = CodecId.ZSTD_DICT;
            ZstdDictCompress cdict = new ZstdDictCompress(dictionary, lvl);
            ZstdDictDecompress ddict = new ZstdDictDecompress(dictionary);
            this.compressors = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(lvl).loadDict(cdict));
            this.decompressors = ThreadLocal.withInitial(() -> new ZstdDecompressCtx().loadDict(ddict));
        }
    }

    public int level() {
        return level;
    }

    @Override
    public CodecId id() {
        return id;
    }

    @Override
    public int maxCompressedLength(int rawLength) {
        return (int) Zstd.compressBound(rawLength);
    }

    @Override
    public int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        return compressors.get().compressByteArray(dst, dstOff, dst.length - dstOff, src, off, len);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int rawLength)
            throws BlockCodecException {
        int n;
        try {
            n = decompressors.get().decompressByteArray(dst, dstOff, rawLength, src, off, len);
        } catch (ZstdException e) {
            throw new BlockCodecException("malformed zstd block: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new BlockCodecException("malformed zstd block: " + e, e);
        }
        if (n != rawLength) {
            throw new BlockCodecException("zstd block decodes to " + n + " bytes, expected " + rawLength);
        }
    }
}
