package dev.hexz.format.codec;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * Zstandard, one frame per block. Level 0 means zstd's default (3). Contexts are kept per
 * thread because creating one per block costs more than compressing a small block.
 */
public final class ZstdCodec implements BlockCodec {

    public static final int DEFAULT_LEVEL = 3;

    private final int level;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    public ZstdCodec(int level) {
        if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
            throw new IllegalArgumentException("zstd level must be in " + Zstd.minCompressionLevel() + ".."
                    + Zstd.maxCompressionLevel() + ", got " + level);
        }
        this.level = level == 0 ? DEFAULT_LEVEL : level;
        this.compressors = ThreadLocal.withInitial(() -> {
            ZstdCompressCtx ctx = new ZstdCompressCtx();
            ctx.setLevel(this.level);
            return ctx;
        });
    }

    public int level() {
        return level;
    }

    @Override
    public CodecId id() {
        return CodecId.ZSTD;
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
            n = DECOMPRESSORS.get().decompressByteArray(dst, dstOff, rawLength, src, off, len);
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
