package dev.hexz.format.v1;

import static dev.hexz.format.v1.LittleEndian.i32;
import static dev.hexz.format.v1.LittleEndian.i64;
import static dev.hexz.format.v1.LittleEndian.put16;
import static dev.hexz.format.v1.LittleEndian.put32;
import static dev.hexz.format.v1.LittleEndian.put64;
import static dev.hexz.format.v1.LittleEndian.put8;
import static dev.hexz.format.v1.LittleEndian.u16;
import static dev.hexz.format.v1.LittleEndian.u32;
import static dev.hexz.format.v1.LittleEndian.u8;

import dev.hexz.format.ArchiveHeader;
import dev.hexz.format.ArchiveId;
import dev.hexz.format.CorruptHeaderException;
import dev.hexz.format.CorruptIndexException;
import dev.hexz.format.CorruptManifestException;
import dev.hexz.format.EncryptionSlot;
import dev.hexz.format.crypt.Argon2Params;
import dev.hexz.format.NotAnArchiveException;
import dev.hexz.format.TruncatedArchiveException;
import dev.hexz.format.UnsupportedFormatVersionException;
import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;
import java.io.IOException;
import java.util.Arrays;

/** The byte layout of the version-1 header (format/SPEC.md, "Header"). */
public final class HeaderV1 {

    public static final int SIZE = 4096;
    public static final int MAJOR = 1;
    public static final int MINOR = 0;
    /** "HEXZ" then CR LF SUB LF, so text-mode transfers that mangle line ends are detected. */
    static final byte[] MAGIC = {'H', 'E', 'X', 'Z', 0x0D, 0x0A, 0x1A, 0x0A};
    public static final int MAX_PAGE_CAPACITY = 65536;
    /** The master index, manifest and metadata are each read whole: none may exceed 1 GiB. */
    public static final long MAX_REGION = 1L << 30;
    /** A zstd dictionary section is at most 1 MiB plus its 32-byte section header. */
    public static final long MAX_DICTIONARY = (1L << 20) + 32;

    static final int CRC_OFFSET = SIZE - 4;
    static final int PARENT_SLOT = 512;
    /** The encryption slot: key source, Argon2id parameters, salts, key check, sealed header (SPEC.md, "Encryption"). */
    public static final int ENCRYPTION_SLOT = 1024;
    /** A sealed header: a whole header, then the GCM tag. */
    public static final long SEALED_LENGTH = SIZE + dev.hexz.format.crypt.ArchiveCipher.TAG;
    /** The signature slot: section offset, length, algorithm, key fingerprint (SPEC.md, "Signature"). */
    public static final int SIGNATURE_SLOT = 1536;
    /** Longest parent path kept in the header's slot (the ancestors section has no such limit). */
    static final int MAX_SLOT_PATH = 512 - 54;

    private HeaderV1() {
    }

