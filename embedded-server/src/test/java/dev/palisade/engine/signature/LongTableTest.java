package dev.palisade.engine.signature;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nonce store's open-addressing set against {@link HashSet}: after any adds, through growth and
 * probe runs that wrap around the end of the table, it holds exactly the same values.
 */
class LongTableTest {

    private static final long K0 = 0x5eedL;
    private static final long K1 = 0x5eed5L;

    @Test
    void anyAddsHoldWhatAHashSetHolds() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable();
            Set<Long> expected = new HashSet<>();
            int range = 8 + random.nextInt(2_000); // few distinct values: adds repeat, runs collide and wrap
            for (int op = 0; op < 20_000; op++) {
                long v = 1 + random.nextInt(range);
                if (!table.contains(v)) {
                    table.add(v);
                    expected.add(v);
                }
                assertThat(table.size).isEqualTo(expected.size());
            }
            for (long v = 1; v <= range; v++) assertThat(table.contains(v)).as("value %d", v).isEqualTo(expected.contains(v));
        }
    }

    /** Where a value lands in an empty table placing under the test's key: its home slot. */
    private static int home(long v) {
        MemoryNonceStore.LongTable t = new MemoryNonceStore.LongTable(K0, K1);
        t.add(v);
        int i = 0;
        while (t.table[i] != v) i++;
        return i;
    }

    @Test
    void aProbeRunThatWrapsPastTheEndKeepsEveryValueReachable() {
        int last = new MemoryNonceStore.LongTable(K0, K1).table.length - 1;
        List<Long> clustered = new ArrayList<>();
        int atEnd = 0;
        int atStart = 0;
        for (long v = 1; atEnd < 12 || atStart < 12; v++) {
            int h = home(v);
            if (h >= last - 3 && atEnd < 12) {
                clustered.add(v);
                atEnd++;
            } else if (h <= 3 && atStart < 12) {
                clustered.add(v);
                atStart++;
            }
        }
        Random random = new Random(1);
        for (int round = 0; round < 500; round++) {
            Collections.shuffle(clustered, random);
            MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable(K0, K1);
            Set<Long> expected = new HashSet<>();
            for (long v : clustered) {
                if (random.nextBoolean()) continue;
                table.add(v);
                expected.add(v);
            }
            for (long v : clustered) assertThat(table.contains(v)).as("round %d, value %d", round, v).isEqualTo(expected.contains(v));
        }
    }

    /**
     * The nonce's hash is public (every node computes it alike), so a caller can choose the values the
     * table holds. These 300 agree in the low 43 bits of their xor-shift by 33: a placement that mixes
     * the value with a secret by xor-shift and multiply puts them all at one slot whatever the secret.
     * Under the table's keyed hash they spread, and no lookup walks a long run.
     */
    @Test
    void valuesChosenToShareASlotDoNotShareOneInATableWithASecretPlacement() {
        int chosen = 300;
        MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable();
        long[] values = new long[chosen];
        for (int i = 0; i < chosen; i++) {
            long u = (long) (i + 1) << 43 | 0x2a5L;
            values[i] = u ^ (u >>> 33); // the xor-shift by 33 is its own inverse: this value's xor-shift is u
            table.add(values[i]);
        }
        assertThat(table.table.length).as("the room 300 values take").isEqualTo(1024);
        assertThat(longestRun(table.table)).isLessThan(40);
        for (long v : values) assertThat(table.contains(v)).isTrue();
    }

    /** The longest run of occupied slots, wrapping past the end as a probe does. */
    private static int longestRun(long[] table) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < 2 * table.length; i++) {
            run = table[i % table.length] == 0 ? 0 : run + 1;
            longest = Math.max(longest, Math.min(run, table.length));
        }
        return longest;
    }

    @Test
    void clearingEmptiesItAndGivesBackTheRoomABurstTook() {
        MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable();
        int initial = table.table.length;
        for (long v = 1; v <= initial * 4L; v++) table.add(v);
        assertThat(table.table.length).isGreaterThan(initial);
        table.clear(0);
        assertThat(table.size).isZero();
        assertThat(table.table.length).isEqualTo(initial);
        assertThat(table.contains(1)).isFalse();
        table.add(5);
        table.clear(0);
        assertThat(table.contains(5)).as("a table that never grew is emptied in place").isFalse();
    }

    @Test
    void itGrowsBeforeItIsHalfFull() {
        MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable();
        int initial = table.table.length;
        for (long v = 1; v <= initial / 2; v++) table.add(v);
        assertThat(table.table.length).as("exactly half full").isEqualTo(initial);
        table.add(initial);
        assertThat(table.table.length).isEqualTo(initial * 2);
        for (long v = 1; v <= initial / 2; v++) assertThat(table.contains(v)).isTrue();
    }

    @Test
    void aTableClearedForSoManyValuesHoldsThemWithoutGrowingAndNoMore() {
        MemoryNonceStore.LongTable table = new MemoryNonceStore.LongTable();
        int initial = table.table.length;
        table.clear(initial / 2);
        assertThat(table.table.length).as("the least room already holds half its slots").isEqualTo(initial);
        table.clear(initial / 2 + 1);
        assertThat(table.table.length).isEqualTo(initial * 2);
        for (long v = 1; v <= initial / 2 + 1; v++) table.add(v);
        assertThat(table.table.length).as("no growth for as many as it was cleared for").isEqualTo(initial * 2);
        table.clear(0);
        assertThat(table.table.length).as("room given back").isEqualTo(initial);
        assertThat(table.size).isZero();
        assertThat(table.contains(1)).isFalse();
    }

    @Test
    void perSessionCountsAddUpLikeAHashMapThroughGrowthAndClear() {
        Random random = new Random(7);
        MemoryNonceStore.LongCounts counts = new MemoryNonceStore.LongCounts();
        java.util.Map<Long, Integer> expected = new java.util.HashMap<>();
        for (int op = 0; op < 20_000; op++) {
            long key = 1 + random.nextInt(300); // enough keys to grow the table several times
            int delta = random.nextInt(4) == 0 ? -1 : 1;
            counts.add(key, delta);
            expected.merge(key, delta, Integer::sum);
        }
        for (long key = 1; key <= 300; key++) assertThat(counts.get(key)).as("key %d", key).isEqualTo(expected.getOrDefault(key, 0));
        assertThat(counts.capacity()).isGreaterThan(16);
        counts.clear();
        assertThat(counts.capacity()).as("a burst's room is given back").isEqualTo(16);
        assertThat(counts.get(5)).isZero();
        counts.add(5, 3);
        counts.add(6, 1);
        counts.clear();
        assertThat(counts.get(5)).as("a table that never grew is emptied in place").isZero();
        assertThat(counts.size).isZero();
        for (long key = 1; key <= 8; key++) counts.add(key, (int) key);
        assertThat(counts.capacity()).as("exactly half full").isEqualTo(16);
        counts.add(9, 9);
        assertThat(counts.capacity()).isEqualTo(32);
        for (long key = 1; key <= 9; key++) assertThat(counts.get(key)).isEqualTo((int) key);
    }
}
