package dev.hexz.format.chunk;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reason for content-defined chunking: after a small insertion or deletion, the chunk
 * boundaries after the edit come back in step with the old ones (shifted by the edit length),
 * so only the chunk or two around the edit are new. Fixed-size blocks lose every later boundary.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkBoundaryStabilityTest {

    private static final int SIZE = 32 << 20;
    private static final byte[] INSERTED = {'h', 'e', 'x', 'z', '!', 0, 7};

    /** In the first quarter, not on any round number. */
    private static final int EDIT_AT = SIZE / 5 + 12_345;

    private byte[] original;

    @BeforeAll
    void makeInput() {
        original = ChunkTestData.semiCompressible(2024, SIZE);
    }

    /** What an edit did to the chunking, in the terms the assertions use. */
    record Outcome(int boundariesAfterEdit, int boundariesKept, int chunksAfterEdit, int newChunks) {

        double keptFraction() {
            return (double) boundariesKept / boundariesAfterEdit;
        }

        @Override
        public String toString() {
            return "kept " + boundariesKept + "/" + boundariesAfterEdit + " boundaries after the edit, "
                    + newChunks + " new chunks of " + chunksAfterEdit + " after the edit";
        }
    }

    /**
     * Compares the chunking of {@code original} and {@code edited}, where {@code edited} has
     * {@code delta} bytes inserted (positive) or deleted (negative) at {@code editAt}.
     */
    private Outcome compare(Chunker c, byte[] edited, int editAt, int delta) {
        long[] before = ChunkTestData.boundaries(c, original);
        long[] after = ChunkTestData.boundaries(c, edited);
        Set<Long> afterSet = new HashSet<>();
        for (long b : after) {
            afterSet.add(b);
        }
        // boundaries strictly after the edited region, shifted into the edited coordinates
        long editEnd = editAt + Math.max(0, -delta);
        int considered = 0;
        int kept = 0;
        for (long b : before) {
            if (b > editEnd) {
                considered++;
                if (afterSet.contains(b + delta)) {
                    kept++;
                }
            }
        }
        // chunks of the edited stream (from the one holding the edit on) whose content the
        // original stream does not have: what a deduplicating store would have to write
        Set<String> known = chunkDigests(c, original);
        int chunksAfter = 0;
        int fresh = 0;
        long start = 0;
        for (long end : after) {
            if (end > editAt) {
                chunksAfter++;
                if (!known.contains(digest(edited, (int) start, (int) end))) {
                    fresh++;
                }
            }
            start = end;
        }
        return new Outcome(considered, kept, chunksAfter, fresh);
    }

    private static Set<String> chunkDigests(Chunker c, byte[] data) {
        Set<String> out = new HashSet<>();
        long start = 0;
        for (long end : ChunkTestData.boundaries(c, data)) {
            out.add(digest(data, (int) start, (int) end));
            start = end;
        }
        return out;
    }

    private static String digest(byte[] data, int from, int to) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(data, from, to - from);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private void assertStable(Chunker c, byte[] edited, int editAt, int delta) {
        Outcome o = compare(c, edited, editAt, delta);
        assertTrue(o.boundariesAfterEdit() > 100, c + ": too few boundaries to judge: " + o);
        assertTrue(o.keptFraction() >= 0.99, c + ": " + o);
        assertTrue(o.newChunks() <= 3, c + ": " + o);
    }

    @Test
    void fastCdcBoundariesSurviveAnInsertion() {
        byte[] edited = ChunkTestData.insert(original, EDIT_AT, INSERTED);
        assertStable(new FastCdcChunker(16 << 10, 64 << 10, 256 << 10), edited, EDIT_AT, INSERTED.length);
        assertStable(new FastCdcChunker(4 << 10, 16 << 10, 64 << 10), edited, EDIT_AT, INSERTED.length);
    }

    @Test
    void fastCdcBoundariesSurviveADeletion() {
        byte[] edited = ChunkTestData.delete(original, EDIT_AT, 7);
        assertStable(new FastCdcChunker(16 << 10, 64 << 10, 256 << 10), edited, EDIT_AT, -7);
        assertStable(new FastCdcChunker(4 << 10, 16 << 10, 64 << 10), edited, EDIT_AT, -7);
    }

    @Test
    void fastCdcBoundariesSurviveEditsAtManyPlaces() {
        Chunker c = new FastCdcChunker(4 << 10, 16 << 10, 64 << 10);
        for (int i = 1; i <= 5; i++) {
            int at = i * (SIZE / 23) + 31 * i;
            assertStable(c, ChunkTestData.insert(original, at, Arrays.copyOf(INSERTED, i)), at, i);
            assertStable(c, ChunkTestData.delete(original, at, 2 * i + 1), at, -(2 * i + 1));
        }
    }

    /** The control: the same edits make fixed-size blocks lose (almost) every later boundary. */
    @Test
    void fixedSizeBlocksLoseEveryBoundaryAfterTheEdit() {
        Chunker c = new FixedSizeChunker(64 << 10);
        for (int delta : new int[] {INSERTED.length, -7}) {
            byte[] edited = delta > 0
                    ? ChunkTestData.insert(original, EDIT_AT, INSERTED)
                    : ChunkTestData.delete(original, EDIT_AT, -delta);
            Outcome o = compare(c, edited, EDIT_AT, delta);
                assertTrue(o.boundariesAfterEdit() > 100, o::toString);
            assertTrue(o.keptFraction() <= 0.01, "fixed-size: " + o);
            assertTrue(o.newChunks() >= 0.95 * o.chunksAfterEdit(), "fixed-size: " + o);
        }
    }
}
