/**
 * Encryption of archives (format/SPEC.md, "Encryption").
 *
 * <p>Nouns: the <em>master key</em> (32 bytes) is derived from a password with Argon2id, or read
 * from a key file; everything else is derived from it with keyed BLAKE3. The <em>key check</em>
 * in the header tells a wrong password from a damaged archive. The <em>block-id key</em> keys
 * the BLAKE3 that names blocks, so equal blocks still deduplicate (within an archive and against
 * ancestors under the same master key) while the names reveal nothing without the key. The
 * <em>archive key</em> (one per archive, from the master key and a random salt in its header) is
 * the AES-256-GCM key of everything the archive stores: blocks, index pages, master index,
 * sections and its <em>sealed header</em>, the full header kept encrypted while the plain one
 * says only how to derive the key. A <em>key source</em> gives the master key for an archive's
 * encryption slot (a password prompt, an environment variable, a key file).
 */
package dev.hexz.format.crypt;
