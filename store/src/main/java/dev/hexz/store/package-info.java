/**
 * The block store: a RocksDB index under {@code $HEXZ_HOME/store} that maps a block's BLAKE3
 * hash to the archive and offset where it is stored, so that pack and commit can dedup against
 * every local archive without rescanning them.
 *
 * <p>Nouns: a <em>block store</em> is an index, never the only copy of anything; a <em>block
 * location</em> names an archive id, an offset and lengths. Built by the thin-archive issue.
 */
package dev.hexz.store;
