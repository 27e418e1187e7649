package dev.palisade.metrics;

import dev.palisade.engine.Engine;
import dev.palisade.engine.Meter;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.event.EventHub;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;

/**
 * The server's Prometheus metrics ({@code GET /metrics} on the admin listener), with the official
 * client. Decisions, logins and upstream failures are counted as the engine reports them (the
 * {@link Meter} port); every figure the engine already keeps is read when scraped. Each server has
 * its own registry; the JVM's metrics are one process-wide registry, registered once.
 *
 * <p>On the request path ({@link #decision}) nothing is allocated: each (check, code) pair's data
 * point is looked up once, the first time the pair occurs, and kept in an array by the reason's
 * ordinal; the latency histogram's two data points (allowed, denied) are looked up at start.
 */
public final class PalisadeMetrics implements Meter {

    /** The {@code check} label of an allowed call: no check refused it. */
    public static final String NO_CHECK = "none";
    /** The {@code check} label of a refusal by a check this adapter never saw named (none today). */
    static final String OTHER_CHECK = "other";
    private static final int MAX_CHECKS = 32;
    private static final double[] DECISION_SECONDS = {0.000_001, 0.000_002_5, 0.000_005, 0.000_01, 0.000_025, 0.000_05,
            0.000_1, 0.000_25, 0.001, 0.01, 0.1};
    private static final double[] LOGIN_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final PrometheusRegistry JVM = jvm();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter decisions;
    private final CounterDataPoint allowed;
    private final DistributionDataPoint allowedSeconds;
    private final DistributionDataPoint deniedSeconds;
    /** denial data points at check index × reasons + reason ordinal; filled as pairs first occur */
    private final AtomicReferenceArray<CounterDataPoint> denials =
            new AtomicReferenceArray<>((MAX_CHECKS + 1) * Reason.count());
    /** the check names met so far, in the order met; index MAX_CHECKS is {@link #OTHER_CHECK} */
    private volatile String[] checks = new String[0];
    private final Counter logins;
    private final AtomicReferenceArray<CounterDataPoint> loginsByReason = new AtomicReferenceArray<>(Reason.count());
    private final DistributionDataPoint loginAllowedSeconds;
    private final DistributionDataPoint loginDeniedSeconds;
    private final CounterDataPoint upstreamUnavailable;
    private final CounterDataPoint upstreamTimeout;
    private final Counter upstreamRefusals;
    /** The refusals' data points by fault, made once each. */
    private final java.util.concurrent.ConcurrentHashMap<String, CounterDataPoint> refusalsByFault = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter bootstraps;
    private final AtomicReferenceArray<CounterDataPoint> bootstrapsByReason = new AtomicReferenceArray<>(Reason.count());

