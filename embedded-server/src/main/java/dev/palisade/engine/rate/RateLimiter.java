package dev.palisade.engine.rate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Technique 8: every configured window at once. A call is counted in all windows that cover it
 * only if none would be exceeded, so refused calls do not lock a caller out for longer.
 */
public final class RateLimiter {

    /** An exceeded window: what to tell the caller and the operator. */
    public record Exceeded(RateWindow window, String key, double observed, long retryAfterSeconds, boolean firstInWindow) {}

    private final Supplier<List<RateWindow>> windows;
    private final ConcurrentHashMap<RateWindow, ConcurrentHashMap<String, SlidingCounter>> counters = new ConcurrentHashMap<>();

    public RateLimiter(Supplier<List<RateWindow>> windows) {
        this.windows = windows;
    }

    /**
     * @param keys the caller's key per scope (null where the scope does not apply)
     * @return the first exceeded window, or null if the call is within every one (and was counted)
     */
    public Exceeded acquire(String path, String session, String ip, String apiKey, long now) {
        List<RateWindow> active = windows.get();
        List<SlidingCounter> toCount = new ArrayList<>(active.size());
        for (RateWindow w : active) {
            String key = switch (w.scope()) {
                case SESSION -> session;
                case IP -> ip;
                case API_KEY -> apiKey;
            };
            if (key == null || key.isEmpty() || !w.covers(path)) continue;
            SlidingCounter c = counters.computeIfAbsent(w, x -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, k -> new SlidingCounter(w.windowSeconds() * 1000L, now));
            double rate = c.rateWith(now);
            if (rate > w.limit()) {
                return new Exceeded(w, key, rate, c.retryAfterSeconds(now, w.limit()), c.firstReport());
            }
            toCount.add(c);
        }
        for (SlidingCounter c : toCount) c.count(now);
        return null;
    }

    /** Forgets idle keys and windows no longer configured; called by the maintenance timer. */
    public void sweep(long now) {
        List<RateWindow> active = windows.get();
        counters.keySet().removeIf(w -> !active.contains(w));
        for (ConcurrentHashMap<String, SlidingCounter> perKey : counters.values()) {
            perKey.values().removeIf(c -> c.idleSince(now));
        }
    }
}
