package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.rate.RateLimiter;

import java.time.Clock;
import java.util.Locale;

/**
 * Technique 8: the session, its address and its API key each stay within their rate windows. An
 * exceeded window refuses the call with {@code Retry-After} and is reported once per window as a
 * {@code rate_anomaly} event (key, window, limit, observed rate).
 */
public final class RateCheck implements Check {

    private final RateLimiter limiter;
    private final dev.palisade.engine.rate.ClusterRates cluster;
    private final SessionPace pace;
    private final Audit audit;
    private final Clock clock;

    public RateCheck(RateLimiter limiter, Audit audit, Clock clock) {
        this(limiter, null, SessionPace.whole(), audit, clock);
    }

    /**
     * @param cluster the windows counted by every node of a cluster, after this node's own; null alone. While
     *                the cluster's counts cannot be reached, this node's own limiter is the whole count.
     * @param pace    how much of its session windows a session may use (an automated browser's, less)
     */
    public RateCheck(RateLimiter limiter, dev.palisade.engine.rate.ClusterRates cluster, SessionPace pace, Audit audit, Clock clock) {
        this.cluster = cluster;
        this.pace = pace;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String name() { return "rate"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        var s = request.session();
        String apiKey = request.apiKeyPrincipal() == null ? null : request.apiKeyPrincipal().id();
        long now = request.now(clock);
        int percent = pace.percentOf(s);
        // the session is named only in a refusal (refusal below): its id is two longs, made no text of here
        RateLimiter.Exceeded e = limiter.acquire(request.path(), null, s == null ? null : s.rateCounts(), percent,
                request.clientIp(), apiKey, now);
        if (e != null) return refusal(request, e);
        boolean inCluster = false;
        if (cluster != null) {
            if (request.clusterRateDecided()) {
                e = request.clusterRate(); // counted with the nonce, which takes it back if a later check refuses
            } else {
                try {
                    // Redis keys: the text kept once made
                    e = cluster.acquire(request.path(), s == null ? null : s.idText(), percent, request.clientIp(), apiKey, now);
                    inCluster = e == null;
                } catch (dev.palisade.engine.state.StateUnavailableException unavailable) {
                    // counted by this node alone until the cluster's counts answer again
                }
            }
            // refused by the cluster's count: this node's, made a moment ago, is taken back, or it would refuse sooner
            if (e != null) {
                limiter.release(request.path(), s == null ? null : s.rateCounts(), percent, request.clientIp(), apiKey, now);
                return refusal(request, e);
            }
        }
        request.countedInRates(now, inCluster);
        return null;
    }

    /**
     * A later check (a sequence rule) refused the call this check counted: it is taken back out of the windows as of
     * when it was counted, so a person whose order a rule refused is not refused again for calls she never made
     * (audit 49). Out of the cluster's too when this check counted it there (the nonce's round trip takes back its own).
     * A window the operator changed in between (microseconds here, a Redis round trip on a cluster) may lose or keep
     * one call.
     */
    @Override
    public void undo(ProtectedRequest request) {
        long at = request.ratesCountedAt();
        if (at == 0) return;
        var s = request.session();
        String apiKey = request.apiKeyPrincipal() == null ? null : request.apiKeyPrincipal().id();
        int percent = pace.percentOf(s);
        limiter.release(request.path(), s == null ? null : s.rateCounts(), percent, request.clientIp(), apiKey, at);
        if (!request.clusterCountedByRateCheck()) return;
        try {
            cluster.release(request.path(), s == null ? null : s.idText(), percent, request.clientIp(), apiKey, at);
        } catch (dev.palisade.engine.state.StateUnavailableException unavailable) {
            // counted by the cluster until its window ends: one call too many, for one window
        }
    }

    /** The refusal an exceeded window makes (null when none was), reported once per window. */
    private Verdict refusal(ProtectedRequest request, RateLimiter.Exceeded e) {
        if (e == null) return null;
        var w = e.window();
        String observed = String.format(Locale.ROOT, "%.1f", e.observed());
        if (e.firstInWindow()) {
            String key = e.key() != null ? e.key() : request.session().id();
            // the route as written and the key as the call gave it are quoted: a path may hold a quote or a backslash
            audit.rateAnomaly(request, "{\"scope\":\"" + w.scope().label() + "\",\"key\":" + dev.palisade.engine.JsonText.quote(key)
                    + ",\"limit\":" + e.limit() + ",\"windowSeconds\":" + w.windowSeconds()
                    + ",\"observed\":" + observed + (w.route() == null ? "" : ",\"route\":" + dev.palisade.engine.JsonText.quote(w.route()))
                    + (e.slowed() ? ",\"windowLimit\":" + w.limit() + ",\"slowed\":\"automation\"" : "") + "}");
        }
        return new Verdict(Reason.RATE_LIMITED, name(), "more than " + e.limit() + " calls per " + w.windowSeconds()
                + " s for this " + w.scope().label() + (w.route() == null ? "" : " on " + w.route())
                + (e.slowed() ? ": the window's " + w.limit() + ", cut to " + e.limit() + " since this session began in a browser"
                + " that looked automated" : "") + " (about "
                + (e.observed() == Math.rint(e.observed()) ? String.valueOf((long) e.observed()) : observed)
                + " in the window now); retry after " + e.retryAfterSeconds() + " s", 0, e.retryAfterSeconds());
    }
}