    public PalisadeMetrics() {
        decisions = Counter.builder().name("palisade_decisions")
                .help("Calls decided by the pipeline (protected API, refresh): result allowed or denied, code the"
                        + " reason code, check the check that refused (none when allowed)")
                .labelNames("result", "code", "check").withoutExemplars().register(registry);
        allowed = decisions.labelValues("allowed", Reason.ALLOWED.code(), NO_CHECK);
        Histogram decisionSeconds = Histogram.builder().name("palisade_decision_duration_seconds")
                .help("Time the pipeline took to decide a call").labelNames("result")
                .classicOnly().classicUpperBounds(DECISION_SECONDS).withoutExemplars().register(registry);
        allowedSeconds = decisionSeconds.labelValues("allowed");
        deniedSeconds = decisionSeconds.labelValues("denied");

        logins = Counter.builder().name("palisade_logins")
                .help("Password logins (POST /auth/login): result allowed or denied, code the reason code")
                .labelNames("result", "code").withoutExemplars().register(registry);
        loginsByReason.set(Reason.ALLOWED.ordinal(), logins.labelValues("allowed", Reason.ALLOWED.code()));
        Histogram loginSeconds = Histogram.builder().name("palisade_login_duration_seconds")
                .help("Time a login took, password hashing included").labelNames("result")
                .classicOnly().classicUpperBounds(LOGIN_SECONDS).withoutExemplars().register(registry);
        loginAllowedSeconds = loginSeconds.labelValues("allowed");
        loginDeniedSeconds = loginSeconds.labelValues("denied");

        bootstraps = Counter.builder().name("palisade_bootstraps")
                .help("Bootstraps (POST /auth/bootstrap): result allowed or denied, code the reason code (work_required,"
                        + " work_invalid, challenge_failed, automation_suspected, no_bootstrap, …)")
                .labelNames("result", "code").withoutExemplars().register(registry);
        bootstrapsByReason.set(Reason.ALLOWED.ordinal(), bootstraps.labelValues("allowed", Reason.ALLOWED.code()));

        Counter upstream = Counter.builder().name("palisade_upstream_errors")
                .help("Allowed calls the protected upstream failed (reverse-proxy mode): code upstream_unavailable"
                        + " (refused, reset, unreachable: 502) or upstream_timeout (no answer in time: 504)")
                .labelNames("code").withoutExemplars().register(registry);
        upstreamUnavailable = upstream.labelValues(Reason.UPSTREAM_UNAVAILABLE.code());
        upstreamTimeout = upstream.labelValues(Reason.UPSTREAM_TIMEOUT.code());
        upstreamRefusals = Counter.builder().name("palisade_upstream_refusals")
                .help("Forwarded calls the protected app's verifying middleware refused (401 upstream_signature), by the fault"
                        + " it named: signature (another key than upstream.key, or changed on the way), expired (clocks apart),"
                        + " nonce, body (not covered, too large, read before it) or other")
                .labelNames("fault").withoutExemplars().register(registry);
        for (String fault : dev.palisade.engine.event.UpstreamRefusals.FAULTS) {
            refusalsByFault.put(fault, upstreamRefusals.labelValues(fault));
        }
    }

    private static PrometheusRegistry jvm() {
        PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }

    /** Exposes what {@code engine} already keeps, read at each scrape: sessions, nonce stores, event queue. */
    public PalisadeMetrics watch(Engine engine) {
        gauge("palisade_sessions", "Sessions the server holds (an expired one leaves within seconds)",
                engine, e -> e.sessions().size());
        gauge("palisade_sessions_limit", "The most sessions the server holds (setting maxSessions)",
                engine, e -> e.settings().maxSessions());
        // both figures from one walk of the window: on a cluster each of its seconds is a Redis round trip
        registry.register(() -> {
            Engine.NonceFill fill = engine.nonceFill();
            return MetricSnapshots.of(
                    gaugeNow("palisade_nonce_store_nonces", "Nonces of signed calls held for the seconds of the skew"
                            + " window", fill.held()),
                    gaugeNow("palisade_nonce_store_fill_ratio", "The fullest second of the nonce store against the most"
                            + " one second holds (noncesPerSecondMax); at 1 that second refuses signed calls"
                            + " (nonce_store_full)", fill.ratio()));
        });
        gauge("palisade_page_nonces", "Page nonces served and not yet redeemed or expired",
                engine, e -> e.bootstrap().outstandingPages());
        gauge("palisade_page_nonce_store_fill_ratio", "Outstanding page nonces against the most the store holds;"
                + " at 1 client pages are refused (bootstrap_capacity)",
                engine, e -> (double) e.bootstrap().outstandingPages() / e.bootstrap().capacity());
        EventHub events = engine.events();
        gauge("palisade_event_queue_depth", "Events waiting for the database writer", events, EventHub::queueDepth);
        gauge("palisade_event_queue_capacity", "The most events that wait; a full queue drops new events",
                events, EventHub::queueCapacity);
        CounterWithCallback.builder().name("palisade_events_dropped")
                .help("Events dropped: the queue was full, or the database refused their batch")
                .callback(c -> c.call(events.dropped())).register(registry);
        CounterWithCallback.builder().name("palisade_events_written").help("Events written to the database")
                .callback(c -> c.call(events.written())).register(registry);
        CounterWithCallback.builder().name("palisade_cluster_events_unshared")
                .help("With --cluster: this node's events the other nodes never got (Redis was away longer than"
                        + " the node's backlog of 16384 events lasts); always 0 alone")
                .callback(c -> c.call(engine.eventsUnshared())).register(registry);
        return this;
    }

