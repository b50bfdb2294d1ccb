/**
 * Content hashing for the archive format.
 *
 * <p>Nouns used across the format:
 * <ul>
 *   <li><b>block hash</b>: the BLAKE3-256 (32-byte {@link dev.hexz.format.hash.Blake3#hash})
 *       of a block's raw, uncompressed bytes. It names the block: two blocks with the same
 *       block hash are the same block, which is what deduplication relies on, and a reader
 *       recomputes it after decompressing to detect corruption. It is taken over the raw bytes,
 *       not the compressed ones, so that it does not change when the codec or level does.
 *   <li><b>digest</b>: any BLAKE3 output; 32 bytes unless stated otherwise. BLAKE3 can produce
 *       longer output (extended output, XOF) whose first 32 bytes equal the digest.
 *   <li><b>keyed hash</b>: BLAKE3's keyed mode with a 32-byte key, a MAC. The mode is
 *       domain-separated from the plain hash: the keyed hash of some bytes is unrelated to
 *       their block hash.
 * </ul>
 *
 * <p>Why BLAKE3: it is a cryptographic hash (deduplication by hash is only sound if nobody can
 * construct two blocks with one hash); it is among the fastest such hashes in software, and
 * parallel by design (a tree over 1 KiB chunks, which is what lets this implementation
 * vectorize it); and its output is fixed by a public specification with test vectors, so
 * archives stay readable by other implementations. The implementation here is pure Java and
 * exists for speed; see {@link dev.hexz.format.hash.Blake3}.
 */
package dev.hexz.format.hash;
