package dev.hexz.format.codec;

/**
 * Compresses and decompresses one block on its own. Implementations are thread-safe.
 * Decompression treats its input as hostile: a malformed block is a {@link BlockCodecException},
 * never an out-of-bounds read or a block of the wrong length.
 */
public interface BlockCodec {

    /** Which codec this is; its code is what the index records per block. */
    CodecId id();

    /** An upper bound of the compressed size of {@code rawLength} bytes. */
    int maxCompressedLength(int rawLength);

    /** Compresses {@code src[off, off+len)} into {@code dst} at {@code dstOff}; returns the stored length. */
    int compress(byte[] src, int off, int len, byte[] dst, int dstOff);

    /**
     * Decompresses {@code src[off, off+len)} into exactly {@code rawLength} bytes at
     * {@code dst[dstOff]}; throws if the block does not decode to exactly that many bytes.
     */
    void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int rawLength) throws BlockCodecException;

    /**
     * Shared default-level instances, for decoding (the level does not matter to a decoder).
     * {@link CodecId#ZSTD_DICT} has none: it needs its archive's dictionary.
     */
    static BlockCodec forDecoding(CodecId id) {
        if (id == CodecId.ZSTD_DICT) {
            throw new IllegalArgumentException("zstd+dictionary blocks decode with their archive's dictionary");
        }
        return Decoders.BY_ID[id.code()];
    }

    /** The most bytes a block of {@code rawLength} may take when stored with {@code id}. */
    static int maxStoredLength(CodecId id, int rawLength) {
        return forDecoding(id == CodecId.ZSTD_DICT ? CodecId.ZSTD : id).maxCompressedLength(rawLength);
    }

    /** The codec for {@code id} at {@code level} (level 0 = the codec's default). */
    static BlockCodec of(CodecId id, int level) {
        return switch (id) {
            case NONE -> NoneCodec.INSTANCE;
            case LZ4 -> new Lz4Codec(level);
            case ZSTD -> new ZstdCodec(level);
            case ZSTD_DICT -> throw new IllegalArgumentException("a zstd dictionary codec is built from its dictionary");
        };
    }

    /** Holder of the shared decoders, created on first use. */
    final class Decoders {
        private static final BlockCodec[] BY_ID = {NoneCodec.INSTANCE, new Lz4Codec(0), new ZstdCodec(0)};

        private Decoders() {
        }
    }
}