    /** The API listener serves TLS: when its certificate ends, for an alert before it does. */
    public void certificateEnds(java.util.function.Supplier<java.time.Instant> notAfter) {
        gauge("palisade_tls_certificate_expiry_timestamp_seconds", "When the TLS certificate the API listener serves"
                + " expires, in seconds since the epoch (alert on it less time(): a renewal is served without a restart)",
                notAfter, n -> n.get().getEpochSecond());
    }

    private static GaugeSnapshot gaugeNow(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(c -> c.call(value.applyAsDouble(source)))
                .register(registry);
    }

    @Override
    public void decision(Verdict verdict) {
        double seconds = verdict.costNanos() / 1e9;
        if (verdict.allowed()) {
            allowed.inc();
            allowedSeconds.observe(seconds);
            return;
        }
        denial(verdict.check(), verdict.reason()).inc();
        deniedSeconds.observe(seconds);
    }

    private CounterDataPoint denial(String check, Reason reason) {
        int slot = checkIndex(check) * Reason.count() + reason.ordinal();
        CounterDataPoint point = denials.get(slot);
        if (point == null) {
            // the first time this pair occurs: the registry hands out one data point per label values
            point = decisions.labelValues("denied", reason.code(), slot / Reason.count() == MAX_CHECKS ? OTHER_CHECK : check);
            denials.set(slot, point);
        }
        return point;
    }

    /** The check's index among those met: a scan of a dozen names, equal ones mostly the same instance. */
    private int checkIndex(String check) {
        String[] known = checks;
        for (int i = 0; i < known.length; i++) {
            if (known[i].equals(check)) return i;
        }
        return learn(check);
    }

    private synchronized int learn(String check) {
        String[] known = checks;
        for (int i = 0; i < known.length; i++) {
            if (known[i].equals(check)) return i;
        }
        if (known.length == MAX_CHECKS) return MAX_CHECKS;
        String[] more = java.util.Arrays.copyOf(known, known.length + 1);
        more[known.length] = check;
        checks = more;
        return known.length;
    }

    @Override
    public void login(Reason outcome, long nanos) {
        CounterDataPoint point = loginsByReason.get(outcome.ordinal());
        if (point == null) {
            point = logins.labelValues(outcome == Reason.ALLOWED ? "allowed" : "denied", outcome.code());
            loginsByReason.set(outcome.ordinal(), point);
        }
        point.inc();
        (outcome == Reason.ALLOWED ? loginAllowedSeconds : loginDeniedSeconds).observe(nanos / 1e9);
    }

    @Override
    public void bootstrap(Reason outcome) {
        CounterDataPoint point = bootstrapsByReason.get(outcome.ordinal());
        if (point == null) {
            point = bootstraps.labelValues(outcome == Reason.ALLOWED ? "allowed" : "denied", outcome.code());
            bootstrapsByReason.set(outcome.ordinal(), point);
        }
        point.inc();
    }

    @Override
    public void upstreamFailure(Reason reason) {
        (reason == Reason.UPSTREAM_TIMEOUT ? upstreamTimeout : upstreamUnavailable).inc();
    }

    @Override
    public void upstreamRefused(String fault) {
        CounterDataPoint point = refusalsByFault.get(fault);
        // every label the engine gives is made at the start (UpstreamRefusals.FAULTS); one it did not is still a refusal
        (point != null ? point : refusalsByFault.get(dev.palisade.engine.event.UpstreamRefusals.OTHER)).inc();
    }

    /** The media type of {@link #scrape}: Prometheus' text format 0.0.4. */
    public String contentType() { return writer.getContentType(); }

    /** Writes every metric, this server's and the JVM's, in Prometheus' text format. */
    public void scrape(OutputStream out) throws IOException {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot s : registry.scrape()) all.metricSnapshot(s);
        for (MetricSnapshot s : JVM.scrape()) all.metricSnapshot(s);
        writer.write(out, all.build());
    }
}
