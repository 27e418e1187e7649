package dev.palisade.engine.rate;

import dev.palisade.engine.KeyedTable;
import dev.palisade.engine.SipHash;

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

    private static final Scope[] SCOPES = Scope.values();

    private final Supplier<List<RateWindow>> windows;
    /** Each configured window's identity; it ends at the sweep after the window leaves the configuration. */
    private final ConcurrentHashMap<RateWindow, Object> incarnations = new ConcurrentHashMap<>();
    /* Counts that hold their key, in tables hashed under a secret: callers choose their addresses (BENCHMARKS.md 2g). */
    private final KeyedTable<String, WindowCounts.OfKey> byIp = new CountsByKey();
    private final KeyedTable<String, WindowCounts.OfKey> byApiKey = new CountsByKey();
    /** The configured windows laid out by scope, remade when the configuration hands out another list. */
    private volatile Active active = new Active(List.of(), new int[0], layouts(List.of(), new Object[0]));

    /** Windows in configured order, each one's slot within its scope, and each scope's layout. */
    private record Active(List<RateWindow> windows, int[] slots, WindowCounts.Layout[] byScope) {}

    public RateLimiter(Supplier<List<RateWindow>> windows) {
        this.windows = windows;
    }

    /**
     * @param session the session's id to name in a refusal, or null (the caller then names it: a
     *                session holds its id as two longs, and an allowed call makes no text of it)
     * @param sessionCounts the session's counts, or null when the call has no session: the session
     *                      windows apply when these are given
     * @return the first exceeded window, or null if the call is within every one (and was counted)
     */
    public Exceeded acquire(String path, String session, WindowCounts sessionCounts, String ip, String apiKey, long now) {
        Active a = active();
        int n = a.windows.size();
        WindowCounts[] toCount = null;
        WindowCounts ipCounts = null; // looked up once per call, not once per window
        WindowCounts keyCounts = null;
        for (int i = 0; i < n; i++) {
            RateWindow w = a.windows.get(i);
            Scope scope = w.scope();
            boolean applies = switch (scope) {
                case SESSION -> sessionCounts != null;
                case IP -> ip != null && !ip.isEmpty();
                case API_KEY -> apiKey != null && !apiKey.isEmpty();
            };
            if (!applies || !w.covers(path)) continue;
            WindowCounts c = switch (scope) {
                case SESSION -> sessionCounts;
                case IP -> ipCounts != null ? ipCounts : (ipCounts = countsOf(byIp, ip));
                case API_KEY -> keyCounts != null ? keyCounts : (keyCounts = countsOf(byApiKey, apiKey));
            };
            WindowCounts.Layout layout = a.byScope[scope.ordinal()];
            int slot = a.slots[i];
            double rate = c.rateWith(layout, slot, now);
            if (rate > w.limit()) {
                String key = switch (scope) {
                    case SESSION -> session;
                    case IP -> ip;
                    case API_KEY -> apiKey;
                };
                return new Exceeded(w, key, rate, c.retryAfterSeconds(layout, slot, now, w.limit()),
                        c.firstReport(layout, slot, now));
            }
            if (toCount == null) toCount = new WindowCounts[n];
            toCount[i] = c;
        }
        if (toCount != null) {
            for (int i = 0; i < n; i++) {
                if (toCount[i] != null) toCount[i].count(a.byScope[a.windows.get(i).scope().ordinal()], a.slots[i], now);
            }
        }
        return null;
    }

    private static WindowCounts countsOf(KeyedTable<String, WindowCounts.OfKey> byKey, String key) {
        WindowCounts c = byKey.find(key);
        return c != null ? c : byKey.update(key, had -> had != null ? had : new WindowCounts.OfKey(key));
    }

    private static final class CountsByKey extends KeyedTable<String, WindowCounts.OfKey> {
        CountsByKey() {
            super(true);
        }

        @Override
        protected long hashOf(String key, long k0, long k1) { return SipHash.hash(k0, k1, key); }

        @Override
        protected String keyIn(WindowCounts.OfKey c) { return c.key(); }

        @Override
        protected boolean filedUnder(WindowCounts.OfKey c, String key) { return c.key().equals(key); }
    }

    private Active active() {
        List<RateWindow> configured = windows.get();
        Active a = active;
        if (a.windows != configured) {
            // a new configuration: windows that stayed are the same incarnation and keep their counts
            Object[] ids = new Object[configured.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = incarnations.computeIfAbsent(configured.get(i), w -> new Object());
            int[] slots = new int[configured.size()];
            int[] inScope = new int[SCOPES.length];
            for (int i = 0; i < slots.length; i++) slots[i] = inScope[configured.get(i).scope().ordinal()]++;
            a = new Active(configured, slots, layouts(configured, ids));
            active = a;
        }
        return a;
    }

    private static WindowCounts.Layout[] layouts(List<RateWindow> configured, Object[] ids) {
        WindowCounts.Layout[] byScope = new WindowCounts.Layout[SCOPES.length];
        for (Scope scope : SCOPES) {
            List<RateWindow> windows = new ArrayList<>();
            List<Object> who = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                if (configured.get(i).scope() == scope) {
                    windows.add(configured.get(i));
                    who.add(ids[i]);
                }
            }
            byScope[scope.ordinal()] = new WindowCounts.Layout(windows.toArray(new RateWindow[0]), who.toArray());
        }
        return byScope;
    }

    /** Addresses and API keys with counts kept. */
    int keysKept() { return byIp.size() + byApiKey.size(); }

    /** Forgets idle keys and windows no longer configured; called by the maintenance timer. */
    public void sweep(long now) {
        List<RateWindow> configured = windows.get();
        incarnations.keySet().removeIf(w -> !configured.contains(w));
        byIp.removeIf(c -> c.idleSince(now));
        byApiKey.removeIf(c -> c.idleSince(now));
    }
}