    public static byte[] encode(ArchiveHeader h) {
        byte[] b = new byte[SIZE];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        put16(b, 8, h.majorVersion());
        put16(b, 10, h.minorVersion());
        put32(b, 12, SIZE);
        put64(b, 16, h.flags());
        put8(b, 24, h.codec().code());
        put8(b, 25, h.hashAlgorithm());
        put8(b, 26, h.chunking().mode().code());
        put32(b, 28, h.codecLevel());
        put32(b, 32, h.chunking().minSize());
        put32(b, 36, h.chunking().avgSize());
        put32(b, 40, h.chunking().maxSize());
        put32(b, 44, h.pageCapacity());
        System.arraycopy(h.archiveId().bytes(), 0, b, 48, 16);
        put64(b, 64, h.logicalSize());
        put64(b, 72, h.createdMillis());
        put64(b, 80, h.dataOffset());
        put64(b, 88, h.dataLength());
        put64(b, 96, h.masterIndexOffset());
        put64(b, 104, h.masterIndexLength());
        put64(b, 112, h.manifestOffset());
        put64(b, 120, h.manifestLength());
        put64(b, 128, h.metadataOffset());
        put64(b, 136, h.metadataLength());
        put64(b, 144, h.blockCount());
        put64(b, 152, h.storedBlockCount());
        put64(b, 160, h.dedupBlockCount());
        put64(b, 168, h.zeroBlockCount());
        put64(b, 176, h.fileCount());
        put64(b, 184, h.pageCount());
        put64(b, 192, h.dictionaryOffset());
        put64(b, 200, h.dictionaryLength());
        System.arraycopy(h.indexDigest(), 0, b, 208, 32);
        put64(b, 240, h.ancestorsOffset());
        put64(b, 248, h.ancestorsLength());
        put64(b, 256, h.referencedBlockCount());
        put64(b, 264, h.referencedBytes());
        if (h.parent() != null) {
            System.arraycopy(h.parent().id().bytes(), 0, b, PARENT_SLOT, 16);
            System.arraycopy(h.parent().indexDigest(), 0, b, PARENT_SLOT + 16, 32);
            byte[] path = h.parent().path().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (path.length > MAX_SLOT_PATH) {
                path = new byte[0]; // the ancestors section holds the full path
            }
            put32(b, PARENT_SLOT + 48, h.chainDepth());
            put16(b, PARENT_SLOT + 52, path.length);
            System.arraycopy(path, 0, b, PARENT_SLOT + 54, path.length);
        }
        if (h.encryption() != null) {
            putEncryptionSlot(b, h.encryption());
        }
        if (h.signature() != null) {
            put64(b, SIGNATURE_SLOT, h.signature().offset());
            put64(b, SIGNATURE_SLOT + 8, h.signature().length());
            put8(b, SIGNATURE_SLOT + 16, h.signature().algorithm());
            System.arraycopy(h.signature().fingerprint(), 0, b, SIGNATURE_SLOT + 24, 32);
        }
        put32(b, CRC_OFFSET, Crc.crc32c(b, 0, CRC_OFFSET));
        return b;
    }

    /**
     * {@code raw} (a whole header as read from a file) with {@code slot} as its signature slot,
     * the SIGNED flag set and the checksum recomputed. Every other byte is kept as it was, so a
     * header from a newer minor version keeps what this version does not know.
     */
    public static byte[] withSignature(byte[] raw, dev.hexz.format.SignatureSlot slot) {
        if (raw.length != SIZE) {
            throw new IllegalArgumentException("a header is " + SIZE + " bytes, got " + raw.length);
        }
        byte[] b = raw.clone();
        put64(b, 16, i64(b, 16) | ArchiveHeader.FLAG_SIGNED);
        Arrays.fill(b, SIGNATURE_SLOT, SIGNATURE_SLOT + 64, (byte) 0);
        put64(b, SIGNATURE_SLOT, slot.offset());
        put64(b, SIGNATURE_SLOT + 8, slot.length());
        put8(b, SIGNATURE_SLOT + 16, slot.algorithm());
        System.arraycopy(slot.fingerprint(), 0, b, SIGNATURE_SLOT + 24, 32);
        put32(b, CRC_OFFSET, Crc.crc32c(b, 0, CRC_OFFSET));
        return b;
    }

    /**
     * The plain header of an encrypted archive: magic, version, length, the ENCRYPTED flag and
     * the encryption slot; every other field is zero (the sealed header has them).
     */
    public static byte[] encodePlain(EncryptionSlot slot) {
        byte[] b = new byte[SIZE];
        System.arraycopy(MAGIC, 0, b, 0, MAGIC.length);
        put16(b, 8, MAJOR);
        put16(b, 10, MINOR);
        put32(b, 12, SIZE);
        put64(b, 16, ArchiveHeader.FLAG_ENCRYPTED);
        putEncryptionSlot(b, slot);
        put32(b, CRC_OFFSET, Crc.crc32c(b, 0, CRC_OFFSET));
        return b;
    }

