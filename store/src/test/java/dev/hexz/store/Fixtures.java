package dev.hexz.store;

import dev.hexz.format.ArchiveId;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Deterministic hashes, archive ids and records for store tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** A 32-byte "hash" determined by {@code i} (distinct for distinct i). */
    static byte[] hash(int i) {
        byte[] h = new byte[32];
        new SplittableRandom(0x5EED0000L + i).nextBytes(h);
        return h;
    }

    static ArchiveId id(int i) {
        byte[] b = new byte[16];
        new SplittableRandom(0xA0C41FE5L + i).nextBytes(b);
        return ArchiveId.of(b);
    }

    static ArchiveRecord record(ArchiveId id, long logical, long stored) {
        return new ArchiveRecord(id, Path.of("/archives/" + id + ".hxz"), null, null, logical, stored, stored + 8192,
                1_700_000_000_000L, 1_700_000_100_000L, 0);
    }

    /** A batch of blocks {@code first .. first+count-1}, entry number = index in the batch, length 1000 + i. */
    static BlockBatch blocks(int first, int count) {
        BlockBatch b = new BlockBatch();
        for (int i = 0; i < count; i++) {
            b.add(hash(first + i), i, 1000 + first + i);
        }
        return b;
    }
}
