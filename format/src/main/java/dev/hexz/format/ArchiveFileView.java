package dev.hexz.format;

import dev.hexz.format.codec.BlockCodec;
import dev.hexz.format.codec.BlockCodecException;
import dev.hexz.format.codec.CodecId;
import dev.hexz.format.codec.ZstdCodec;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.v1.Crc;
import dev.hexz.format.v1.PageDescriptor;
import dev.hexz.format.v1.SectionV1;
import java.io.EOFException;
import java.io.IOException;

/**
 * One archive file as a reader uses it: its bytes, its header and its zstd dictionary. A reader
 * has a view of its own file and one of each ancestor; a block or index page stored in ancestor
 * k is read through view k, with that file's bounds, codecs and dictionary.
 */
final class ArchiveFileView {

    final RandomAccessSource source;
    final ArchiveHeader header;
    final String name;
    private volatile ZstdCodec dictionary;

    ArchiveFileView(RandomAccessSource source, ArchiveHeader header) {
        this.source = source;
        this.header = header;
        this.name = source.name();
    }

    byte[] readRange(long offset, int length, String what) throws IOException {
        try {
            return source.readBytes(offset, length);
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
        return readRange(d.pageOffset(), d.pageLength(), "index page " + d.pageNumber());
    }

    /**
     * Reads a block stored in this file, checks its checksum and decompresses it. Errors name
     * {@code reader} (the archive being read) and this file when they differ.
     */
    byte[] decodeBlock(String reader, long blockNumber, long logicalOffset, long storedOffset, int storedLength,
            int rawLength, int crc, CodecId codec) throws IOException {
        String where = reader.equals(name) ? reader : reader + " (stored in " + name + ")";
        long dataStart = header.dataOffset();
        long dataEnd = dataStart + header.dataLength();
        if (storedOffset < dataStart || storedOffset > dataEnd || storedLength > dataEnd - storedOffset) {
            throw new CorruptBlockException(where, blockNumber, logicalOffset, storedOffset, "stored range +"
                    + storedLength + " lies outside the data region [" + dataStart + ", " + dataEnd + ")");
        }
        byte[] stored = readRange(storedOffset, storedLength, "block " + blockNumber);
        int actual = Crc.crc32c(stored, 0, storedLength);
        if (actual != crc) {
            throw new CorruptBlockException(where, blockNumber, logicalOffset, storedOffset, String.format(
                    "checksum mismatch: index says %08x, stored bytes give %08x", crc, actual));
        }
        if (codec == CodecId.NONE) {
            if (storedLength != rawLength) {
                throw new CorruptBlockException(where, blockNumber, logicalOffset, storedOffset,
                        "uncompressed block holds " + storedLength + " bytes, expected " + rawLength);
            }
            return stored;
        }
        byte[] raw = new byte[rawLength];
        try {
            decoder(codec).decompress(stored, 0, storedLength, raw, 0, rawLength);
        } catch (BlockCodecException e) {
            throw new CorruptBlockException(where, blockNumber, logicalOffset, storedOffset, e.getMessage());
        }
        return raw;
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
                    byte[] section = readRange(header.dictionaryOffset(), (int) header.dictionaryLength(), "dictionary");
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