    private static void putEncryptionSlot(byte[] b, EncryptionSlot e) {
        int o = ENCRYPTION_SLOT;
        put8(b, o, e.keySource());
        put8(b, o + 1, EncryptionSlot.AES_256_GCM);
        if (e.kdf() != null) {
            put32(b, o + 4, e.kdf().memoryKiB());
            put32(b, o + 8, e.kdf().iterations());
            put32(b, o + 12, e.kdf().lanes());
        }
        System.arraycopy(e.kdfSalt(), 0, b, o + 16, 16);
        System.arraycopy(e.archiveSalt(), 0, b, o + 32, 16);
        System.arraycopy(e.keyCheck(), 0, b, o + 48, 32);
        put64(b, o + 80, e.sealedOffset());
        put64(b, o + 88, e.sealedLength());
    }

    /**
     * The encryption slot of an encrypted archive's header {@code b} (plain or sealed), checked:
     * a known key source and cipher, Argon2id costs within the limits (a hostile header must not
     * make a reader allocate terabytes), the sealed header inside the file.
     */
    public static EncryptionSlot encryptionSlot(byte[] b, long fileSize, String name) throws IOException {
        int o = ENCRYPTION_SLOT;
        int source = u8(b, o);
        int cipher = u8(b, o + 1);
        if (source != EncryptionSlot.PASSWORD && source != EncryptionSlot.KEY_FILE) {
            throw new UnsupportedFormatVersionException(name, "encrypted with key source " + source
                    + ", which this hexz does not know");
        }
        if (cipher != EncryptionSlot.AES_256_GCM) {
            throw new UnsupportedFormatVersionException(name, "encrypted with cipher " + cipher
                    + ", which this hexz does not know (it knows AES-256-GCM, 1)");
        }
        Argon2Params kdf = null;
        if (source == EncryptionSlot.PASSWORD) {
            try {
                kdf = new Argon2Params(i32(b, o + 4), i32(b, o + 8), i32(b, o + 12));
            } catch (IllegalArgumentException e) {
                throw new CorruptHeaderException(name, o + 4, e.getMessage());
            }
        }
        long sealedAt = i64(b, o + 80);
        long sealedLength = i64(b, o + 88);
        if (sealedLength != SEALED_LENGTH || sealedAt < SIZE || !within(sealedAt, sealedLength, fileSize)) {
            throw new CorruptHeaderException(name, o + 80, "sealed header [" + sealedAt + ", +" + sealedLength
                    + ") lies outside the file (size " + fileSize + ") or is not " + SEALED_LENGTH
                    + " bytes: the archive is truncated or its header damaged");
        }
        return new EncryptionSlot(source, kdf, Arrays.copyOfRange(b, o + 16, o + 32), Arrays.copyOfRange(b, o + 32, o + 48),
                Arrays.copyOfRange(b, o + 48, o + 80), sealedAt, sealedLength);
    }

    /** Offset of the header checksum: the bytes before it are what a signature covers of the header. */
    public static int checksumOffset() {
        return CRC_OFFSET;
    }

