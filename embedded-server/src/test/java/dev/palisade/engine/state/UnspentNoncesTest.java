package dev.palisade.engine.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How kept nonces are spent: a second's at a time, in parts a script takes at once, and kept while the store is away. */
class UnspentNoncesTest {

    /** A store that records what each round trip spent, and refuses from its {@code awayFrom}th on. */
    private static final class Spending implements NonceStore {
        final List<String> trips = new ArrayList<>();
        int awayFrom = Integer.MAX_VALUE;

        @Override
        public void spend(long createdSecond, long[] sessions, long[] nonces) {
            if (trips.size() >= awayFrom) throw new StateUnavailableException("Redis does not answer", null);
            trips.add(createdSecond + ":" + nonces.length);
        }

        @Override
        public Outcome record(long session, long nonce, long createdSecond) { throw new AssertionError("spent one by one"); }

        @Override
        public int size(long createdSecond) { return 0; }
    }

    @Test
    void aSecondsNoncesAreSpentInPartsOfAThousandInTheOrderKept() {
        UnspentNonces kept = new UnspentNonces();
        for (int i = 0; i < 2_000; i++) kept.keep(1, i, 100);
        for (int i = 0; i < 3; i++) kept.keep(2, 5_000 + i, 101);
        Spending store = new Spending();

        kept.spend(store, Integer.MAX_VALUE);

        assertThat(store.trips).containsExactly("100:1000", "100:1000", "101:3");
        assertThat(kept.holds(1, 0, 100)).isFalse();
        assertThat(kept.holds(2, 5_002, 101)).isFalse();
    }

    @Test
    void atMostTheNumberAskedIsSpent() {
        UnspentNonces kept = new UnspentNonces();
        for (int i = 0; i < 40; i++) kept.keep(1, i, 100);
        Spending store = new Spending();

        kept.spend(store, 16); // a signed call's share of the work

        assertThat(store.trips).containsExactly("100:16");
        assertThat(kept.holds(1, 15, 100)).isFalse();
        assertThat(kept.holds(1, 16, 100)).as("left for the next").isTrue();
    }

    @Test
    void whatTheStoreDidNotTakeIsKeptAndSpentOnceItAnswers() {
        UnspentNonces kept = new UnspentNonces();
        for (int i = 0; i < 1_500; i++) kept.keep(1, i, 100);
        Spending store = new Spending();
        store.awayFrom = 1;

        kept.spend(store, Integer.MAX_VALUE);

        assertThat(store.trips).containsExactly("100:1000");
        assertThat(kept.holds(1, 999, 100)).isFalse();
        assertThat(kept.holds(1, 1_000, 100)).as("refused as a replay here meanwhile").isTrue();
        store.awayFrom = Integer.MAX_VALUE;
        kept.spend(store, Integer.MAX_VALUE);
        assertThat(store.trips).as("the next spend goes on").containsExactly("100:1000", "100:500");
        assertThat(kept.holds(1, 1_000, 100)).isFalse();
    }
}
