package dev.hexz.format.codec;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block format (no frame). Level 0 is LZ4's fast compressor; levels 1..17 use LZ4-HC.
 * Decompression uses the <em>safe</em> decompressor, which bounds every read and write by the
 * given lengths: archives are hostile input.
 */
public final class Lz4Codec implements BlockCodec {

    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    public static final int MAX_LEVEL = 17;

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();

    public Lz4Codec(int level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("lz4 level must be 0 (fast) or 1.." + MAX_LEVEL + " (HC), got " + level);
        }
        this.compressor = level == 0 ? FACTORY.fastCompressor() : FACTORY.highCompressor(level);
    }

    @Override
    public CodecId id() {
        return CodecId.LZ4;
    }

    @Override
    public int maxCompressedLength(int rawLength) {
        return compressor.maxCompressedLength(rawLength);
    }

    @Override
    public int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        return compressor.compress(src, off, len, dst, dstOff, dst.length - dstOff);
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int rawLength)
            throws BlockCodecException {
        int n;
        try {
            n = decompressor.decompress(src, off, len, dst, dstOff, rawLength);
        } catch (LZ4Exception e) {
            throw new BlockCodecException("malformed LZ4 block: " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new BlockCodecException("LZ4 block decodes to " + n + " bytes, expected " + rawLength);
        }
    }
}
