package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The block store: which archives hold a block with a given hash, and what archives are known.
 * An index that can always be rebuilt from the archives ({@link StoreRebuilder}), never the only
 * copy of anything. Two implementations with the same semantics, held to them by one contract
 * test: {@link RocksBlockStore} (on disk) and {@link InMemoryBlockStore}.
 *
 * <p>Semantics every implementation keeps:
 * <ul>
 *   <li>A block hash is 32 bytes (BLAKE3-256 of the raw bytes); anything else is an
 *       {@link IllegalArgumentException}.
 *   <li>A hash may be stored in several archives; {@link #find} returns all its locations ordered
 *       by archive id (unsigned bytes), at most one per archive.
 *   <li>Only blocks of recorded archives are found: an archive's blocks become visible together
 *       with its record, when {@link #record} returns.
 *   <li>Recording is additive and idempotent: an archive never changes, so recording it again
 *       (same id) rewrites the same entries and replaces its record.
 * </ul>
 * Thread-safe.
 */
public interface BlockStore extends AutoCloseable {

    /** Every archive holding a block with this hash; empty when none does (the common case in a pack). */
    List<BlockLocation> find(byte[] hash) throws StoreException;

    /** {@link #find} for many hashes at once (cheaper per hash on disk); the i-th list answers the i-th hash. */
    default List<List<BlockLocation>> findAll(List<byte[]> hashes) throws StoreException {
        List<List<BlockLocation>> out = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) {
            out.add(find(h));
        }
        return out;
    }

    /**
     * A location of the block in one of {@code archives} (e.g. the archives of a chain), if any;
     * when several hold it, the one with the lowest archive id.
     */
    Optional<BlockLocation> findIn(byte[] hash, Set<ArchiveId> archives) throws StoreException;

    /**
     * Records an archive and the blocks stored in it. The blocks are written first and the record
     * last, so that an interrupted recording leaves no archive record whose blocks are missing
     * (only entries that are invisible until the archive is recorded again or forgotten).
     */
    void record(ArchiveRecord archive, BlockSource blocks) throws IOException;

    /** The record of one archive. */
    Optional<ArchiveRecord> archive(ArchiveId id) throws StoreException;

    /** All archives recorded, ordered by archive id. */
    List<ArchiveRecord> archives() throws StoreException;

    /** Removes an archive's record and all its block entries; nothing happens for an unknown archive. */
    void forget(ArchiveId id) throws StoreException;

    /** Removes every archive and block (what a rebuild from scratch starts with). */
    void clear() throws StoreException;

    /** Counts of what the store holds (reads every block entry: seconds for tens of millions). */
    StoreStats stats() throws StoreException;

    /** The store's directory, or empty for a store that lives in memory. */
    Optional<Path> directory();

    @Override
    void close() throws StoreException;
}
