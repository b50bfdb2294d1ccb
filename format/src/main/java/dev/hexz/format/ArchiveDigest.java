package dev.hexz.format;

import dev.hexz.format.hash.Blake3;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.v1.HeaderV1;
import dev.hexz.format.v1.SignatureV1;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The archive digest a signature covers (format/SPEC.md, "Signature"): BLAKE3-256 of the header
 * (all but its checksum, the signature slot filled in), then the master index, manifest,
 * metadata, dictionary and ancestors sections as stored, and an encrypted archive's sealed header. The index pages enter through the
 * header's index digest and the manifest chunks through the manifest's chunk digests, and every
 * block through its hash in the pages, so the signature pins every byte of the archive while
 * signing reads only its header and small sections.
 */
final class ArchiveDigest {

    private static final int PIECE = 1 << 20;

    private ArchiveDigest() {
    }

    /** The digest of the archive in {@code src} whose header bytes are {@code header} (decoded as {@code h}). */
    static byte[] of(byte[] header, ArchiveHeader h, RandomAccessSource src) throws IOException {
        Blake3.Hasher d = Blake3.newHasher();
        d.update(header, 0, HeaderV1.checksumOffset());
        region(d, src, h.masterIndexOffset(), h.masterIndexLength(), "master index");
        region(d, src, h.manifestOffset(), h.manifestLength(), "manifest");
        region(d, src, h.metadataOffset(), h.metadataLength(), "metadata");
        region(d, src, h.dictionaryOffset(), h.dictionaryLength(), "dictionary");
        region(d, src, h.ancestorsOffset(), h.ancestorsLength(), "ancestors section");
        if (h.encryption() != null) {
            region(d, src, h.encryption().sealedOffset(), h.encryption().sealedLength(), "sealed header");
        }
        return d.digest();
    }

    /** What Ed25519 signs: the context text, then the digest. */
    static byte[] message(byte[] digest) {
        byte[] m = new byte[SignatureV1.CONTEXT.length + digest.length];
        System.arraycopy(SignatureV1.CONTEXT, 0, m, 0, SignatureV1.CONTEXT.length);
        System.arraycopy(digest, 0, m, SignatureV1.CONTEXT.length, digest.length);
        return m;
    }

    private static void region(Blake3.Hasher d, RandomAccessSource src, long offset, long length, String what)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(PIECE, length));
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(PIECE, length - done);
            buf.clear().limit(n);
            try {
                src.readFully(offset + done, buf);
            } catch (EOFException e) {
                throw new TruncatedArchiveException(src.name(), offset + done, what + " lies past the end of the file");
            }
            d.update(buf.array(), 0, n);
            done += n;
        }
    }
}
