package dev.hexz.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirtyRangesTest {

    private static List<String> show(DirtyRanges d) {
        List<String> out = new ArrayList<>();
        for (long[] r : d.list()) {
            out.add(r[0] + "-" + r[1]);
        }
        return out;
    }

    @Test
    void disjointRangesStaySortedAndApart() {
        DirtyRanges d = new DirtyRanges();
        d.add(100, 200);
        d.add(0, 10);
        d.add(300, 310);
        assertEquals(List.of("0-10", "100-200", "300-310"), show(d));
        assertEquals(10 + 100 + 10, d.bytes());
    }

    @Test
    void adjacentRangesMerge() {
        DirtyRanges d = new DirtyRanges();
        d.add(10, 20);
        d.add(20, 30); // touches the end
        d.add(0, 10); // touches the start
        assertEquals(List.of("0-30"), show(d));
        assertEquals(30, d.bytes());
    }

    @Test
    void overlappingRangesMergeAcrossSeveral() {
        DirtyRanges d = new DirtyRanges();
        d.add(0, 10);
        d.add(20, 30);
        d.add(40, 50);
        d.add(60, 70);
        d.add(5, 45); // swallows the second, joins the first and the third
        assertEquals(List.of("0-50", "60-70"), show(d));
        d.add(55, 58);
        d.add(52, 80); // covers 55-58 and 60-70
        assertEquals(List.of("0-50", "52-80"), show(d));
        d.add(1, 2); // inside: no change
        assertEquals(List.of("0-50", "52-80"), show(d));
        assertEquals(50 + 28, d.bytes());
    }

    @Test
    void emptyAndBackwardRangesAreIgnored() {
        DirtyRanges d = new DirtyRanges();
        d.add(5, 5);
        d.add(9, 3);
        assertTrue(d.isEmpty());
        assertEquals(0, d.bytes());
    }

    @Test
    void cutAtDropsWhatIsAtOrPastTheSize() {
        DirtyRanges d = new DirtyRanges();
        d.add(0, 10);
        d.add(20, 30);
        d.add(40, 50);
        d.cutAt(25); // cuts the middle range, drops the last
        assertEquals(List.of("0-10", "20-25"), show(d));
        d.cutAt(20); // a range starting exactly at the size goes
        assertEquals(List.of("0-10"), show(d));
        d.cutAt(10); // ending exactly at the size stays whole
        assertEquals(List.of("0-10"), show(d));
        d.cutAt(0);
        assertTrue(d.isEmpty());
    }

    @Test
    void containingAndNextStartAfter() {
        DirtyRanges d = new DirtyRanges();
        d.add(10, 20);
        d.add(30, 40);
        assertNull(d.containing(9));
        assertArrayEquals(new long[] {10, 20}, d.containing(10));
        assertArrayEquals(new long[] {10, 20}, d.containing(19));
        assertNull(d.containing(20), "ranges are half open");
        assertArrayEquals(new long[] {30, 40}, d.containing(35));
        assertNull(d.containing(40));

        assertEquals(10, d.nextStartAfter(0));
        assertEquals(30, d.nextStartAfter(10));
        assertEquals(30, d.nextStartAfter(25));
        assertEquals(Long.MAX_VALUE, d.nextStartAfter(30));
        assertEquals(Long.MAX_VALUE, d.nextStartAfter(100));
    }

    @Test
    void clearEmpties() {
        DirtyRanges d = new DirtyRanges();
        d.add(0, 1);
        d.clear();
        assertTrue(d.isEmpty());
        assertEquals(List.of(), show(d));
    }

    /** Random adds and cuts against a bit set holding the same bytes. */
    @Test
    void agreesWithABitSetModel() {
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            DirtyRanges d = new DirtyRanges();
            BitSet model = new BitSet();
            for (int op = 0; op < 30; op++) {
                if (rnd.nextInt(8) == 0) {
                    int size = rnd.nextInt(500);
                    d.cutAt(size);
                    model.clear(size, Integer.MAX_VALUE);
                } else {
                    int s = rnd.nextInt(500);
                    int e = s + rnd.nextInt(60);
                    d.add(s, e);
                    model.set(s, e);
                }
                assertEquals(model.cardinality(), d.bytes());
                long prevEnd = -1;
                for (long[] r : d.list()) {
                    assertTrue(r[0] > prevEnd, "sorted, disjoint and not touching: " + show(d));
                    assertTrue(r[1] > r[0]);
                    assertEquals(r[0], model.nextSetBit((int) r[0]));
                    assertEquals(r[1], model.nextClearBit((int) r[0]), "a range is a maximal run: " + show(d));
                    prevEnd = r[1];
                }
                for (int i = 0; i < 520; i++) {
                    long[] c = d.containing(i);
                    assertEquals(model.get(i), c != null, "containing(" + i + ")");
                }
            }
        }
    }
}
