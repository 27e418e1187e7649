package dev.palisade.state.redis;

import dev.palisade.engine.state.SharedRates;
import dev.palisade.engine.state.SharedRates.Slot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rate windows counted by two nodes together in a real redis-server. */
class RedisRatesTest {

    private static final long W = 10_000;
    private static final long T = 1_800_000_000_000L; // a bucket's start (a multiple of W)

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TwoNodes NODES = new TwoNodes();



    @BeforeEach
    void empty() throws Exception {
        NODES.flush();
    }

    @Test
    void twoNodesShareOneLimitAndARefusedCallIsNotCounted() {
        SharedRates a = NODES.nodeA().rates();
        SharedRates b = NODES.nodeB().rates();
        List<Slot> session = List.of(new Slot("w:s1", 3, W));
        assertThat(a.acquire(session, T + 1)).isNull();
        assertThat(b.acquire(session, T + 2)).isNull();
        assertThat(a.acquire(session, T + 3)).isNull();
        SharedRates.Refused refused = b.acquire(session, T + 4);
        assertThat(refused).isNotNull();
        assertThat(refused.index()).isZero();
        assertThat(refused.observed()).isEqualTo(4.0);
        assertThat(refused.firstInWindow()).isTrue();
        assertThat(refused.retryAfterSeconds()).isEqualTo(10);
        SharedRates.Refused again = a.acquire(session, T + 5);
        assertThat(again.observed()).as("the refused call was not counted").isEqualTo(4.0);
        assertThat(again.firstInWindow()).as("reported once per window, cluster-wide").isFalse();
        assertThat(a.acquire(List.of(new Slot("w:s2", 3, W)), T + 6)).as("another key has its own count").isNull();
    }

    /* Review 55 #5: a window whose limit changed reports its new limit's first refusal, on every node. */
    @Test
    void aChangedLimitsFirstRefusalIsReportedAgain() {
        SharedRates a = NODES.nodeA().rates();
        SharedRates b = NODES.nodeB().rates();
        for (int i = 1; i <= 3; i++) assertThat(a.acquire(List.of(new Slot("w:ip", 3, W)), T + i)).isNull();
        assertThat(a.acquire(List.of(new Slot("w:ip", 3, W)), T + 4).firstInWindow()).isTrue();
        assertThat(b.acquire(List.of(new Slot("w:ip", 3, W)), T + 5).firstInWindow()).isFalse();
        SharedRates.Refused lowered = b.acquire(List.of(new Slot("w:ip", 2, W)), T + 6);
        assertThat(lowered.observed()).as("the counts are kept").isEqualTo(4.0);
        assertThat(lowered.firstInWindow()).as("the new limit's first refusal").isTrue();
        assertThat(a.acquire(List.of(new Slot("w:ip", 2, W)), T + 7).firstInWindow()).isFalse();
    }

    /*
     * Review 55: once a window's Redis key no longer named its limit, two windows that differ only in their limit
     * shared one count, which each call raised twice: [ip 10/60, ip 5/60] refused the 3rd call, where one node refuses
     * the 6th. They are counted once, against the lower limit.
     */
    @Test
    void twoWindowsThatCountTheSameCallsAreCountedOnceAgainstTheLowerLimit() {
        List<dev.palisade.engine.rate.RateWindow> windows = List.of(
                new dev.palisade.engine.rate.RateWindow(dev.palisade.engine.rate.Scope.IP, 10, 60, null),
                new dev.palisade.engine.rate.RateWindow(dev.palisade.engine.rate.Scope.IP, 5, 60, null));
        dev.palisade.engine.rate.ClusterRates rates = new dev.palisade.engine.rate.ClusterRates(() -> windows, NODES.nodeA().rates());
        for (int i = 1; i <= 5; i++) {
            assertThat(rates.acquire("/api/notes", "s" + i, "10.0.0.1", null, T + i)).as("call " + i).isNull();
        }
        dev.palisade.engine.rate.RateLimiter.Exceeded sixth = rates.acquire("/api/notes", "s6", "10.0.0.1", null, T + 6);
        assertThat(sixth).as("the 6th call").isNotNull();
        assertThat(sixth.window()).isEqualTo(windows.get(1));
        assertThat(sixth.observed()).isEqualTo(6.0);
    }

