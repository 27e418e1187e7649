package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.NonceStoreContract;
import dev.palisade.engine.state.StateUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The nonce store contract against a real redis-server, and what only a shared store must do. */
class RedisNonceStoreTest extends NonceStoreContract {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TwoNodes NODES = new TwoNodes();



    @Override
    protected NonceStore store(IntSupplier perSecond, IntSupplier perSession) {
        NODES.flush();
        // a node begun anew: one kept for the class would keep the nonces of T (a day ahead of its clock) that each
        // test records, and spend them into the next test's store, as into a life begun after a loss
        return NODES.nodeA().nonces(perSecond, perSession, java.time.Clock.systemUTC());
    }

    @Test
    void aNonceRecordedOnOneNodeIsAReplayOnAnother() {
        NonceStore a = store(() -> 100, () -> 2);
        NonceStore b = NODES.nodeB().nonces(() -> 100, () -> 2, java.time.Clock.systemUTC());
        assertThat(a.record(5, 42, T)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(b.record(5, 42, T)).isEqualTo(NonceStore.Outcome.REPLAYED);
        assertThat(b.record(5, 43, T)).as("the session's share counts across nodes").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(a.record(5, 44, T)).isEqualTo(NonceStore.Outcome.SESSION_FULL);
        assertThat(b.size(T)).isEqualTo(2);
    }

    /*
     * Review of session 46: a node spent the nonces it kept while Redis was away one round trip each (up to 100 000,
     * at its start: minutes), and through the shares, so one a session's share refused was dropped unspent.
     */
    @Test
    void keptNoncesAreSpentASecondsWorthInARoundTripBeyondTheShares() throws Exception {
        NonceStore s = store(() -> 10, () -> 1);
        assertThat(s.record(1, 1, T)).isEqualTo(NonceStore.Outcome.FRESH);
        dev.palisade.engine.state.UnspentNonces kept = new dev.palisade.engine.state.UnspentNonces();
        for (int i = 0; i < 2_500; i++) kept.keep(i % 50, 10_000 + i, T + i % 2);
        long before = scriptCalls();

        kept.spend(s, Integer.MAX_VALUE);

        assertThat(scriptCalls() - before).as("two seconds of 1 250, each in two parts").isBetween(4L, 10L);
        for (int i = 0; i < 2_500; i++) {
            assertThat(kept.holds(i % 50, 10_000 + i, T + i % 2)).as("spent, kept no more").isFalse();
        }
        for (int i : new int[] {0, 1, 999, 1_000, 2_499}) {
            assertThat(NODES.nodeB().nonces(() -> 10, () -> 1, java.time.Clock.systemUTC()).record(i % 50, 10_000 + i, T + i % 2))
                    .as("a copy of refused call %d on another node", i).isEqualTo(NonceStore.Outcome.REPLAYED);
        }
    }

    private static long scriptCalls() throws java.io.IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^cmdstat_eval(?:sha)?:calls=(\\d+)")
                .matcher(NODES.redis().infoCommandStats());
        long calls = 0;
        while (m.find()) calls += Long.parseLong(m.group(1));
        return calls;
    }

    @Test
    void aSecondsNoncesExpireAfterTheWidestSkewWindowWhateverTheClocksSay() throws Exception {
        NODES.flush();
        long now = 1_000_000_000L; // a node whose clock is years behind Redis's must still keep its nonces
        NonceStore s = NODES.nodeA().nonces(() -> 100, () -> 100, clockAt(now - 10));
        s.record(1, 2, now);
        String ttl = NODES.redis().command("TTL palisade:nonce:{" + now + "}");
        assertThat(Long.parseLong(ttl.substring(1))).isBetween(RedisNonceStore.KEEP_SECONDS - 5, RedisNonceStore.KEEP_SECONDS);
        String sessionsTtl = NODES.redis().command("TTL palisade:nonce:{" + now + "}:sessions");
        assertThat(Long.parseLong(sessionsTtl.substring(1))).isBetween(RedisNonceStore.KEEP_SECONDS - 5, RedisNonceStore.KEEP_SECONDS);
    }

