package dev.hexz.format;

import dev.hexz.format.crypt.MasterKey;
import java.io.IOException;

/**
 * Gives the master key of an encrypted archive, from what its encryption slot says: a password
 * (Argon2id with the slot's salt and costs) or a key file. Asked at most once per distinct slot
 * key material per reader; how the password is obtained (environment, file, prompt) is the
 * caller's business.
 */
@FunctionalInterface
public interface KeySource {

    /**
     * The master key for {@code archive}, whose encryption slot is {@code slot}. Need not be the
     * right one: the caller checks it against the slot's key check.
     *
     * @throws KeyRequiredException if there is nothing to derive a key from
     */
    MasterKey masterKey(String archive, EncryptionSlot slot) throws IOException;
}
