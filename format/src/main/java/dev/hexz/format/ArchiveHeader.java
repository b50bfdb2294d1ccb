package dev.hexz.format;

import dev.hexz.format.chunk.ChunkingParams;
import dev.hexz.format.codec.CodecId;

/**
 * The fields of an archive's 4096-byte header (format/SPEC.md, "Header"). Offsets and lengths
 * are absolute positions in the archive file; a length of 0 means the part is absent. The
 * dictionary is the trained zstd dictionary of a zstd archive's blocks. The index digest
 * identifies this archive's index for its children; {@code parent} is null for an archive that
 * stands alone, and the ancestors section lists the whole chain of a thin archive.
 */
public record ArchiveHeader(
        int majorVersion,
        int minorVersion,
        long flags,
        CodecId codec,
        int codecLevel,
        int hashAlgorithm,
        ChunkingParams chunking,
        int pageCapacity,
        ArchiveId archiveId,
        long createdMillis,
        long logicalSize,
        long dataOffset,
        long dataLength,
        long masterIndexOffset,
        long masterIndexLength,
        long manifestOffset,
        long manifestLength,
        long metadataOffset,
        long metadataLength,
        long dictionaryOffset,
        long dictionaryLength,
        long blockCount,
        long storedBlockCount,
        long dedupBlockCount,
        long zeroBlockCount,
        long fileCount,
        long pageCount,
        byte[] indexDigest,
        long ancestorsOffset,
        long ancestorsLength,
        long referencedBlockCount,
        long referencedBytes,
        int chainDepth,
        AncestorRef parent,
        SignatureSlot signature,
        EncryptionSlot encryption) {

    /** Flag: the archive holds a directory tree (its manifest lists files, directories, symlinks). */
    public static final long FLAG_DIRECTORY = 1L;
    /** Flag: a parent archive is named in the parent slot and the ancestors section (a thin archive). */
    public static final long FLAG_HAS_PARENT = 1L << 1;
    /** Flag: blocks, index, manifest and the full header are encrypted; the encryption slot says how. */
    public static final long FLAG_ENCRYPTED = 1L << 2;
    /** Flag: a signature section ends the file and the header's signature slot names it. */
    public static final long FLAG_SIGNED = 1L << 3;
    /** Flags this version of the reader understands; any other bit set means a newer writer. */
    public static final long KNOWN_FLAGS = FLAG_DIRECTORY | FLAG_HAS_PARENT | FLAG_SIGNED | FLAG_ENCRYPTED;
    /** The deepest chain of thin archives a reader follows (and a writer builds). */
    public static final int MAX_CHAIN_DEPTH = 1000;

    /** Hash algorithm id of BLAKE3-256 (unkeyed). */
    public static final int HASH_BLAKE3_256 = 1;
    /** Hash algorithm id of keyed BLAKE3-256 under the chain's block-id key: encrypted archives only. */
    public static final int HASH_BLAKE3_256_KEYED = 2;

    public boolean isThin() {
        return parent != null;
    }

    public boolean isEncrypted() {
        return (flags & FLAG_ENCRYPTED) != 0;
    }

    public boolean isSigned() {
        return signature != null;
    }

    /** This header with {@code slot} as its encryption slot. */
    public ArchiveHeader withEncryption(EncryptionSlot slot) {
        return copy(flags, signature, slot);
    }

    /**
     * Where the last part the header names ends (master index, manifest, metadata, dictionary,
     * ancestors section, sealed header): a signature section starts exactly there.
     */
    public long partsEnd() {
        long end = Math.max(dataOffset + dataLength, masterIndexOffset + masterIndexLength);
        end = Math.max(end, manifestOffset + manifestLength);
        end = Math.max(end, metadataOffset + metadataLength);
        end = Math.max(end, dictionaryOffset + dictionaryLength);
        end = Math.max(end, ancestorsOffset + ancestorsLength);
        if (encryption != null) {
            end = Math.max(end, encryption.sealedOffset() + encryption.sealedLength());
        }
        return end;
    }

    /** Bytes a stored object of this archive has beyond its plaintext: the GCM tag when encrypted. */
    public int sealOverhead() {
        return encryption != null ? dev.hexz.format.crypt.ArchiveCipher.TAG : 0;
    }

    /**
     * This header with {@code slot} as its signature (and the SIGNED flag), or without any
     * signature when {@code slot} is null: what {@code hexz sign} writes over the old header.
     */
    public ArchiveHeader withSignature(SignatureSlot slot) {
        return copy(slot == null ? flags & ~FLAG_SIGNED : flags | FLAG_SIGNED, slot, encryption);
    }

    private ArchiveHeader copy(long f, SignatureSlot sig, EncryptionSlot enc) {
        return new ArchiveHeader(majorVersion, minorVersion, f, codec, codecLevel, hashAlgorithm, chunking, pageCapacity,
                archiveId, createdMillis, logicalSize, dataOffset, dataLength, masterIndexOffset, masterIndexLength,
                manifestOffset, manifestLength, metadataOffset, metadataLength, dictionaryOffset, dictionaryLength,
                blockCount, storedBlockCount, dedupBlockCount, zeroBlockCount, fileCount, pageCount, indexDigest,
                ancestorsOffset, ancestorsLength, referencedBlockCount, referencedBytes, chainDepth, parent, sig, enc);
    }

    public boolean isDirectory() {
        return (flags & FLAG_DIRECTORY) != 0;
    }

    /** Bytes of the data region actually stored (compressed) in this file. */
    public long storedBytes() {
        return dataLength;
    }
}
