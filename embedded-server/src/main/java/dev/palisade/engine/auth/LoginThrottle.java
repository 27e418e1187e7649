package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Password guessing, per user: after {@link #FREE_FAILURES} failed logins within
 * {@link #WINDOW_MILLIS}, each further try waits twice as long as the one before (1 s, 2 s, 4 s …,
 * at most {@link #MAX_WAIT_MILLIS}), whatever address it comes from. Failures are counted apart for
 * each client the user logged in from before (its fingerprint digest) and for all other clients
 * together, so a flood of guesses from elsewhere slows the guessers and never locks the user out of
 * the browser they use. Unknown user names are throttled the same way, so throttling reveals nothing.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final long WINDOW_MILLIS = 15 * 60_000;
    static final long MAX_WAIT_MILLIS = 15 * 60_000;
    private static final int KNOWN_CLIENTS = 8;
    private static final int MAX_TRACKED = 100_000;

    /** Failures of one user from one kind of client: how many, since when, and the last one. */
    private record Failures(int count, long first, long last) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deque<String>> knownClients = new ConcurrentHashMap<>();

    /** @throws Denial {@code login_throttled} with the seconds to wait, before any password work is done */
    public void check(String user, String clientDigest, long now) {
        Failures f = failures.get(key(user, clientDigest));
        if (f == null || now - f.first() >= WINDOW_MILLIS || f.count() < FREE_FAILURES) return;
        long wait = Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(30, f.count() - FREE_FAILURES));
        long until = f.last() + wait;
        if (now < until) {
            long seconds = Math.max(1, (until - now + 999) / 1000);
            throw new Denial(Reason.LOGIN_THROTTLED, f.count() + " failed logins for this user lately; wait " + seconds
                    + " s before the next try", seconds);
        }
    }

    public void failed(String user, String clientDigest, long now) {
        String key = key(user, clientDigest);
        if (failures.size() >= MAX_TRACKED) sweep(now);
        // flooded with names: forget new ones rather than grow, but keep counting those already tracked
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(key)) return;
        failures.compute(key, (k, f) -> f == null || now - f.first() >= WINDOW_MILLIS
                ? new Failures(1, now, now) : new Failures(f.count() + 1, f.first(), now));
    }

    /** A login succeeded: this client is the user's own from now on, and its failures are forgotten. */
    public void succeeded(String user, String clientDigest) {
        synchronized (this) { // the deques are read under the same lock
            Deque<String> d = knownClients.computeIfAbsent(user, k -> new ArrayDeque<>());
            d.remove(clientDigest);
            d.addFirst(clientDigest);
            while (d.size() > KNOWN_CLIENTS) d.removeLast();
        }
        failures.remove(key(user, clientDigest));
    }

    /** Whether the user logged in from this client (its fingerprint digest) before. */
    public boolean knows(String user, String clientDigest) {
        Deque<String> known = knownClients.get(user);
        if (known == null) return false;
        synchronized (this) {
            return known.contains(clientDigest);
        }
    }

    /** Forgets failures whose window is over: they no longer throttle (see {@link #check}). */
    /** Forgets the user's failures from every client: an operator lifted the throttle. @return how many records went */
    public int lift(String user) {
        String prefix = user + "\n";
        int[] removed = {0};
        failures.keySet().removeIf(k -> {
            boolean mine = k.startsWith(prefix);
            if (mine) removed[0]++;
            return mine;
        });
        return removed[0];
    }

    /** The user's most failures from one kind of client in the current window, and the seconds left to wait (0: none). */
    public long[] state(String user, long now) {
        String prefix = user + "\n";
        long most = 0;
        long wait = 0;
        for (var e : failures.entrySet()) {
            if (!e.getKey().startsWith(prefix)) continue;
            Failures f = e.getValue();
            if (now - f.first() >= WINDOW_MILLIS) continue;
            most = Math.max(most, f.count());
            if (f.count() >= FREE_FAILURES) {
                long until = f.last() + Math.min(MAX_WAIT_MILLIS, 1000L << Math.min(30, f.count() - FREE_FAILURES));
                wait = Math.max(wait, Math.max(0, (until - now + 999) / 1000));
            }
        }
        return new long[] {most, wait};
    }

    public void sweep(long now) {
        failures.values().removeIf(f -> now - f.first() >= WINDOW_MILLIS);
    }

    private String key(String user, String clientDigest) {
        Deque<String> known = knownClients.get(user);
        boolean own;
        synchronized (this) {
            own = known != null && known.contains(clientDigest);
        }
        return user + "\n" + (own ? clientDigest : "other clients");
    }
}
