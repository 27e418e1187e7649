package dev.palisade.metrics;

import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("palisade_decisions_total{check=\"none\",code=\"allowed\",result=\"allowed\"} 1.0",
                "palisade_decisions_total{check=\"session\",code=\"blacklisted\",result=\"denied\"} 2.0",
                "palisade_logins_total{code=\"login_throttled\",result=\"denied\"} 1.0",
                "palisade_login_duration_seconds_count{result=\"denied\"} 1");
        assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
    }
}
