package dev.hexz.format.codec;

/** Stores blocks as they are: for incompressible data and for {@code --compression none}. */
public final class NoneCodec implements BlockCodec {

    public static final NoneCodec INSTANCE = new NoneCodec();

    private NoneCodec() {
    }

    @Override
    public CodecId id() {
        return CodecId.NONE;
    }

    @Override
    public int maxCompressedLength(int rawLength) {
        return rawLength;
    }

    @Override
    public int compress(byte[] src, int off, int len, byte[] dst, int dstOff) {
        System.arraycopy(src, off, dst, dstOff, len);
        return len;
    }

    @Override
    public void decompress(byte[] src, int off, int len, byte[] dst, int dstOff, int rawLength)
            throws BlockCodecException {
        if (len != rawLength) {
            throw new BlockCodecException("uncompressed block holds " + len + " bytes, expected " + rawLength);
        }
        System.arraycopy(src, off, dst, dstOff, len);
    }
}
