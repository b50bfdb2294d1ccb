package dev.hexz.format;

import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.BlockCodecException;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.codec.ZstdCodec;
import dev.hexz.format.crypt.ArchiveCipher;
import dev.hexz.format.crypt.Seals;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.v1.Crc;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * One archive file as a reader uses it: its bytes, its header and its zstd dictionary. A reader
 * has a view of its own file and one of each ancestor; a block or index page stored in ancestor
 * k is read through view k, with that file's bounds, codecs and dictionary.
 */
final class ArchiveFileView {

    final RandomAccessSource source;
    final ArchiveHeader header;
    final String name;
    /** The archive key's cipher of an encrypted archive, else null. */
    final ArchiveCipher cipher;
    private volatile ZstdCodec dictionary;

    ArchiveFileView(RandomAccessSource source, ArchiveHeader header, ArchiveCipher cipher) {
        this.source = source;
        this.header = header;
        this.name = source.name();
        this.cipher = cipher;
    }

    /**
     * Reads an object of {@code kind} stored at {@code offset} (an index page, the master index, a
     * section): as stored for a plain archive, decrypted and authenticated for an encrypted one
     * ({@code length} then includes the tag).
     */
    byte[] readSealed(long offset, int length, byte[] kind, String what) throws IOException {
        byte[] stored = readRange(offset, length, what);
        if (cipher == null) {
            return stored;
        }
        byte[] nonce = Seals.object(kind, offset);
        try {
            return cipher.open(stored, 0, stored.length, nonce, nonce);
        } catch (AEADBadTagException e) {
            throw new CorruptArchiveException(name, offset, what + " fails authentication (AES-GCM): the archive was"
                    + " damaged or altered");
        }
    }

    byte[] readRange(long offset, int length, String what) throws IOException {
        return readInto(new byte[length], offset, length, what);
    }

    /** Reads {@code length} bytes at {@code offset} into the start of {@code dst}; returns {@code dst}. */
    private byte[] readInto(byte[] dst, long offset, int length, String what) throws IOException {
        try {
            source.readFully(offset, ByteBuffer.wrap(dst, 0, length));
            return dst;
        } catch (EOFException e) {
            throw new TruncatedArchiveException(name, offset, what + " lies past the end of the file");
        }
    }

    /** The bytes of an index page stored in this file, which must lie in its index region. */
    byte[] readPage(PageDescriptor d) throws IOException {
        long regionStart = header.dataOffset() + header.dataLength();
        long regionEnd = header.masterIndexOffset();
        if (d.pageOffset() < regionStart || d.pageOffset() > regionEnd || d.pageLength() > regionEnd - d.pageOffset()) {
            throw new CorruptIndexException(name, d.pageOffset(), "index page " + d.pageNumber() + " at [" + d.pageOffset()
                    + ", +" + d.pageLength() + ") lies outside this file's index region [" + regionStart + ", "
                    + regionEnd + ")");
        }
        return readSealed(d.pageOffset(), d.pageLength(), Seals.PAGE, "index page " + d.pageNumber());
    }

    /**
     * Reads a block stored in this file, checks its checksum and decompresses it. Errors name
     * {@code reader} (the archive being read) and this file when they differ.
     */
    byte[] decodeBlock(String reader, long blockNumber, long logicalOffset, long storedOffset, int storedLength,
            int rawLength, int crc, CodecId codec, byte[] hash, int hashOff) throws IOException {
        if (!storedInData(storedOffset, storedLength)) {
            throw new CorruptBlockException(where(reader), blockNumber, logicalOffset, storedOffset, "stored range +"
                    + storedLength + " lies outside the data region [" + header.dataOffset() + ", "
                    + (header.dataOffset() + header.dataLength()) + ")");
        }
        // the stored bytes do not outlive this call unless they are the block itself (NONE, not
        // encrypted: opening one makes a new array), so they go into this thread's scratch array
        // instead of a new one: a mount server reading a gigabyte otherwise allocates (and
        // zeroes) half a gigabyte of arrays the GC then collects
        boolean isTheBlock = codec == CodecId.NONE && cipher == null;
        byte[] stored = isTheBlock
                ? readRange(storedOffset, storedLength, "block " + blockNumber)
                : readInto(StoredScratch.get(storedLength), storedOffset, storedLength, "block " + blockNumber);
        return decodeStored(reader, stored, 0, isTheBlock, blockNumber, logicalOffset, storedOffset, storedLength,
                rawLength, crc, codec, hash, hashOff);
    }

