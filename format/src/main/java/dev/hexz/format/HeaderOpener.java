package dev.hexz.format;

import dev.hexz.format.crypt.ArchiveCipher;
import dev.hexz.format.crypt.MasterKey;
import dev.hexz.format.crypt.Seals;
import dev.hexz.format.io.RandomAccessSource;
import dev.hexz.format.v1.HeaderV1;
import java.io.EOFException;
import java.io.IOException;
import javax.crypto.AEADBadTagException;

/**
 * Reads an archive file's header: the plain one; or, for an encrypted archive, derives its
 * master key (or reuses the chain's), checks it against the key check, and opens the sealed
 * header. The one place where "wrong password" is told apart from damage.
 */
final class HeaderOpener {

    /**
     * A header as read: the fields, the plain header's bytes as stored, and for an encrypted
     * archive its cipher and master key (else null).
     */
    record Opened(ArchiveHeader header, byte[] plain, ArchiveCipher cipher, MasterKey master) {
    }

    private HeaderOpener() {
    }

    /**
     * @param keys where a master key comes from (null: none, an encrypted archive is refused)
     * @param known a master key already derived for the chain (null: none); used when it matches
     */
    static Opened read(RandomAccessSource src, KeySource keys, MasterKey known) throws IOException {
        long size = src.size();
        String name = src.name();
        byte[] head = src.readBytes(0, (int) Math.min(size, HeaderV1.SIZE));
        if (!HeaderV1.isEncrypted(head, size, name)) {
            return new Opened(HeaderV1.decode(head, size, name), head, null, null);
        }
        EncryptionSlot slot = HeaderV1.encryptionSlot(head, size, name);
        MasterKey master = known != null && known.matches(slot.keyCheck(), slot.archiveSalt()) ? known : null;
        if (master == null) {
            if (keys == null) {
                throw new KeyRequiredException(name);
            }
            master = keys.masterKey(name, slot);
        }
        ArchiveCipher cipher = new ArchiveCipher(master.archiveKey(slot.archiveSalt()));
        byte[] sealed;
        try {
            sealed = src.readBytes(slot.sealedOffset(), (int) slot.sealedLength());
        } catch (EOFException e) {
            throw new TruncatedArchiveException(name, slot.sealedOffset(), "sealed header lies past the end of the file");
        }
        byte[] nonce = Seals.object(Seals.HEADER, slot.sealedOffset());
        byte[] inner;
        try {
            inner = cipher.open(sealed, 0, sealed.length, nonce, nonce);
        } catch (AEADBadTagException e) {
            if (!master.matches(slot.keyCheck(), slot.archiveSalt())) {
                throw new WrongKeyException(name, slot.keySource() == EncryptionSlot.PASSWORD ? "wrong password"
                        : "wrong key file: it is not the key this archive was encrypted with");
            }
            throw new CorruptHeaderException(name, slot.sealedOffset(), "the sealed header fails authentication"
                    + " (AES-GCM): the archive was damaged or altered");
        }
        if (!master.matches(slot.keyCheck(), slot.archiveSalt())) {
            // the key opens the sealed header, so it is the right one: the plain header's key check
            // (covered by its checksum, so written that way) was changed
            throw new CorruptHeaderException(name, HeaderV1.ENCRYPTION_SLOT + 48, "the key check does not match a key"
                    + " that opens the sealed header: the plain header was altered");
        }
        return new Opened(HeaderV1.decodeSealed(inner, head, size, name), head, cipher, master);
    }
}
