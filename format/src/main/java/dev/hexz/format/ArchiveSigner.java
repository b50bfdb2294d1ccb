package dev.hexz.format;

import dev.hexz.format.io.FileSource;
import dev.hexz.format.sign.SigningKey;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.SignatureV1;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Signs an archive in place (format/SPEC.md, "Signature"): writes the signature section right
 * after the archive's last part (over the old one of an archive signed before, or over bytes an
 * interrupted signing left), cuts the file there, then rewrites the header with the SIGNED flag
 * and the signature slot. The archive's blocks, index, manifest, id and index digest are
 * untouched, so its thin children, the block store and open readers are unaffected.
 *
 * <p>Order of writes, for crashes: the section first (synced), then the header (synced). Killed
 * between them, a first signing leaves the archive unsigned with bytes after its end that no
 * reader looks at; a re-signing leaves a signature that fails to verify until {@code sign} is
 * run again. Nothing before the end of the last part is written but the header, whose decoder
 * refuses a signature slot pointing anywhere else.
 */
public final class ArchiveSigner {

    private ArchiveSigner() {
    }

    /** Signs {@code archive} (not encrypted) with {@code key}; returns the header's new signature slot. */
    public static SignatureSlot sign(Path archive, SigningKey key) throws IOException {
        return sign(archive, key, null);
    }

    /**
     * Signs {@code archive} with {@code key}; an encrypted archive's key comes from {@code keys}
     * (its sealed header says where its sections are). Returns the header's new signature slot.
     */
    public static SignatureSlot sign(Path archive, SigningKey key, KeySource keys) throws IOException {
        byte[] rawHeader;
        ArchiveHeader h;
        long fileSize;
        byte[] digest;
        SignatureSlot slot;
        try (FileSource src = FileSource.open(archive)) {
            fileSize = src.size();
            HeaderOpener.Opened opened = HeaderOpener.read(src, keys, null);
            rawHeader = opened.plain();
            h = opened.header();
            long at = h.partsEnd(); // over an old signature, or over bytes an interrupted signing left
            slot = new SignatureSlot(at, SignatureV1.SECTION_LENGTH, SignatureSlot.ED25519,
                    key.publicKey().fingerprint());
            rawHeader = HeaderV1.withSignature(rawHeader, slot);
            digest = ArchiveDigest.of(rawHeader, h, src);
        }
        byte[] section = SignatureV1.encode(key.publicKey().bytes(), key.sign(ArchiveDigest.message(digest)));
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.WRITE)) {
            if (ch.size() != fileSize) {
                throw new IOException(archive + ": changed size while being signed (" + fileSize + " then "
                        + ch.size() + " bytes); nothing was written");
            }
            writeFully(ch, slot.offset(), section);
            ch.force(false);
            writeFully(ch, 0, rawHeader);
            if (ch.size() > slot.offset() + section.length) {
                ch.truncate(slot.offset() + section.length);
            }
            ch.force(false);
        }
        return slot;
    }

    private static void writeFully(FileChannel ch, long at, byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            ch.write(buf, at + buf.position());
        }
    }
}