    /**
     * The checks every header passes, plain or sealed, in the order SPEC.md gives: not empty,
     * magic, major version, length, checksum, header length, known flags. Returns the flags.
     */
    public static long checkPrefix(byte[] b, long fileSize, String name) throws IOException {
        if (fileSize == 0) {
            throw new NotAnArchiveException(name, "empty file, not a hexz archive");
        }
        if (b.length < MAGIC.length || !Arrays.equals(b, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new NotAnArchiveException(name, "not a hexz archive (bad magic bytes)");
        }
        if (b.length < 12) {
            throw new TruncatedArchiveException(name, b.length, "header truncated: file is " + fileSize
                    + " bytes, a header is " + SIZE);
        }
        int major = u16(b, 8);
        int minor = u16(b, 10);
        if (major != MAJOR) {
            throw new UnsupportedFormatVersionException(name, "format version " + major + "." + minor
                    + " is not supported by this hexz (it reads version " + MAJOR + ".x)");
        }
        if (b.length < SIZE) {
            throw new TruncatedArchiveException(name, b.length, "header truncated: file is " + fileSize
                    + " bytes, a header is " + SIZE);
        }
        int storedCrc = i32(b, CRC_OFFSET);
        int actualCrc = Crc.crc32c(b, 0, CRC_OFFSET);
        if (storedCrc != actualCrc) {
            throw new CorruptHeaderException(name, CRC_OFFSET, String.format(
                    "header checksum mismatch: stored %08x, computed %08x", storedCrc, actualCrc));
        }
        long headerLength = u32(b, 12);
        if (headerLength != SIZE) {
            throw new CorruptHeaderException(name, 12, "header length " + headerLength + ", expected " + SIZE);
        }
        long flags = i64(b, 16);
        if ((flags & ~ArchiveHeader.KNOWN_FLAGS) != 0) {
            throw new UnsupportedFormatVersionException(name, String.format(
                    "archive needs features this hexz lacks (flags %#x)", flags & ~ArchiveHeader.KNOWN_FLAGS));
        }
        return flags;
    }

    /** Whether the header in {@code b} (checked as {@link #checkPrefix} does) is an encrypted archive's. */
    public static boolean isEncrypted(byte[] b, long fileSize, String name) throws IOException {
        return (checkPrefix(b, fileSize, name) & ArchiveHeader.FLAG_ENCRYPTED) != 0;
    }

    /**
     * Decodes and validates a plain header read from the first bytes of an archive of
     * {@code fileSize} bytes. {@code b} holds {@code min(fileSize, SIZE)} bytes.
     *
     * @throws dev.hexz.format.KeyRequiredException if the archive is encrypted (its header is
     *     then {@linkplain #decodeSealed sealed})
     */
    public static ArchiveHeader decode(byte[] b, long fileSize, String name) throws IOException {
        long flags = checkPrefix(b, fileSize, name);
        if ((flags & ArchiveHeader.FLAG_ENCRYPTED) != 0) {
            throw new dev.hexz.format.KeyRequiredException(name);
        }
        return decodeFields(b, flags, fileSize, name, signature(b, flags, fileSize, name), null);
    }

    /**
     * Decodes an encrypted archive's sealed header ({@code inner}, decrypted) and combines it with
     * the plain header's slots ({@code outer}): the result has the sealed header's fields, the
     * plain header's signature (signing rewrites only the plain header) and encryption slot.
     */
    public static ArchiveHeader decodeSealed(byte[] inner, byte[] outer, long fileSize, String name) throws IOException {
        long outerFlags = checkPrefix(outer, fileSize, name);
        EncryptionSlot slot = encryptionSlot(outer, fileSize, name);
        long flags = checkPrefix(inner, fileSize, name);
        if ((flags & ArchiveHeader.FLAG_ENCRYPTED) == 0 || (flags & ArchiveHeader.FLAG_SIGNED) != 0) {
            throw new CorruptHeaderException(name, slot.sealedOffset(), "the sealed header's flags " + flags
                    + " do not belong to an encrypted archive's sealed header");
        }
        EncryptionSlot innerSlot = encryptionSlot(inner, fileSize, name);
        if (!innerSlot.equals(slot)) {
            throw new CorruptHeaderException(name, ENCRYPTION_SLOT, "the encryption slots of the plain and the sealed"
                    + " header differ");
        }
        long combined = flags | (outerFlags & ArchiveHeader.FLAG_SIGNED);
        return decodeFields(inner, combined, fileSize, name, signature(outer, outerFlags, fileSize, name), slot);
    }

    private static ArchiveHeader decodeFields(byte[] b, long flags, long fileSize, String name,
            dev.hexz.format.SignatureSlot signature, EncryptionSlot encryption) throws IOException {
        int major = u16(b, 8);
        int minor = u16(b, 10);
        CodecId codec = CodecId.ofCode(u8(b, 24));
        if (codec == null) {
            throw new CorruptHeaderException(name, 24, "unknown codec " + u8(b, 24));
        }
        int hash = u8(b, 25);
        int expectedHash = encryption != null ? ArchiveHeader.HASH_BLAKE3_256_KEYED : ArchiveHeader.HASH_BLAKE3_256;
        if (hash != expectedHash) {
            throw new CorruptHeaderException(name, 25, "hash algorithm " + hash + " where " + expectedHash
                    + " belongs (" + (encryption != null ? "keyed BLAKE3-256 for an encrypted archive" : "BLAKE3-256")
                    + ")");
        }
        ChunkingParams chunking;
        try {
            chunking = new ChunkingParams(ChunkingParams.Mode.ofCode(u8(b, 26)), i32(b, 32), i32(b, 36), i32(b, 40));
        } catch (IllegalArgumentException e) {
            throw new CorruptHeaderException(name, 26, "invalid chunking parameters: " + e.getMessage());
        }
        long pageCapacity = u32(b, 44);
        if (pageCapacity < 1 || pageCapacity > MAX_PAGE_CAPACITY) {
            throw new CorruptHeaderException(name, 44, "index page capacity " + pageCapacity
                    + " outside 1.." + MAX_PAGE_CAPACITY);
        }
        ArchiveHeader h = new ArchiveHeader(major, minor, flags, codec, i32(b, 28), hash, chunking,
                (int) pageCapacity, ArchiveId.of(Arrays.copyOfRange(b, 48, 64)), i64(b, 72),
                i64(b, 64), i64(b, 80), i64(b, 88), i64(b, 96), i64(b, 104), i64(b, 112), i64(b, 120),
                i64(b, 128), i64(b, 136), i64(b, 192), i64(b, 200), i64(b, 144), i64(b, 152), i64(b, 160),
                i64(b, 168), i64(b, 176),
                i64(b, 184), Arrays.copyOfRange(b, 208, 240), i64(b, 240), i64(b, 248), i64(b, 256), i64(b, 264),
                i32(b, PARENT_SLOT + 48),
                parent(b, flags, name), signature, encryption);
        checkRanges(h, fileSize, name);
        if (signature != null && signature.offset() != h.partsEnd()) {
            throw new CorruptHeaderException(name, SIGNATURE_SLOT, "signature section at " + signature.offset()
                    + ", but the archive's last part ends at " + h.partsEnd() + ": it must follow it");
        }
        return h;
    }

    private static dev.hexz.format.AncestorRef parent(byte[] b, long flags, String name) throws IOException {
        if ((flags & ArchiveHeader.FLAG_HAS_PARENT) == 0) {
            return null;
        }
        int pathLen = u16(b, PARENT_SLOT + 52);
        if (pathLen > MAX_SLOT_PATH) {
            throw new CorruptHeaderException(name, PARENT_SLOT + 52, "parent path length " + pathLen + " exceeds the slot");
        }
        String path = new String(b, PARENT_SLOT + 54, pathLen, java.nio.charset.StandardCharsets.UTF_8);
        return new dev.hexz.format.AncestorRef(1, ArchiveId.of(Arrays.copyOfRange(b, PARENT_SLOT, PARENT_SLOT + 16)),
                Arrays.copyOfRange(b, PARENT_SLOT + 16, PARENT_SLOT + 48), path);
    }

    private static dev.hexz.format.SignatureSlot signature(byte[] b, long flags, long fileSize, String name)
            throws IOException {
        if ((flags & ArchiveHeader.FLAG_SIGNED) == 0) {
            return null;
        }
        int algorithm = u8(b, SIGNATURE_SLOT + 16);
        if (algorithm != dev.hexz.format.SignatureSlot.ED25519) {
            throw new UnsupportedFormatVersionException(name, "signed with algorithm " + algorithm
                    + ", which this hexz does not know (it knows Ed25519, 1)");
        }
        long offset = i64(b, SIGNATURE_SLOT);
        long length = i64(b, SIGNATURE_SLOT + 8);
        if (length != SignatureV1.SECTION_LENGTH || offset < SIZE || !within(offset, length, fileSize)) {
            throw new CorruptHeaderException(name, SIGNATURE_SLOT, "signature section [" + offset + ", +" + length
                    + ") lies outside the file (size " + fileSize + ") or is not " + SignatureV1.SECTION_LENGTH
                    + " bytes: the archive is truncated or its header damaged");
        }
        return new dev.hexz.format.SignatureSlot(offset, length, algorithm,
                Arrays.copyOfRange(b, SIGNATURE_SLOT + 24, SIGNATURE_SLOT + 56));
    }

    private static void checkRanges(ArchiveHeader h, long fileSize, String name) throws IOException {
        boolean thin = h.parent() != null;
        if (thin != (h.chainDepth() > 0) || thin != (h.ancestorsLength() > 0)) {
            throw new CorruptHeaderException(name, PARENT_SLOT + 48, "parent flag, chain depth " + h.chainDepth()
                    + " and ancestors section (" + h.ancestorsLength() + " bytes) disagree");
        }
        if (h.chainDepth() < 0 || h.chainDepth() > ArchiveHeader.MAX_CHAIN_DEPTH) {
            throw new dev.hexz.format.ParentChainException(name, "chain of " + Integer.toUnsignedString(h.chainDepth())
                    + " ancestors is deeper than the limit of " + ArchiveHeader.MAX_CHAIN_DEPTH
                    + " (flatten an archive of the chain: hexz flatten)");
        }
        if (h.ancestorsLength() != 0 && (h.ancestorsLength() > MAX_REGION
                || !within(h.ancestorsOffset(), h.ancestorsLength(), fileSize) || h.ancestorsOffset() < SIZE)) {
            throw new CorruptHeaderException(name, 240, "ancestors section [" + h.ancestorsOffset() + ", +"
                    + h.ancestorsLength() + ") lies outside the file (size " + fileSize + ")");
        }
        if (h.logicalSize() < 0) {
            throw new CorruptHeaderException(name, 64, "negative logical size " + h.logicalSize());
        }
        for (long count : new long[] {h.blockCount(), h.storedBlockCount(), h.dedupBlockCount(),
                h.zeroBlockCount(), h.fileCount(), h.pageCount()}) {
            if (count < 0) {
                throw new CorruptHeaderException(name, 144, "negative block or file count " + count);
            }
        }
        if (h.dataOffset() != SIZE || !within(h.dataOffset(), h.dataLength(), fileSize)) {
            throw new CorruptHeaderException(name, 80, "data region [" + h.dataOffset() + ", +" + h.dataLength()
                    + ") lies outside the file (size " + fileSize + ")");
        }
        if (h.dictionaryLength() != 0 && (h.dictionaryLength() > MAX_DICTIONARY
                || !within(h.dictionaryOffset(), h.dictionaryLength(), fileSize) || h.dictionaryOffset() < SIZE)) {
            throw new CorruptHeaderException(name, 192, "dictionary [" + h.dictionaryOffset() + ", +"
                    + h.dictionaryLength() + ") lies outside the file (size " + fileSize + ") or exceeds "
                    + MAX_DICTIONARY + " bytes");
        }
        if (h.masterIndexLength() > MAX_REGION || h.manifestLength() > MAX_REGION || h.metadataLength() > MAX_REGION) {
            throw new CorruptHeaderException(name, 96, "master index, manifest or metadata claims more than "
                    + MAX_REGION + " bytes (" + h.masterIndexLength() + ", " + h.manifestLength() + ", "
                    + h.metadataLength() + ")");
        }
        if (h.masterIndexLength() < MasterIndexV1.overhead()
                || !within(h.masterIndexOffset(), h.masterIndexLength(), fileSize)
                || h.masterIndexOffset() < SIZE) {
            throw new CorruptIndexException(name, 96, "master index [" + h.masterIndexOffset() + ", +"
                    + h.masterIndexLength() + ") lies outside the file (size " + fileSize
                    + "): the archive is truncated or its header damaged");
        }
        if (h.manifestLength() != 0 && (!within(h.manifestOffset(), h.manifestLength(), fileSize)
                || h.manifestOffset() < SIZE)) {
            throw new CorruptManifestException(name, 112, "manifest [" + h.manifestOffset() + ", +"
                    + h.manifestLength() + ") lies outside the file (size " + fileSize + ")");
        }
        if (h.metadataLength() != 0 && (!within(h.metadataOffset(), h.metadataLength(), fileSize)
                || h.metadataOffset() < SIZE)) {
            throw new CorruptManifestException(name, 128, "metadata [" + h.metadataOffset() + ", +"
                    + h.metadataLength() + ") lies outside the file (size " + fileSize + ")");
        }
    }

    static boolean within(long offset, long length, long fileSize) {
        return offset >= 0 && length >= 0 && offset <= fileSize && length <= fileSize - offset;
    }
}
