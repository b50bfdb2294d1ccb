package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.i32;
import static dev.hexz.format.v1.LittleEndian.i64;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.put64;
import static dev.hexz.format.v1.LittleEndian.put8;
import static dev.hexz.format.v1.LittleEndian.u8;

import dev.hexz.format.CorruptManifestException;
import dev.hexz.format.codec.BlockCodecException;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.codec.ZstdCodec;

/**
 * A framed, optionally zstd-compressed blob (format/SPEC.md, "Sections"): the manifest and the
 * user metadata are sections. 32-byte section header, then the stored bytes.
 */
public final class SectionV1 {

    public static final byte[] MANIFEST_MAGIC = {'H', 'X', 'M', 'F'};
    public static final byte[] METADATA_MAGIC = {'H', 'X', 'M', 'D'};
    public static final byte[] DICTIONARY_MAGIC = {'H', 'X', 'D', 'C'};
    static final int HEADER = 32;
    /** Sections larger than this are refused: no archive needs a gigabyte of manifest. */
    static final long MAX_RAW = 1L << 30;
    /** A section may decompress to at most this multiple of its stored size (plus 1 MiB). */
    static final long MAX_RATIO = 256;

    private SectionV1() {
    }

    /** Frames {@code raw}, compressed with zstd level 3 (deterministic for the same input). */
    public static byte[] encode(byte[] magic, byte[] raw) {
        ZstdCodec zstd = new ZstdCodec(ZstdCodec.DEFAULT_LEVEL);
        byte[] tmp = new byte[zstd.maxCompressedLength(raw.length)];
        int n = zstd.compress(raw, 0, raw.length, tmp, 0);
        byte[] b = new byte[HEADER + n];
        System.arraycopy(magic, 0, b, 0, 4);
        put8(b, 4, CodecId.ZSTD.code());
        put64(b, 8, raw.length);
        put64(b, 16, n);
        System.arraycopy(tmp, 0, b, HEADER, n);
        put32(b, 24, Crc.crc32c(b, HEADER, n));
        return b;
    }

    /** Frames {@code raw} uncompressed (codec 0): for bytes that do not compress, like a dictionary. */
    public static byte[] encodeRaw(byte[] magic, byte[] raw) {
        byte[] b = new byte[HEADER + raw.length];
        System.arraycopy(magic, 0, b, 0, 4);
        put8(b, 4, CodecId.NONE.code());
        put64(b, 8, raw.length);
        put64(b, 16, raw.length);
        System.arraycopy(raw, 0, b, HEADER, raw.length);
        put32(b, 24, Crc.crc32c(b, HEADER, raw.length));
        return b;
    }

    /** Checks the frame and returns the raw bytes; {@code at} is the section's file offset. */
    public static byte[] decode(byte[] b, byte[] magic, long at, String what, String name)
            throws CorruptManifestException {
        if (b.length < HEADER || b[0] != magic[0] || b[1] != magic[1] || b[2] != magic[2] || b[3] != magic[3]) {
            throw new CorruptManifestException(name, at, what + " has no section magic");
        }
        if (b[5] != 0 || b[6] != 0 || b[7] != 0 || i32(b, 28) != 0) {
            throw new CorruptManifestException(name, at + 5, what + " has non-zero reserved bytes");
        }
        long raw = i64(b, 8);
        long stored = i64(b, 16);
        CodecId codec = CodecId.ofCode(u8(b, 4));
        if (stored != b.length - HEADER) {
            throw new CorruptManifestException(name, at + 16, what + " claims " + stored + " stored bytes but its range holds "
                    + (b.length - HEADER));
        }
        if (codec == null || (codec != CodecId.NONE && codec != CodecId.ZSTD)) {
            throw new CorruptManifestException(name, at + 4, what + " uses unknown codec " + u8(b, 4));
        }
        if (raw < 0 || raw > MAX_RAW || raw > stored * MAX_RATIO + (1 << 20)
                || (codec == CodecId.NONE && raw != stored)) {
            throw new CorruptManifestException(name, at + 8, what + " claims an implausible size of " + raw + " bytes");
        }
        int crc = i32(b, 24);
        if (crc != Crc.crc32c(b, HEADER, (int) stored)) {
            throw new CorruptManifestException(name, at + 24, what + " checksum mismatch");
        }
        byte[] out = new byte[(int) raw];
        try {
            if (codec == CodecId.NONE) {
                System.arraycopy(b, HEADER, out, 0, (int) raw);
            } else {
                new ZstdCodec(ZstdCodec.DEFAULT_LEVEL).decompress(b, HEADER, (int) stored, out, 0, (int) raw);
            }
        } catch (BlockCodecException e) {
            throw new CorruptManifestException(name, at + HEADER, what + " does not decompress: " + e.getMessage());
        }
        return out;
    }
}
