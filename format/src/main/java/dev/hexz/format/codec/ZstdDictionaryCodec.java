package dev.hexz.format.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictDecompress;
import com.github.luben.zstd.ZstdException;

/**
 * Zstandard with a dictionary trained on the archive's own blocks. A block compressed on its own
 * cannot refer to the bytes of its neighbours; the dictionary gives every block the patterns
 * common to all of them, which wins back most of what independent blocks lose against a
 * streaming {@code zstd} (format/SPEC.md, "Dictionary"). Thread-safe: the digested dictionary
 * is shared, the contexts are per thread.
 */
public final class ZstdDictionaryCodec implements BlockCodec, AutoCloseable {

    private final ZstdDictCompress compressDict;
    private final ZstdDictDecompress decompressDict;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private final ThreadLocal<ZstdDecompressCtx> decompressors;

    public ZstdDictionaryCodec(byte[] dictionary, int level) {
        int lvl = level == 0 ? ZstdCodec.DEFAULT_LEVEL : level;
        this.compressDict = new ZstdDictCompress(dictionary, lvl);
        this.decompressDict = new ZstdDictDecompress(dictionary);
        this.compressors = ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(lvl).loadDict(compressDict));
        this.decompressors = ThreadLocal.withInitial(() -> new ZstdDecompressCtx().loadDict(decompressDict));
    }

    @Override
    public CodecId id() {
        return CodecId.ZSTD_DICT;
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

    /** Frees the native dictionaries (contexts already handed to threads keep their own copy). */
    @Override
    public void close() {
        compressDict.close();
        decompressDict.close();
    }
}
