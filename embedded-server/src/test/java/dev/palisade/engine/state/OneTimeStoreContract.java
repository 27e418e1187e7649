package dev.palisade.engine.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link OneTimeStore} must do (STYLE 12); a subclass says how to make one. */
public abstract class OneTimeStoreContract {

    private static final long LIFE = 30_000;

    /** A fresh, empty store of {@code capacity} values, at most {@code share} per owner. */
    protected abstract OneTimeStore<String> store(int capacity, int share);

    @Test
    void aValueIsTakenOnceAndPeekingLeavesIt() {
        OneTimeStore<String> s = store(10, 10);
        String v = s.mint("10.0.0.1", 1_000, LIFE, "page");
        assertThat(v).matches("[A-Za-z0-9_-]{24}");
        assertThat(s.peek(v).attachment()).isEqualTo("page");
        assertThat(s.peek(v).owner()).isEqualTo("10.0.0.1");
        assertThat(s.take(v).issuedAt()).isEqualTo(1_000);
        assertThat(s.take(v)).isNull();
        assertThat(s.peek(v)).isNull();
        assertThat(s.take("made-up")).isNull();
        assertThat(s.take(null)).isNull();
    }

    @Test
    void aFullStoreRefusesRatherThanEvictsUntilValuesLapse() {
        OneTimeStore<String> s = store(3, 3);
        String first = s.mint("a", 0, LIFE, "1");
        s.mint("b", 0, LIFE, "2");
        s.mint("c", 0, LIFE, "3");
        assertThatThrownBy(() -> s.mint("d", 1, LIFE, "4")).isInstanceOfSatisfying(OneTimeStore.RefusedException.class,
                e -> assertThat(e.refusal()).isEqualTo(OneTimeStore.Refusal.FULL));
        assertThat(s.peek(first)).as("live values are kept").isNotNull();
        assertThat(s.mint("d", LIFE + 1, LIFE, "4")).as("lapsed values make room").isNotNull();
        assertThat(s.size()).isEqualTo(1);
    }

    @Test
    void oneOwnerHoldsOnlyItsShareAndOthersStillMint() {
        OneTimeStore<String> s = store(100, 2);
        String one = s.mint("flood", 0, LIFE, "1");
        s.mint("flood", 0, LIFE, "2");
        assertThatThrownBy(() -> s.mint("flood", 0, LIFE, "3")).isInstanceOfSatisfying(OneTimeStore.RefusedException.class,
                e -> assertThat(e.refusal()).isEqualTo(OneTimeStore.Refusal.OWNER_FULL));
        assertThat(s.mint("person", 0, LIFE, "4")).isNotNull();
        s.take(one);
        assertThat(s.mint("flood", 0, LIFE, "5")).as("a taken value gives the share back").isNotNull();
        assertThatThrownBy(() -> s.mint("flood", 0, LIFE, "5b")).as("one place back, not the whole share")
                .isInstanceOf(OneTimeStore.RefusedException.class);
        assertThat(s.mint("flood", 2 * LIFE, LIFE, "6")).as("lapsed values give it back too").isNotNull();
    }

    /* Session 50: a page's window grows with its price, so each value lapses at the end of its own life. */
    @Test
    void eachValueLapsesAtTheEndOfItsOwnLife() {
        OneTimeStore<String> s = store(10, 10);
        String cheap = s.mint("a", 0, LIFE, "14 bits");
        String dear = s.mint("a", 0, 2 * LIFE, "22 bits");
        s.sweep(LIFE);
        assertThat(s.size()).as("both alive at the shorter one's last millisecond").isEqualTo(2);
        s.sweep(LIFE + 1);
        assertThat(s.peek(cheap)).isNull();
        assertThat(s.peek(dear)).isNotNull();
        s.sweep(2 * LIFE + 1);
        assertThat(s.size()).isZero();
    }
}
