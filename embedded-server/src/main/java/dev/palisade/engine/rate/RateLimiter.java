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
    /** The configured windows with their counters, remade when the configuration hands out another list. */
    private volatile Active active = new Active(List.of(), List.of());

    /** Windows and their per-key counters, side by side: a call looks no window up by its value. */
    private record Active(List<RateWindow> windows, List<ConcurrentHashMap<String, SlidingCounter>> perKey) {}

    public RateLimiter(Supplier<List<RateWindow>> windows) {
        this.windows = windows;
    }

    /**
     * @param keys the caller's key per scope (null where the scope does not apply)
     * @return the first exceeded window, or null if the call is within every one (and was counted)
     */
    public Exceeded acquire(String path, String session, String ip, String apiKey, long now) {
        Active a = active();
        int n = a.windows.size();
        SlidingCounter[] toCount = null;
        for (int i = 0; i < n; i++) {
            RateWindow w = a.windows.get(i);
            String key = switch (w.scope()) {
                case SESSION -> session;
                case IP -> ip;
                case API_KEY -> apiKey;
            };
            if (key == null || key.isEmpty() || !w.covers(path)) continue;
            ConcurrentHashMap<String, SlidingCounter> perKey = a.perKey.get(i);
            SlidingCounter c = perKey.get(key);
            if (c == null) c = perKey.computeIfAbsent(key, k -> new SlidingCounter(w.windowSeconds() * 1000L, now));
            double rate = c.rateWith(now);
            if (rate > w.limit()) {
                return new Exceeded(w, key, rate, c.retryAfterSeconds(now, w.limit()), c.firstReport());
            }
            if (toCount == null) toCount = new SlidingCounter[n];
            toCount[i] = c;
        }
        if (toCount != null) {
            for (SlidingCounter c : toCount) {
                if (c != null) c.count(now);
            }
        }
        return null;
    }

    private Active active() {
        List<RateWindow> configured = windows.get();
        Active a = active;
        if (a.windows != configured) {
            // a new configuration: windows that stayed keep their counters
            List<ConcurrentHashMap<String, SlidingCounter>> perKey = new ArrayList<>(configured.size());
            for (RateWindow w : configured) perKey.add(counters.computeIfAbsent(w, x -> new ConcurrentHashMap<>()));
            a = new Active(configured, perKey);
            active = a;
        }
        return a;
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
