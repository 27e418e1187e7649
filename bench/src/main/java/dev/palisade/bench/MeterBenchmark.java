package dev.palisade.bench;

import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.metrics.PalisadeMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What counting one decision adds to the request path (issue 16): {@link PalisadeMetrics#decision}
 * for an allowed call (a counter and a histogram) and for a refusal (the (check, code) data point
 * found by ordinal, then the same), on one thread and on two sharing the counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class MeterBenchmark {

    private final PalisadeMetrics metrics = new PalisadeMetrics();
    private final Verdict allowed = new Verdict(Reason.ALLOWED, "pipeline", "every check passed", 3_600, 0);
    private final Verdict replayed = Verdict.deny(Reason.REPLAYED, "nonce", "replayed").withCost(2_000);

    @Benchmark
    public void allowed() {
        metrics.decision(allowed);
    }

    @Benchmark
    public void denied() {
        metrics.decision(replayed);
    }

    @Benchmark
    @Threads(2)
    public void allowedTwoThreads() {
        metrics.decision(allowed);
    }
}
