/**
 * Ed25519 keys for signing archives, and their one-line text form.
 *
 * <p>Nouns: a <em>signing key</em> is the secret half (a 32-byte Ed25519 seed, kept in a file
 * of mode 0600); a <em>verifying key</em> is the public half (32 bytes) that anyone may hold;
 * its <em>fingerprint</em> is the BLAKE3-256 of those 32 bytes, which the archive header
 * records and {@code inspect} shows (first 16 bytes). A <em>key text</em> is how either half is
 * written to a file: a label naming the kind, then base64 of the key and a 4-byte check, so a
 * truncated, damaged or wrong kind of key file is told apart from a good one.
 *
 * <p>Signing and checking an archive with these keys is {@link dev.hexz.format.ArchiveSigner}
 * and {@link dev.hexz.format.SignatureVerifier}; the bytes are format/SPEC.md, "Signature".
 */
package dev.hexz.format.sign;
