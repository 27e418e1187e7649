package dev.palisade.bench;

import dev.palisade.engine.Check;
import dev.palisade.engine.Pipeline;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import dev.palisade.engine.signature.SignatureFields;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What one decision costs: the whole request path for an allowed signed call ({@code protect}:
 * checks + call history + event), the checks alone ({@code pipeline}), and each check on its own.
 *
 * <p>Every call must carry its own nonce and a signature made for it, so the calls are signed before
 * each iteration (outside the measurement) and an iteration is one batch of them
 * ({@link Mode#SingleShotTime} with {@link OperationsPerInvocation}): the score is the mean time
 * per decision. For one check on its own, the checks before it run in the set-up, as the pipeline
 * would have run them. Besides the score, each fork prints the p50/p99 of single decisions (timed
 * in the loop, which adds ~40 ns of {@code nanoTime}) and the bytes allocated per decision (by the
 * thread's allocation counter around the loop, so the set-up's signing is not counted).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EngineBenchmark {

    static final int BATCH = 20_000;

    @Param({"protect", "pipeline", "blacklist", "token", "session", "fingerprint", "freshness", "signature", "nonce",
            "rate", "sequence"})
    public String part;

    /**
     * {@code parsed}: each call's text is read just before its decision, as a server's parser reads
     * it (outside the per-decision timing); {@code cold}: not, so the decision itself first touches
     * text last touched when the batch was signed, as this benchmark measured until 2026-12-01.
     * {@code evicted}: as {@code parsed}, and before each call 1 MB of other memory is written (outside the
     * timing; {@code -Dbench.evictedBytes} in the fork's JVM says how much), as a server's parser, handler
     * and response do between two decisions, so the decision finds less of its own state in the caches.
     */
    @Param({"parsed"})
    public String request;

    private BenchEngine bench;
    private Pipeline pipeline;
    private Check check;
    private int checkIndex;
    private SignedCall[] calls;
    private ProtectedRequest[] requests;
    private String[][] texts;
    private boolean measuring;
    private boolean parsed;
    /** What {@code request=evicted} streams through between decisions; null otherwise. */
    private long[] evicting;
    private int evictFrom;
    static final int EVICTED_BYTES = Integer.getInteger("bench.evictedBytes", 1 << 20);
    private long[] nanos;
    private long[] allNanos = new long[0];
    private long allocated;
    private long decisions;
    private long denials;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void start() throws Exception {
        bench = new BenchEngine();
        pipeline = bench.pipeline();
        Check[] checks = bench.checks();
        checkIndex = -1;
        for (int i = 0; i < checks.length; i++) {
            if (checks[i].name().equals(part)) checkIndex = i;
        }
        if (checkIndex >= 0) check = checks[checkIndex];
        else if (!part.equals("protect") && !part.equals("pipeline")) {
            throw new IllegalArgumentException("no check named " + part + " in " + Arrays.toString(
                    Arrays.stream(checks).map(Check::name).toArray()));
        }
        nanos = new long[BATCH];
        if (!request.equals("parsed") && !request.equals("cold") && !request.equals("evicted")) {
            throw new IllegalArgumentException("request: parsed, cold or evicted");
        }
        parsed = !request.equals("cold");
        if (EVICTED_BYTES < 4096 || EVICTED_BYTES > 64 << 20) {
            throw new IllegalArgumentException("bench.evictedBytes: from 4096 to 67108864 (64 MB)");
        }
        evicting = request.equals("evicted") ? new long[16 * (EVICTED_BYTES / Long.BYTES)] : null;
    }

    @Setup(Level.Iteration)
    public void sign(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        calls = bench.nextCalls(BATCH);
        requests = new ProtectedRequest[BATCH];
        texts = new String[BATCH][];
        Check[] checks = bench.checks();
        for (int i = 0; i < BATCH; i++) {
            requests[i] = calls[i].request();
            texts[i] = calls[i].texts();
            if (check != null) {
                bench.clock.set(calls[i].atMillis());
                for (int c = 0; c < checkIndex; c++) {
                    if (checks[c].evaluate(requests[i]) != null) throw new IllegalStateException(checks[c].name() + " denied a valid call");
                }
                if (requests[i].signature() != null) {
                    // the thread's one SignatureFields holds the last call read; set-up reads a batch ahead,
                    // so each call gets its own, as freshness would have read it just before the check
                    SignatureFields own = new SignatureFields();
                    own.readInput(requests[i].header("signature-input"));
                    requests[i].attach(own);
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void decide(Blackhole bh) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        int denied = 0;
        for (int i = 0; i < BATCH; i++) {
            bench.clock.set(calls[i].atMillis());
            if (evicting != null) bh.consume(evict());
            if (parsed) bh.consume(arrive(texts[i]));
            long t0 = System.nanoTime();
            boolean allowed;
            if (check != null) {
                allowed = check.evaluate(requests[i]) == null;
            } else {
                Verdict v = part.equals("protect") ? bench.engine.protect(requests[i]) : pipeline.evaluate(requests[i]);
                allowed = v.allowed();
            }
            nanos[i] = System.nanoTime() - t0;
            if (!allowed) denied++;
        }
        long after = THREADS.getCurrentThreadAllocatedBytes();
        bh.consume(denied);
        if (measuring) {
            allocated += after - before;
            decisions += BATCH;
            denials += denied;
        }
    }

    /** Keeps the iteration's single decisions for the trial's p50/p99: outside the timed method, whose score it grew (audit 51 L12). */
    @TearDown(Level.Iteration)
    public void keep() {
        if (!measuring) return;
        int n = allNanos.length;
        allNanos = Arrays.copyOf(allNanos, n + BATCH);
        System.arraycopy(nanos, 0, allNanos, n, BATCH);
    }

    /**
     * Reads every character of a call once, as Jetty's parser does just before a decision: so the
     * decision finds the request's text in the cache, as in a server, rather than in memory last
     * touched when the batch was signed (20 000 calls are far more than the caches hold).
     */
    private static long arrive(String[] texts) {
        long sum = 0;
        for (String s : texts) {
            for (int i = 0; i < s.length(); i++) sum += s.charAt(i);
        }
        return sum;
    }

    /**
     * Writes the next {@link #EVICTED_BYTES} of a 16× larger array, as a server's parser, handler and
     * response touch memory of their own between two decisions, so the decision finds less of its
     * own state in the first- and second-level caches.
     */
    private long evict() {
        long[] a = evicting;
        int n = EVICTED_BYTES / Long.BYTES;
        int from = evictFrom;
        for (int i = 0; i < n; i += 8) a[(from + i) % a.length] += i;
        evictFrom = (from + n) % a.length;
        return a[from];
    }

    @TearDown(Level.Trial)
    public void report() throws Exception {
        Arrays.sort(allNanos);
        long p50 = allNanos[allNanos.length / 2];
        long p99 = allNanos[(int) (allNanos.length * 0.99)];
        System.out.printf(Locale.ROOT, "%n[palisade] %-12s %-6s decisions %d, denied %d, p50 %d ns, p99 %d ns, %.0f B allocated per decision%n",
                part, request, decisions, denials, p50, p99, (double) allocated / decisions);
        bench.close();
        if (denials > 0) throw new IllegalStateException(part + ": " + denials + " valid calls were denied; the figures are void");
    }
}
