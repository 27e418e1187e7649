package dev.palisade.engine.signature;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.state.NonceStore.Outcome;
import dev.palisade.engine.state.SpentNonce;
import dev.palisade.engine.store.SpentNonceStore;
import dev.palisade.engine.store.StoreException;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A single node's nonces of signatures created ahead of its clock: written, and spent again by the next process. */
class NoncesAheadTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));

    private NoncesAhead fresh() {
        return new NoncesAhead(new MemoryNonceStore(() -> 1_000, () -> 1_000), clock);
    }

    @Test
    void onlyNoncesCreatedAheadOfTheClockAreWrittenAndTheNextProcessSpendsThemAgain() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            NoncesAhead before = fresh();
            assertThat(before.record(1, 10, 1_000)).isEqualTo(Outcome.FRESH); // this second: the start's floor covers it
            assertThat(before.record(1, 11, 999)).isEqualTo(Outcome.FRESH);
            assertThat(before.record(1, 14, 1_001)).as("a second ahead: before any next start too").isEqualTo(Outcome.FRESH);
            assertThat(before.record(1, 12, 1_025)).isEqualTo(Outcome.FRESH); // 25 s ahead
            assertThat(before.record(1, 12, 1_025)).as("a replay is not written twice").isEqualTo(Outcome.REPLAYED);
            before.write(store, 970);
            assertThat(store.loadSpentNonces(0)).containsExactly(new SpentNonce(1_025, 1, 12));
            before.write(store, 970);
            assertThat(store.loadSpentNonces(0)).as("written once").hasSize(1);

            clock.advance(java.time.Duration.ofSeconds(3)); // the restart
            NoncesAhead after = fresh();
            after.restore(store.loadSpentNonces(1_003));
            assertThat(after.record(1, 12, 1_025)).isEqualTo(Outcome.REPLAYED);
            assertThat(after.record(1, 13, 1_025)).isEqualTo(Outcome.FRESH);

            store.deleteSpentNoncesBefore(1_026);
            assertThat(store.loadSpentNonces(0)).isEmpty();
        }
    }

    /* Audit 61, L4: of the nonces not written one by one, the newest second is, and the next start refuses it. */
    @Test
    void theNewestSecondOfTheRestIsWrittenOnceAndReadByTheNextProcess() {
        try (SqliteStore store = SqliteStore.open(dir)) {
            assertThat(store.loadSignedThrough()).as("none written yet").isEqualTo(Long.MIN_VALUE);
            NoncesAhead before = fresh();
            before.record(1, 10, 999);
            before.record(1, 11, 1_001); // a second ahead: not written one by one
            before.record(1, 12, 1_000);
            before.record(1, 13, 1_025); // written one by one
            before.write(store, 970);
            assertThat(store.loadSignedThrough()).isEqualTo(1_001);
        }
        try (SqliteStore reopened = SqliteStore.open(dir)) {
            assertThat(reopened.loadSignedThrough()).as("after a restart").isEqualTo(1_001);
        }
    }

    @Test
    void whatTheStoreRefusesIsWrittenWithTheNextRun() {
        NoncesAhead nonces = fresh();
        nonces.record(2, 20, 1_010);
        java.util.List<SpentNonce> saved = new java.util.ArrayList<>();
        boolean[] refusing = {true};
        SpentNonceStore store = new SpentNonceStore() {
            @Override
            public void saveSpentNonces(Collection<SpentNonce> spent) {
                if (refusing[0]) throw new StoreException("the disk is full", null);
                saved.addAll(spent);
            }
        };
        assertThatThrownBy(() -> nonces.write(store, 970)).isInstanceOf(StoreException.class);
        refusing[0] = false;
        nonces.write(store, 970);
        assertThat(saved).containsExactly(new SpentNonce(1_010, 2, 20));

        nonces.record(2, 21, 1_012);
        refusing[0] = true;
        assertThatThrownBy(() -> nonces.write(store, 970)).isInstanceOf(StoreException.class);
        refusing[0] = false;
        nonces.write(store, 1_013);
        assertThat(saved).as("stale by the time the store answers: dropped, not kept for ever").hasSize(1);
    }

    @Test
    void whatARestartSpendsAgainIsSpentWhateverTheSharesAreNow() {
        // the shares were lowered since: one nonce a session a second, where two were spent
        NoncesAhead after = new NoncesAhead(new MemoryNonceStore(() -> 1, () -> 1), clock);
        after.restore(java.util.List.of(new SpentNonce(1_020, 3, 30), new SpentNonce(1_020, 3, 31)));
        assertThat(after.record(3, 30, 1_020)).isEqualTo(Outcome.REPLAYED);
        assertThat(after.record(3, 31, 1_020)).isEqualTo(Outcome.REPLAYED);
    }
    @Test
    void theEdgesTwoSecondsAheadIsWrittenAndOneCreatedAtTheDeadLineIsKept() {
        java.util.List<SpentNonce> saved = new java.util.ArrayList<>();
        SpentNonceStore store = new SpentNonceStore() {
            @Override
            public void saveSpentNonces(Collection<SpentNonce> spent) { saved.addAll(spent); }
        };
        NoncesAhead nonces = fresh();
        nonces.record(4, 40, 1_000 + NoncesAhead.AHEAD_SECONDS - 1);
        nonces.record(4, 41, 1_000 + NoncesAhead.AHEAD_SECONDS);
        nonces.write(store, 1_002);
        assertThat(saved).containsExactly(new SpentNonce(1_002, 4, 41));

        saved.clear();
        nonces.record(4, 42, 1_005);
        nonces.write(store, 1_005); // created at the line: still live
        assertThat(saved).containsExactly(new SpentNonce(1_005, 4, 42));
    }

    @Test
    void forgettingASecondForgetsItsNonces() {
        NoncesAhead nonces = fresh();
        nonces.record(5, 50, 1_000);
        assertThat(nonces.size(1_000)).isEqualTo(1);
        nonces.forgetBefore(1_001);
        assertThat(nonces.size(1_000)).isZero();
    }
}
