/**
 * The block store: an index under {@code $HEXZ_HOME/store} ({@link dev.hexz.store.HexzHome}) that
 * maps a block's BLAKE3 hash to the archives that store it, so that pack and commit can dedup
 * against every local archive, and find a block anywhere in a chain, in one lookup per block
 * rather than by reading every ancestor's index. Layout, byte by byte: {@code store/SCHEMA.md}.
 *
 * <p>Nouns:
 * <ul>
 *   <li>a <em>block store</em> ({@link dev.hexz.store.BlockStore}) is an index, never the only
 *       copy of anything: {@link dev.hexz.store.StoreRebuilder} rebuilds it from the archives;
 *       {@link dev.hexz.store.RocksBlockStore} keeps it in RocksDB,
 *       {@link dev.hexz.store.InMemoryBlockStore} is its twin for tests;
 *   <li>a <em>block location</em> ({@link dev.hexz.store.BlockLocation}) names an archive and the
 *       entry of its index that holds the block; the archive's entry, checked by
 *       {@link dev.hexz.store.LocationCheck}, has the offsets, codec and checksum;
 *   <li>an <em>archive record</em> ({@link dev.hexz.store.ArchiveRecord}) is what the store knows
 *       of one archive: where it was, its parent, its sizes;
 *   <li>the <em>owner</em> ({@link dev.hexz.store.StoreOwner}) is the process that has the store
 *       open; the others wait for it ({@link dev.hexz.store.StoreLockedException} when they give
 *       up). Within a process, {@link dev.hexz.store.BlockStores} shares one open store.
 * </ul>
 */
package dev.hexz.store;
