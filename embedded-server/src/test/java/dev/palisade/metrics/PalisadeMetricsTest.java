package dev.palisade.metrics;

import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Meter;
import dev.palisade.engine.MemoryHotState;
import dev.palisade.engine.MutableClock;
import dev.palisade.engine.state.CallMarks;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.store.sqlite.SqliteStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter alone: counting a decision allocates nothing, and a check's name becomes its label. */
class PalisadeMetricsTest {

    private static final Verdict ALLOWED = new Verdict(Reason.ALLOWED, "pipeline", "every check passed", 3_600, 0);
    private static final Verdict[] DENIED = {
            Verdict.deny(Reason.MISSING_CREDENTIALS, "credentials", "x").withCost(900),
            Verdict.deny(Reason.REPLAYED, "nonce", "x").withCost(2_000),
            Verdict.deny(Reason.RATE_LIMITED, "rate", "x").withCost(2_500),
            Verdict.deny(Reason.BLACKLISTED, "session", "x").withCost(1_200)};

    @Test
    void countingDecisionsAllocatesNothing() {
        PalisadeMetrics metrics = new PalisadeMetrics();
        Runnable calls = () -> {
            for (int i = 0; i < 100_000; i++) {
                metrics.decision(ALLOWED);
                metrics.decision(DENIED[i & 3]);
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // interpreted or not yet fully compiled, the path allocates (boxing the JIT removes); on a busy machine the
        // compiler takes longer: measure round after round until it has, a bounded number of times
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 40 && allocated >= 4_096; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            calls.run();
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(allocated).as("bytes allocated for 200,000 decisions, once compiled").isLessThan(4_096);
    }

    @Test
    void eachRefusalIsCountedUnderItsCheckAndEachAllowedCallUnderNone() throws Exception {
        PalisadeMetrics metrics = new PalisadeMetrics();
        metrics.decision(ALLOWED);
        metrics.decision(DENIED[3]);
        metrics.decision(DENIED[3]);
        metrics.login(Reason.LOGIN_THROTTLED, 5_000_000);
        metrics.bootstrap(Reason.CHALLENGE_FAILED);
        metrics.bootstrap(Reason.ALLOWED);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("palisade_decisions_total{check=\"none\",code=\"allowed\",result=\"allowed\"} 1.0",
                "palisade_decisions_total{check=\"session\",code=\"blacklisted\",result=\"denied\"} 2.0",
                "palisade_logins_total{code=\"login_throttled\",result=\"denied\"} 1.0",
                "palisade_login_duration_seconds_count{result=\"denied\"} 1",
                "palisade_bootstraps_total{code=\"challenge_failed\",result=\"denied\"} 1.0",
                "palisade_bootstraps_total{code=\"allowed\",result=\"allowed\"} 1.0");
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    }

    /** A middleware's refusal whose fault was not made a label at the start is still counted: as "other". */
    @Test
    void anUpstreamRefusalOfAFaultNotKnownIsCountedAsOther() throws Exception {
        PalisadeMetrics metrics = new PalisadeMetrics();
        metrics.upstreamRefused("nonce");
        metrics.upstreamRefused("made-up");
        metrics.upstreamRefused("other");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("palisade_upstream_refusals_total{fault=\"nonce\"} 1.0",
                "palisade_upstream_refusals_total{fault=\"other\"} 2.0", "palisade_upstream_refusals_total{fault=\"body\"} 0.0")
                .doesNotContain("made-up");
    }

    @Test
    void aScrapeWalksTheNonceStoreOnceForBothOfItsFigures(@TempDir Path dir) throws Exception {
        // on a cluster each second of the window is a Redis round trip: the two nonce figures share one walk
        AtomicInteger secondsRead = new AtomicInteger();
        HotState counting = new CountingNonces(secondsRead);
        try (SqliteStore store = SqliteStore.open(dir)) {
            Engine engine = new Engine(store, MutableClock.at2026(), EngineFixture.fastOptions(),
                    new dev.palisade.http.JettyAddressSets(), Meter.NONE, counting);
            try {
                PalisadeMetrics metrics = new PalisadeMetrics().watch(engine);
                long windowSeconds = 2 * engine.settings().signatureSkew().toSeconds() + 1;
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                metrics.scrape(out);
                assertThat(out.toString(StandardCharsets.UTF_8))
                        .contains("palisade_nonce_store_nonces 0.0", "palisade_nonce_store_fill_ratio 0.0");
                assertThat(secondsRead.get()).as("seconds of the nonce store read by one scrape").isEqualTo(windowSeconds);
            } finally {
                engine.close();
            }
        }
    }

    /** A node's memory, with the nonce store's per-second reads counted. */
    private record CountingNonces(AtomicInteger secondsRead, MemoryHotState memory) implements HotState {
        CountingNonces(AtomicInteger secondsRead) { this(secondsRead, new MemoryHotState()); }

        @Override
        public NonceStore nonces(IntSupplier perSecond, IntSupplier perSession) {
            NonceStore store = memory.nonces(perSecond, perSession);
            return new NonceStore() {
                @Override
                public Outcome record(long session, long nonce, long createdSecond) {
                    return store.record(session, nonce, createdSecond);
                }

                @Override
                public int size(long createdSecond) {
                    secondsRead.incrementAndGet();
                    return store.size(createdSecond);
                }
            };
        }

        @Override
        public <A> dev.palisade.engine.state.OneTimeStore<A> oneTime(String kind, int capacity, int ownerShare,
                                                                     dev.palisade.engine.state.AttachmentCodec<A> codec) {
            return memory.oneTime(kind, capacity, ownerShare, codec);
        }

        @Override public boolean shared() { return false; }
        @Override public String problem() { return null; }
        @Override public void watch(Consumer<String> listener) { memory.watch(listener); }
        @Override public LoginFailures loginFailures() { return memory.loginFailures(); }
        @Override public CallMarks callMarks() { return memory.callMarks(); }
        @Override public void close() { memory.close(); }
    }
}
