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

    /**
     * An exceeded window: what to tell the caller and the operator.
     *
     * @param limit the limit this caller was held to: the window's, or a share of it for a slowed session
     */
    public record Exceeded(RateWindow window, int limit, String key, double observed, long retryAfterSeconds, boolean firstInWindow) {
        /** Whether the caller was held to less than the window's limit (a slowed session). */
        public boolean slowed() { return limit < window.limit(); }
    }

    private static final Scope[] SCOPES = Scope.values();

    private final Supplier<List<RateWindow>> windows;
    /**
     * Each configured window's identity, by what it counts (scope, length, route) and not its limit: an operator who
     * lowers a limit during an attack must not hand every caller a fresh allowance (audit conc55 L2). It ends at the
     * sweep after the window leaves the configuration.
     */
    private final ConcurrentHashMap<Counting, Object> incarnations = new ConcurrentHashMap<>();

    /** What a window counts; its limit is read on every call. */
    private record Counting(Scope scope, int windowSeconds, String route) {
        static Counting of(RateWindow w) { return new Counting(w.scope(), w.windowSeconds(), w.route()); }
    }
    /* Counts that hold their key, in tables hashed under a secret: callers choose their addresses (BENCHMARKS.md 2g). */
    private final KeyedTable<String, WindowCounts.OfKey> byIp = new CountsByKey();
    private final KeyedTable<String, WindowCounts.OfKey> byApiKey = new CountsByKey();
    /** The configured windows laid out by scope, remade when the configuration hands out another list. */
    private volatile Active active = new Active(List.of(), new int[0], layouts(List.of(), new Object[0]));
    /** The session windows at a share of their limits, for the last active windows and share asked (one share in use). */
    private volatile Scaled scaled;

    private record Scaled(Active of, int percent, WindowCounts.Layout layout) {}

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
        return acquire(path, session, sessionCounts, 100, address, apiKey, now);
    }

    /**
     * @param sessionPercent the share of each session window's limit the session may reach (100: the whole limit;
     *                       a session's share must be the same on each of its calls, and on {@link #release})
     */
    public Exceeded acquire(String path, String session, WindowCounts sessionCounts, int sessionPercent, String address,
                            String apiKey, long now) {
        String ip = AddressKey.of(address); // an IPv6 caller is counted by its /64
        Active a = active();
        WindowCounts.Layout sessionLayout = sessionLayout(a, sessionPercent);
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
        WindowCounts.OfKey ipCounts = ipWindows == 0 ? null : byIp.find(ip); // looked up once per call, not once per window
        WindowCounts.OfKey keyCounts = keyWindows == 0 ? null : byApiKey.find(apiKey);
        if (ipWindows != 0 && ipCounts == null || keyWindows != 0 && keyCounts == null) {
            // a key with no counts yet cannot be over (every limit is at least 1): it is filed only
            // once the keys with counts would let the call through, so a refused flood files nothing
            Exceeded refused = decide(a, now, false, session, sessionCounts, sessionLayout, sessionWindows, ipCounts, ipWindows,
                    keyCounts, keyWindows);
            if (refused != null) return refused;
            if (ipWindows != 0 && ipCounts == null) ipCounts = countsOf(byIp, ip);
            if (keyWindows != 0 && keyCounts == null) keyCounts = countsOf(byApiKey, apiKey);
        }
        return decide(a, now, true, session, sessionCounts, sessionLayout, sessionWindows, ipCounts, ipWindows, keyCounts, keyWindows);
    }

    /**
     * Takes back a call {@link #acquire} counted at {@code countedAt} with the same arguments, which a later check refused:
     * a refused call leaves no count behind. Each key's counts are taken under its own lock, one at a time.
     */
    public void release(String path, WindowCounts sessionCounts, String address, String apiKey, long countedAt) {
        release(path, sessionCounts, 100, address, apiKey, countedAt);
    }

    /** {@link #release(String, WindowCounts, String, String, long)} for a session held to {@code sessionPercent} of its windows. */
    public void release(String path, WindowCounts sessionCounts, int sessionPercent, String address, String apiKey, long countedAt) {
        String ip = AddressKey.of(address);
        Active a = active();
        boolean hasIp = ip != null && !ip.isEmpty();
        boolean hasKey = apiKey != null && !apiKey.isEmpty();
        long[] windows = new long[SCOPES.length]; // a refusal's path: acquire's loop keeps its bits in locals
        for (int i = 0; i < a.windows.size(); i++) {
            RateWindow w = a.windows.get(i);
            boolean applies = switch (w.scope()) {
                case SESSION -> sessionCounts != null;
                case IP -> hasIp;
                case API_KEY -> hasKey;
            };
            if (applies && w.covers(path)) windows[w.scope().ordinal()] |= 1L << a.slots[i];
        }
        WindowCounts ipCounts = windows[Scope.IP.ordinal()] == 0 ? null : byIp.find(ip);
        WindowCounts keyCounts = windows[Scope.API_KEY.ordinal()] == 0 ? null : byApiKey.find(apiKey);
        if (windows[Scope.SESSION.ordinal()] != 0) {
            sessionCounts.uncountAll(sessionLayout(a, sessionPercent), windows[Scope.SESSION.ordinal()], countedAt);
        }
        if (ipCounts != null) ipCounts.uncountAll(a.byScope[Scope.IP.ordinal()], windows[Scope.IP.ordinal()], countedAt);
        if (keyCounts != null) keyCounts.uncountAll(a.byScope[Scope.API_KEY.ordinal()], windows[Scope.API_KEY.ordinal()], countedAt);
    }

    /**
     * Checks the call against every window of its keys under all their locks at once, and counts it
     * in each only if none refuses (and {@code count}): a call refused by one key never weighs on
     * another's, not even for a moment, and calls at once never pass a limit together. Keys without
     * counts are left out. The locks are taken in scope order, session, address, API key, the same
     * for every call, so no two calls wait on each other in a cycle.
     */
    private static Exceeded decide(Active a, long now, boolean count, String session, WindowCounts sessionCounts,
                                   WindowCounts.Layout sessionLayout, long sessionWindows,
                                   WindowCounts.OfKey ipCounts, long ipWindows, WindowCounts.OfKey keyCounts, long keyWindows) {
        WindowCounts s = sessionWindows == 0 ? null : sessionCounts;
        WindowCounts first = s != null ? s : ipCounts != null ? ipCounts : keyCounts;
        if (first == null) return null;
        // a scope without counts takes its neighbour's lock once more, which costs no wait
        WindowCounts second = ipCounts != null ? ipCounts : first;
        WindowCounts third = keyCounts != null ? keyCounts : second;
        synchronized (first) {
            synchronized (second) {
                synchronized (third) {
                    WindowCounts.Layout ipLayout = a.byScope[Scope.IP.ordinal()];
                    WindowCounts.Layout keyLayout = a.byScope[Scope.API_KEY.ordinal()];
                    WindowCounts.Over sessionOver = s == null ? null : s.firstOver(sessionLayout, sessionWindows, now);
                    WindowCounts.Over ipOver = ipCounts == null ? null : ipCounts.firstOver(ipLayout, ipWindows, now);
                    WindowCounts.Over keyOver = keyCounts == null ? null : keyCounts.firstOver(keyLayout, keyWindows, now);
                    if (sessionOver == null && ipOver == null && keyOver == null) {
                        if (count) {
                            if (s != null) s.countAll(sessionLayout, sessionWindows, now);
                            if (ipCounts != null) ipCounts.countAll(ipLayout, ipWindows, now);
                            if (keyCounts != null) keyCounts.countAll(keyLayout, keyWindows, now);
                        }
                        return null;
                    }
                    // the first exceeded in configured order is the one told
                    int sessionAt = indexOf(a, Scope.SESSION, sessionOver);
                    int ipAt = indexOf(a, Scope.IP, ipOver);
                    int keyAt = indexOf(a, Scope.API_KEY, keyOver);
                    int told = Math.min(sessionAt, Math.min(ipAt, keyAt));
                    if (told == sessionAt) return exceeded(a, told, sessionLayout, session, s, sessionOver, now);
                    if (told == ipAt) return exceeded(a, told, ipLayout, ipCounts.key(), ipCounts, ipOver, now);
                    return exceeded(a, told, keyLayout, keyCounts.key(), keyCounts, keyOver, now);
                }
            }
        }
    }

    /** The configured index of the window {@code over} names, or past every index when there is none. */
    private static int indexOf(Active a, Scope scope, WindowCounts.Over over) {
        return over == null ? Integer.MAX_VALUE : a.indexes[scope.ordinal()][over.slot()];
    }

    /** The refusal for configured window {@code index}, with the rate it was refused at; reported once per window. */
    private static Exceeded exceeded(Active a, int index, WindowCounts.Layout layout, String key, WindowCounts c,
                                     WindowCounts.Over over, long now) {
        return new Exceeded(a.windows.get(index), layout.limits()[over.slot()], key, over.rate(), over.retryAfterSeconds(),
                c.firstReport(layout, over.slot(), now));
    }

    /** The session windows' layout for a session held to {@code percent} of each limit. */
    private WindowCounts.Layout sessionLayout(Active a, int percent) {
        WindowCounts.Layout whole = a.byScope[Scope.SESSION.ordinal()];
        if (percent >= 100) return whole; // every clean session's call
        Scaled s = scaled;
        if (s == null || s.of() != a || s.percent() != percent) {
            s = new Scaled(a, percent, whole.share(percent));
            scaled = s;
        }
        return s.layout();
    }

    private static WindowCounts.OfKey countsOf(KeyedTable<String, WindowCounts.OfKey> byKey, String key) {
        WindowCounts.OfKey c = byKey.find(key);
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
            for (int i = 0; i < ids.length; i++) ids[i] = incarnations.computeIfAbsent(Counting.of(configured.get(i)), w -> new Object());
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
        java.util.Set<Counting> counting = new java.util.HashSet<>();
        for (RateWindow w : configured) counting.add(Counting.of(w));
        incarnations.keySet().removeIf(c -> !counting.contains(c));
        byIp.removeIf(c -> c.idleSince(now));
        byApiKey.removeIf(c -> c.idleSince(now));
    }
}
