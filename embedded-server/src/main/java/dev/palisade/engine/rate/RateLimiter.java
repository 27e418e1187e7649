package dev.palisade.engine.rate;

import dev.palisade.engine.AddressKey;

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

    /**
     * Windows in configured order, each one's slot within its scope, each scope's layout, and
     * by scope and slot each window's configured index.
     */
    private record Active(List<RateWindow> windows, int[] slots, WindowCounts.Layout[] byScope, int[][] indexes) {
        Active(List<RateWindow> windows, int[] slots, WindowCounts.Layout[] byScope) {
            this(windows, slots, byScope, indexes(windows, slots));
        }

        private static int[][] indexes(List<RateWindow> windows, int[] slots) {
            int[][] byScope = new int[SCOPES.length][windows.size()];
            for (int i = 0; i < windows.size(); i++) byScope[windows.get(i).scope().ordinal()][slots[i]] = i;
            return byScope;
        }
    }

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
    public Exceeded acquire(String path, String session, WindowCounts sessionCounts, String address, String apiKey, long now) {
        String ip = AddressKey.of(address); // an IPv6 caller is counted by its /64
        Active a = active();
        boolean hasIp = ip != null && !ip.isEmpty();
        boolean hasKey = apiKey != null && !apiKey.isEmpty();
        // the windows that apply, as bits by slot in each scope (at most 64 windows: RateWindow.validate)
        long sessionWindows = 0;
        long ipWindows = 0;
        long keyWindows = 0;
        for (int i = 0; i < a.windows.size(); i++) {
            RateWindow w = a.windows.get(i);
            switch (w.scope()) {
                case SESSION -> sessionWindows |= sessionCounts != null && w.covers(path) ? 1L << a.slots[i] : 0;
                case IP -> ipWindows |= hasIp && w.covers(path) ? 1L << a.slots[i] : 0;
                case API_KEY -> keyWindows |= hasKey && w.covers(path) ? 1L << a.slots[i] : 0;
            }
        }
        WindowCounts.Layout sessionLayout = a.byScope[Scope.SESSION.ordinal()];
        WindowCounts.Layout ipLayout = a.byScope[Scope.IP.ordinal()];
        WindowCounts.Layout keyLayout = a.byScope[Scope.API_KEY.ordinal()];
        // each key's windows checked and counted under its one lock, so calls at once never pass a
        // limit together; keys with counts first: one with none yet cannot be over (every limit is at
        // least 1), so it is filed only once the others let the call through
        WindowCounts ipCounts = ipWindows == 0 ? null : byIp.find(ip); // looked up once per call, not once per window
        WindowCounts keyCounts = keyWindows == 0 ? null : byApiKey.find(apiKey);
        WindowCounts.Over sessionOver = sessionWindows == 0 ? null : sessionCounts.countUnlessOver(sessionLayout, sessionWindows, now);
        boolean refused = sessionOver != null;
        WindowCounts.Over ipOver = ipCounts == null ? null
                : refused ? ipCounts.firstOver(ipLayout, ipWindows, now) : ipCounts.countUnlessOver(ipLayout, ipWindows, now);
        boolean ipCounted = ipCounts != null && !refused && ipOver == null;
        refused |= ipOver != null;
        WindowCounts.Over keyOver = keyCounts == null ? null
                : refused ? keyCounts.firstOver(keyLayout, keyWindows, now) : keyCounts.countUnlessOver(keyLayout, keyWindows, now);
        boolean keyCounted = keyCounts != null && !refused && keyOver == null;
        refused |= keyOver != null;
        if (!refused && ipWindows != 0 && ipCounts == null) {
            ipCounts = countsOf(byIp, ip);
            ipOver = ipCounts.countUnlessOver(ipLayout, ipWindows, now); // filed at once by another call, it may be
            ipCounted = ipOver == null;
            refused = !ipCounted;
        }
        if (!refused && keyWindows != 0 && keyCounts == null) {
            keyCounts = countsOf(byApiKey, apiKey);
            keyOver = keyCounts.countUnlessOver(keyLayout, keyWindows, now);
            keyCounted = keyOver == null;
            refused = !keyCounted;
        }
        if (!refused) return null;
        // refused: the keys that counted it take it back, so refused calls do not lock a caller out for longer
        if (sessionWindows != 0 && sessionOver == null) sessionCounts.uncountAll(sessionLayout, sessionWindows, now);
        if (ipCounted) ipCounts.uncountAll(ipLayout, ipWindows, now);
        if (keyCounted) keyCounts.uncountAll(keyLayout, keyWindows, now);
        // the first exceeded in configured order is the one told
        int sessionAt = indexOf(a, Scope.SESSION, sessionOver);
        int ipAt = indexOf(a, Scope.IP, ipOver);
        int keyAt = indexOf(a, Scope.API_KEY, keyOver);
        int first = Math.min(sessionAt, Math.min(ipAt, keyAt));
        if (first == sessionAt) return exceeded(a, first, session, sessionCounts, sessionOver, now);
        if (first == ipAt) return exceeded(a, first, ip, ipCounts, ipOver, now);
        return exceeded(a, first, apiKey, keyCounts, keyOver, now);
    }

    /** The configured index of the window {@code over} names, or past every index when there is none. */
    private static int indexOf(Active a, Scope scope, WindowCounts.Over over) {
        return over == null ? Integer.MAX_VALUE : a.indexes[scope.ordinal()][over.slot()];
    }

    /** The refusal for configured window {@code index}, with the rate it was refused at; reported once per window. */
    private static Exceeded exceeded(Active a, int index, String key, WindowCounts c, WindowCounts.Over over, long now) {
        RateWindow w = a.windows.get(index);
        return new Exceeded(w, key, over.rate(), over.retryAfterSeconds(),
                c.firstReport(a.byScope[w.scope().ordinal()], over.slot(), now));
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
