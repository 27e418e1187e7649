package dev.palisade.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedTableTest {

    /** A value that holds its key, as an address's counts do. */
    private record Held(String key, int n) {}

    /** Keyed as the address tables are: SipHash under the table's secret. */
    private static final class ByAddress extends KeyedTable<String, Held> {
        ByAddress() {
            super(true);
        }

        @Override
        protected long hashOf(String key, long k0, long k1) { return SipHash.hash(k0, k1, key); }

        @Override
        protected String keyIn(Held h) { return h.key(); }

        @Override
        protected boolean filedUnder(Held h, String key) { return h.key().equals(key); }
    }

    /** Every key hashes alike whatever the secret: a secret that leaked, as bad as it gets. */
    private static final class AllAlike extends KeyedTable<String, Held> {
        AllAlike() {
            super(true);
        }

        @Override
        protected long hashOf(String key, long k0, long k1) { return 42; }

        @Override
        protected String keyIn(Held h) { return h.key(); }

        @Override
        protected boolean filedUnder(Held h, String key) { return h.key().equals(key); }
    }

    /** The 2^bits strings of "Aa" and "BB" pairs: every one has the same {@code String.hashCode}. */
    static List<String> colliding(int bits) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 1 << bits; i++) {
            StringBuilder b = new StringBuilder("2001:db8::");
            for (int bit = 0; bit < bits; bit++) b.append((i >>> bit & 1) == 0 ? "Aa" : "BB");
            out.add(b.toString());
        }
        return out;
    }

    @Test
    void addressesWhoseStringHashesCollideAreAllFoundAndSpreadOut() {
        List<String> keys = colliding(14);
        assertThat(keys.stream().map(String::hashCode).distinct()).hasSize(1);
        ByAddress table = new ByAddress();
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            int n = i;
            assertThat(table.update(k, had -> had != null ? had : new Held(k, n))).isEqualTo(new Held(k, n));
        }
        assertThat(table.size()).isEqualTo(keys.size());
        for (int i = 0; i < keys.size(); i++) assertThat(table.find(keys.get(i))).isEqualTo(new Held(keys.get(i), i));
        assertThat(table.find("2001:db8::AaAaAaAaAaAaAaAaAaAaAaAaAaAa" + "x")).isNull();
        // one run of 16 384 under String.hashCode; under the secret no run is long
        assertThat(table.longestRun()).isLessThan(KeyedTable.LONGEST_RUN / 4);
        assertThat(table.capacity()).as("half to three quarters full").isBetween(keys.size() * 4 / 3, keys.size() * 2 + 16);
    }

    @Test
    void whenEveryKeyHashesAlikeEveryValueIsStillFoundAndRemovable() {
        AllAlike table = new AllAlike();
        List<Held> held = new ArrayList<>();
        for (int i = 0; i < KeyedTable.LONGEST_RUN * 3; i++) {
            Held h = new Held("k" + i, i);
            table.add(h, h.key());
            held.add(h);
        }
        for (Held h : held) assertThat(table.find(h.key())).isSameAs(h);
        assertThat(table.remove(held.get(0), "k0")).isTrue();
        assertThat(table.find("k0")).isNull();
        assertThat(table.find("k1")).isSameAs(held.get(1));
        assertThat(table.values()).hasSize(held.size() - 1);
    }

    @Test
    void itGrowsPastOneChunkAndKeepsEveryValue() {
        ByAddress table = new ByAddress();
        Set<Held> kept = new HashSet<>();
        int n = KeyedTable.CHUNK * 3;
        for (int i = 0; i < n; i++) {
            Held h = new Held("10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255), i);
            table.add(h, h.key());
            if (i % 3 == 0) assertThat(table.remove(h, h.key())).isTrue();
            else kept.add(h);
        }
        assertThat(table.capacity()).isGreaterThan(KeyedTable.CHUNK);
        assertThat(table.size()).isEqualTo(kept.size());
        for (Held h : kept) assertThat(table.find(h.key())).isSameAs(h);
        assertThat(table.find("10.0.0.0")).as("removed").isNull();
        assertThat(new HashSet<>(table.values())).isEqualTo(kept);
        table.removeIf(h -> h.n() % 2 == 0);
        kept.removeIf(h -> h.n() % 2 == 0);
        assertThat(new HashSet<>(table.values())).isEqualTo(kept);
        for (Held h : kept) assertThat(table.find(h.key())).isSameAs(h);
    }

    @Test
    void updateReplacesRemovesOrLeavesAlone() {
        ByAddress table = new ByAddress();
        assertThat(table.update("a", had -> null)).as("nothing to add").isNull();
        assertThat(table.size()).isZero();
        Held one = new Held("a", 1);
        table.update("a", had -> one);
        Held two = new Held("a", 2);
        assertThat(table.update("a", had -> had == one ? two : had)).isSameAs(two);
        assertThat(table.find("a")).isSameAs(two);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.update("a", had -> null)).isNull();
        assertThat(table.find("a")).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.remove(two, "a")).isFalse();
    }
}
