/**
 * The {@code .hxz} archive: its Java API. format/SPEC.md is the normative byte layout.
 *
 * <p>Nouns:
 * <ul>
 * <li>An <em>archive</em> is one immutable file: a header, compressed <em>blocks</em>, a two-level
 * <em>index</em> (a master index of <em>index pages</em> of <em>block entries</em>), an optional
 * <em>manifest</em> of files, user <em>metadata</em> (JSON) and, for zstd, a trained dictionary.
 * <li>The <em>logical stream</em> is the bytes an archive represents (for a directory archive,
 * its files' bytes one after another); a <em>block</em> is a chunk of it, identified by the
 * BLAKE3-256 of its raw bytes and stored at most once.
 * <li>A <em>thin archive</em> names a <em>parent</em> by identity (archive id and index digest)
 * and stores only the blocks its <em>ancestors</em> lack; the others, and whole index pages and
 * manifest chunks, are referenced where they are stored. The ancestors form a <em>chain</em>.
 * <li>{@link dev.hexz.format.ArchiveWriter} writes an archive (to a temporary file, published
 * atomically); {@link dev.hexz.format.ArchiveReader} reads any byte range of one, thread-safely,
 * through a cache of decompressed blocks; {@link dev.hexz.format.ArchiveVerifier} re-reads and
 * re-hashes every block.
 * <li>An <em>encrypted archive</em> seals everything it stores with AES-256-GCM under its
 * <em>archive key</em>, derived from a <em>master key</em> (a password through Argon2id, or a key
 * file) that a {@link dev.hexz.format.KeySource} gives the reader; its blocks are named by a
 * keyed BLAKE3 hash. Its <em>plain header</em> holds only the <em>encryption slot</em>; the
 * full header is <em>sealed</em> at the end (package {@code crypt}).
 * <li>A <em>signed archive</em> ends with an Ed25519 <em>signature</em> of its header, index and
 * sections ({@link dev.hexz.format.ArchiveSigner}, {@link dev.hexz.format.SignatureVerifier};
 * keys in package {@code sign}).
 * </ul>
 * Errors are checked {@link java.io.IOException}s that name the archive and the offset:
 * {@link dev.hexz.format.CorruptArchiveException} and its kinds, {@link
 * dev.hexz.format.UnsupportedFormatVersionException}, {@link dev.hexz.format.ParentChainException},
 * {@link dev.hexz.format.KeyRequiredException} and {@link dev.hexz.format.WrongKeyException} (an
 * encrypted archive without its key), {@link dev.hexz.format.SignatureException}.
 */
package dev.hexz.format;