    /* Session 49: a call a later check refused is taken back out of the bucket it was counted in, on any node. */
    @Test
    void aCallTakenBackLeavesRoomInTheBucketItWasCountedIn() {
        SharedRates a = NODES.nodeA().rates();
        SharedRates b = NODES.nodeB().rates();
        List<Slot> session = List.of(new Slot("w:s1", 2, W), new Slot("w:s1b", 100, W));
        assertThat(a.acquire(session, T + 1)).isNull();
        assertThat(b.acquire(session, T + 2)).isNull();
        b.release(session, T + 2);
        assertThat(a.acquire(session, T + 3)).as("room for one again").isNull();
        assertThat(a.acquire(session, T + 4)).isNotNull();
        a.release(List.of(new Slot("w:s9", 2, W)), T + 5); // never counted: takes nothing, makes no count below 0
        assertThat(a.acquire(List.of(new Slot("w:s9", 2, W)), T + 6)).isNull();
        assertThat(a.acquire(List.of(new Slot("w:s9", 2, W)), T + 7)).isNull();
        assertThat(a.acquire(List.of(new Slot("w:s9", 2, W)), T + 8)).isNotNull();
        // counted at a bucket's end and taken back: the next bucket finds nothing of it to weigh
        assertThat(a.acquire(List.of(new Slot("w:s3", 1, W)), T + W - 1)).isNull();
        a.release(List.of(new Slot("w:s3", 1, W)), T + W - 1);
        assertThat(a.acquire(List.of(new Slot("w:s3", 1, W)), T + W + 1)).as("the previous bucket weighs nothing now").isNull();
    }

    /*
     * An audit's find: each node timed the shared windows by its own clock. With A's a second ahead, a burst through
     * B at the end of a second and through A 10 ms later fell in two buckets of A's and B's: nearly twice the limit.
     */
    @Test
    void nodesWhoseClocksDisagreeCountInTheSameWindowsByRedissClock() throws Exception {
        java.time.Clock clock = java.time.Clock.systemUTC();
        try (RedisHotState ahead = RedisHotState.connect(NODES.redis().uri(), null, null, "ahead", clock,
                () -> System.currentTimeMillis() + 1_000);
             RedisHotState onTime = RedisHotState.connect(NODES.redis().uri(), null, null, "on-time", clock,
                     System::currentTimeMillis)) {
            List<Slot> perSecond = List.of(new Slot("w:burst", 10, 1_000));
            long b = T + 990; // B's clock, at the end of a second
            int passed = 0;
            for (int i = 0; i < 10; i++) if (onTime.rates().acquire(perSecond, b) == null) passed++;
            for (int i = 0; i < 10; i++) if (ahead.rates().acquire(perSecond, b + 10 + 1_000) == null) passed++; // A's
            assertThat(passed).as("one window's limit across the two nodes").isEqualTo(10);
        }
    }

    @Test
    void aCallIsCountedInAllItsWindowsOrInNone() {
        SharedRates a = NODES.nodeA().rates();
        List<Slot> both = List.of(new Slot("wide:k", 100, W), new Slot("narrow:k", 1, W));
        assertThat(a.acquire(both, T)).isNull();
        SharedRates.Refused refused = a.acquire(both, T + 1);
        assertThat(refused.index()).isEqualTo(1);
        assertThat(a.acquire(List.of(new Slot("wide:k", 2, W)), T + 2)).as("the wide window counted one call, not two")
                .isNull();
        assertThat(a.acquire(List.of(new Slot("wide:k", 2, W)), T + 3)).isNotNull();
    }

    @Test
    void theLastBucketCountsForWhatOfItIsStillInsideTheWindow() {
        SharedRates a = NODES.nodeA().rates();
        List<Slot> slot = List.of(new Slot("w:s", 4, W));
        for (int i = 0; i < 4; i++) assertThat(a.acquire(slot, T + i)).isNull();
        // a quarter into the next bucket: 4 × 0.75 = 3 still inside, so one more call fits and the next does not
        assertThat(a.acquire(slot, T + W + W / 4)).isNull();
        assertThat(a.acquire(slot, T + W + W / 4 + 1)).isNotNull();
        // the whole window later, the old bucket is out
        assertThat(a.acquire(slot, T + 2 * W + W / 2)).isNull();
    }
}
