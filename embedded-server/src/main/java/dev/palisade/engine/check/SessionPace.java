package dev.palisade.engine.check;

import dev.palisade.engine.auth.AutomationSignals;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.fingerprint.Action;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.session.BootstrapCost;
import dev.palisade.engine.session.Session;

import java.util.function.Supplier;

/**
 * How much of its session windows a session may use (DESIGN's L5: an automated browser is flagged and slowed). All
 * of them, unless it began in a browser with sure signs of automation that the fingerprint policy lets through
 * ({@code alert}): then {@code automatedSessionRatePercent} of each. A debug token's session is a developer's own
 * tool, and under {@code ignore} the operator asked for nothing; the weaker signs (no client hints: Firefox) fall on
 * people too. The rate check and a cluster node's nonce round trip ask the same question, so both count alike.
 */
public final class SessionPace {

    /** Every call of a session's windows. */
    public static final int WHOLE = 100;

    private final Supplier<FingerprintPolicy> policy;
    private final Supplier<Settings> settings;

    public SessionPace(Supplier<FingerprintPolicy> policy, Supplier<Settings> settings) {
        this.policy = policy;
        this.settings = settings;
    }

    /** Every session at its whole windows: where no pace applies (a preview, a test). */
    public static SessionPace whole() {
        return new SessionPace(null, null);
    }

    /** The percent of each session window's limit that {@code session}'s calls may reach: {@link #WHOLE} for nearly all. */
    public int percentOf(Session session) {
        if (session == null || policy == null) return WHOLE;
        String automation = session.automation();
        if (automation.isEmpty()) return WHOLE; // every clean session's call stops here
        if (session.bootstrapBits() == BootstrapCost.WAIVED_BITS) return WHOLE;
        if (policy.get().automationAction() != Action.ALERT || !AutomationSignals.sure(automation)) return WHOLE;
        return settings.get().automatedSessionRatePercent();
    }

    /**
     * The share {@code session} is held to under {@code windows}, as an operator is told it: {@link #WHOLE} when no
     * session window is cut by it (none configured, or each too small to cut), for no call is held back then.
     */
    public int percentInForce(Session session, java.util.List<dev.palisade.engine.rate.RateWindow> windows) {
        int percent = percentOf(session);
        if (percent >= WHOLE) return WHOLE;
        for (dev.palisade.engine.rate.RateWindow w : windows) {
            if (w.scope() == dev.palisade.engine.rate.Scope.SESSION && dev.palisade.engine.rate.RateWindow.share(w.limit(), percent) < w.limit()) {
                return percent;
            }
        }
        return WHOLE;
    }
}
