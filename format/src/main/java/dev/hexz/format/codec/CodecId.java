package dev.hexz.format.codec;

/**
 * The block codecs; {@link #code()} is the byte stored in the header and in each index entry.
 * {@link #ZSTD_DICT} is zstd with the archive's trained dictionary: a writer chooses it by
 * itself for zstd archives, a user never names it.
 */
public enum CodecId {
    NONE(0, "none"), LZ4(1, "lz4"), ZSTD(2, "zstd"), ZSTD_DICT(3, "zstd+dictionary");

    private final int code;
    private final String label;

    CodecId(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The codec with on-disk code {@code code}, or null when there is none (the caller reports corruption). */
    public static CodecId ofCode(int code) {
        for (CodecId c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** Parses a user's name for a codec ("lz4", "zstd", "none"). */
    public static CodecId ofLabel(String label) {
        for (CodecId c : new CodecId[] {NONE, LZ4, ZSTD}) {
            if (c.label.equalsIgnoreCase(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression '" + label + "' (expected lz4, zstd or none)");
    }
}