    /** Whether {@code [offset, offset + length)} lies in this file's data region. */
    boolean storedInData(long offset, long length) {
        long dataStart = header.dataOffset();
        long dataEnd = dataStart + header.dataLength();
        return offset >= dataStart && offset <= dataEnd && length >= 0 && length <= dataEnd - offset;
    }

    /**
     * Reads {@code [offset, offset + length)}, the stored bytes of blocks that lie back to back in
     * this file (which the caller has checked lie in its data region), with one read into this
     * thread's scratch array; {@link #decodeStored} then decodes each from it.
     */
    byte[] readRun(long offset, int length, long firstBlock) throws IOException {
        return readInto(StoredScratch.get(length), offset, length, "blocks from " + firstBlock);
    }

    /**
     * Checks and decompresses a block whose stored bytes are {@code src[at, at + storedLength)}
     * (read from {@code storedOffset} of this file). {@code owned}: {@code src} holds exactly
     * this block and nothing else keeps it, so a block stored without compression may be
     * returned as it is.
     */
    byte[] decodeStored(String reader, byte[] src, int at, boolean owned, long blockNumber, long logicalOffset,
            long storedOffset, int storedLength, int rawLength, int crc, CodecId codec, byte[] hash, int hashOff)
            throws IOException {
        byte[] stored = src;
        if (cipher != null) {
            // the GCM tag authenticates the block (its entry's checksum is 0)
            try {
                stored = cipher.open(src, at, storedLength, Seals.blockNonce(hash, hashOff),
                        Seals.blockAad(hash, hashOff, rawLength, codec.code()));
            } catch (AEADBadTagException e) {
                throw new CorruptBlockException(where(reader), blockNumber, logicalOffset, storedOffset,
                        "fails authentication (AES-GCM): the block was damaged or altered");
            }
            at = 0;
            storedLength = stored.length;
            owned = true;
        } else {
            int actual = Crc.crc32c(stored, at, storedLength);
            if (actual != crc) {
                throw new CorruptBlockException(where(reader), blockNumber, logicalOffset, storedOffset, String.format(
                        "checksum mismatch: index says %08x, stored bytes give %08x", crc, actual));
            }
        }
        if (codec == CodecId.NONE) {
            if (storedLength != rawLength) {
                throw new CorruptBlockException(where(reader), blockNumber, logicalOffset, storedOffset,
                        "uncompressed block holds " + storedLength + " bytes, expected " + rawLength);
            }
            return owned && at == 0 && stored.length == storedLength
                    ? stored : Arrays.copyOfRange(stored, at, at + storedLength);
        }
        byte[] raw = new byte[rawLength];
        try {
            decoder(codec).decompress(stored, at, storedLength, raw, 0, rawLength);
        } catch (BlockCodecException e) {
            throw new CorruptBlockException(where(reader), blockNumber, logicalOffset, storedOffset, e.getMessage());
        }
        return raw;
    }

    /** How errors name a block's place: the archive being read, and this file when it is an ancestor. */
    private String where(String reader) {
        return reader.equals(name) ? reader : reader + " (stored in " + name + ")";
    }

    private BlockCodec decoder(CodecId codec) throws IOException {
        if (codec != CodecId.ZSTD_DICT) {
            return BlockCodec.forDecoding(codec);
        }
        ZstdCodec d = dictionary;
        if (d == null) {
            synchronized (this) {
                d = dictionary;
                if (d == null) {
                    if (header.dictionaryLength() == 0) {
                        throw new CorruptIndexException(name, 192, "a block needs this archive's zstd dictionary, "
                                + "but it has none");
                    }
                    byte[] section = readSealed(header.dictionaryOffset(), (int) header.dictionaryLength(),
                            Seals.DICTIONARY, "dictionary");
                    byte[] dict = SectionV1.decode(section, SectionV1.DICTIONARY_MAGIC, header.dictionaryOffset(),
                            "dictionary", name);
                    try {
                        d = new ZstdCodec(0, dict);
                    } catch (RuntimeException e) {
                        throw new CorruptManifestException(name, header.dictionaryOffset(),
                                "zstd dictionary is unusable: " + e.getMessage());
                    }
                    dictionary = d;
                }
            }
        }
        return d;
    }
}