    @Test
    void aSignatureTakenBeforeRedisLostItsDataIsRefusedAsStaleOnEveryNode() {
        NODES.flush();
        long start = System.currentTimeMillis() / 1000;
        java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong(start);
        java.time.Clock clock = new SecondsClock(second);
        NonceStore a = NODES.nodeA().nonces(() -> 100, () -> 100, clock);
        NonceStore b = NODES.nodeB().nonces(() -> 100, () -> 100, clock);
        long signed = start + 2; // the flush above began a life refusing this second and the next
        assertThat(a.record(7, 70, signed)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(b.record(7, 71, signed)).isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(b.record(7, 70, signed)).isEqualTo(NonceStore.Outcome.REPLAYED);

        NODES.flush(); // Redis restarted without its data, or someone emptied it
        second.set(start + 2);
        assertThat(b.record(7, 70, signed)).as("replayed on another node").isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(a.record(7, 71, signed)).as("replayed on the node that took it first, which knew the old store")
                .isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(a.record(7, 72, start + 2)).as("signed in the second the loss was noticed")
                .isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(a.record(7, 74, start + 3)).as("signed a second ahead of it, as browsers often sign, kept by no node")
                .isEqualTo(NonceStore.Outcome.FORGOTTEN);
        assertThat(a.record(7, 73, start + 4)).as("signed after it").isEqualTo(NonceStore.Outcome.FRESH);
        assertThat(b.record(7, 73, start + 4)).isEqualTo(NonceStore.Outcome.REPLAYED);
    }

    /*
     * The audit of cluster mode (session 53, M1): the new life refused only what was created in or before its first
     * second, so a signature created ahead of the clock, taken before Redis lost its data, was taken again after.
     */
    @Test
    void theNoncesANodeRecordedAheadOfItsClockAreSpentIntoTheStoresNewLifeBeforeAnyNodeDecidesByIt() throws Exception {
        NODES.flush();
        long start = System.currentTimeMillis() / 1000;
        java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong(start);
        try (RedisHotState nodeA = RedisHotState.connect(NODES.redis().uri(), null, null, "ahead-a", new SecondsClock(second));
             RedisHotState nodeB = RedisHotState.connect(NODES.redis().uri(), null, null, "ahead-b", new SecondsClock(second))) {
            NonceStore a = nodeA.nonces(() -> 100, () -> 100);
            NonceStore b = nodeB.nonces(() -> 100, () -> 100);
            for (RedisHotState node : java.util.List.of(nodeA, nodeB, nodeA)) beat(node); // each sees the other running
            assertThat(a.record(8, 80, start + 25)).as("a client's clock 25 s fast").isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(b.record(8, 81, start + 45)).as("one refused as from the future, its nonce spent")
                    .isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(a.record(8, 82, start + 20)).isEqualTo(NonceStore.Outcome.FRESH);
            a.forgetBefore(start + 21); // its second out of the window: kept no more

            NODES.flush(); // Redis lost its data
            second.set(start + 1);
            // B begins the new life, A has not looked yet: B takes no signature created after the life began meanwhile
            assertThatThrownBy(() -> b.record(8, 80, start + 25)).isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("a moment ago");
            beat(nodeA); // A's heartbeat adopts it, spending what A kept
            assertThat(afterYouth(() -> b.record(8, 80, start + 25))).isEqualTo(NonceStore.Outcome.REPLAYED);
            assertThat(afterYouth(() -> a.record(8, 81, start + 45))).isEqualTo(NonceStore.Outcome.REPLAYED);
            assertThat(afterYouth(() -> b.record(8, 82, start + 20))).as("forgotten by A before the loss")
                    .isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(b.record(8, 84, start)).isEqualTo(NonceStore.Outcome.FORGOTTEN);

            for (RedisHotState node : java.util.List.of(nodeB, nodeA)) beat(node); // Redis lost the beats too
            NODES.flush(); // and again: what was kept ahead is spent into every new life
            second.set(start + 3);
            assertThatThrownBy(() -> a.record(8, 85, start + 5)).isInstanceOf(StateUnavailableException.class);
            assertThatThrownBy(() -> b.record(8, 86, start + 5)).isInstanceOf(StateUnavailableException.class);
            assertThat(afterYouth(() -> b.record(8, 80, start + 25))).isEqualTo(NonceStore.Outcome.REPLAYED);
            assertThat(afterYouth(() -> a.record(8, 81, start + 45))).isEqualTo(NonceStore.Outcome.REPLAYED);
            assertThat(afterYouth(() -> a.record(8, 82, start + 20))).isEqualTo(NonceStore.Outcome.REPLAYED);
        }
    }

    private static void beat(RedisHotState node) {
        node.beat(new dev.palisade.engine.state.NodeBeat(node.node(), "", "", "test", 0, System.currentTimeMillis(), 0,
                "ok", 0));
    }

    /** What {@code call} answers once the store's young life no longer refuses it (a few seconds at most). */
    private static <T> T afterYouth(java.util.concurrent.Callable<T> call) throws Exception {
        long deadline = System.nanoTime() + NonceEpoch.YOUTH_NANOS + 3_000_000_000L;
        while (true) {
            try {
                return call.call();
            } catch (StateUnavailableException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100);
            }
        }
    }

    @Test
    void aNewClustersFirstNodeTakesSignaturesFromItsFirstSecondAndALaterNodeKeepsThatLife() throws Exception {
        NODES.flush();
        long start = System.currentTimeMillis() / 1000;
        java.util.concurrent.atomic.AtomicLong second = new java.util.concurrent.atomic.AtomicLong(start);
        try (RedisHotState first = RedisHotState.connect(NODES.redis().uri(), null, null, "first", new SecondsClock(second))) {
            NonceStore a = first.nonces(() -> 100, () -> 100);
            assertThat(a.record(1, 1, start)).as("signed in the second the cluster began").isEqualTo(NonceStore.Outcome.FRESH);
            assertThat(a.record(1, 2, start - 1)).as("signed before any node ran").isEqualTo(NonceStore.Outcome.FORGOTTEN);
            second.set(start + 30);
            try (RedisHotState later = RedisHotState.connect(NODES.redis().uri(), null, null, "later", new SecondsClock(second))) {
                NonceStore b = later.nonces(() -> 100, () -> 100);
                assertThat(b.record(1, 3, start)).as("a node that joins takes the cluster's life, not its own start")
                        .isEqualTo(NonceStore.Outcome.FRESH);
                assertThat(b.record(1, 1, start)).isEqualTo(NonceStore.Outcome.REPLAYED);
            }
        }
    }

    private static java.time.Clock clockAt(long second) {
        return new SecondsClock(new java.util.concurrent.atomic.AtomicLong(second));
    }

    /** A clock a test sets by the second. */
    private static final class SecondsClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong second;

        SecondsClock(java.util.concurrent.atomic.AtomicLong second) { this.second = second; }

        @Override
        public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) { return this; }

        @Override
        public java.time.Instant instant() { return java.time.Instant.ofEpochSecond(second.get()); }
    }
}
