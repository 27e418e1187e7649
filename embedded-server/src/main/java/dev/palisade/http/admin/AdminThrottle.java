package dev.palisade.http.admin;

import dev.palisade.engine.AddressKey;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong admin tokens per caller (an IPv4 address, an IPv6 caller's /64: {@link AddressKey}): after
 * {@link #LIMIT} within a minute, the caller's wrong tokens are refused until the minute is over,
 * whichever address of its network they come from. A right token is still let in (tokens are 256
 * random bits: guessing is hopeless at any rate; the owner must not be locked out), so this marks the
 * caller, raises an event, and spares the cluster's store the guesses (no token it does not know is
 * looked up for a caller made to wait).
 * Bounded: with {@link #MAX_TRACKED} callers tracked, expired windows are swept (once a second at most),
 * and while it is still full a new caller is not tracked. A caller over the limit is never forgotten
 * before its minute is over, so a flood of addresses cannot free it.
 */
final class AdminThrottle {

    static final int LIMIT = 10;
    static final long WINDOW_MILLIS = 60_000;
    static final int MAX_TRACKED = 50_000;

    private final ConcurrentHashMap<String, long[]> failures;
    private final dev.palisade.engine.SweepPace sweeps = new dev.palisade.engine.SweepPace();

    AdminThrottle() {
        this(new ConcurrentHashMap<>());
    }

    /** @param failures the table, given by a test that steps in between two wrong tokens' counts */
    AdminThrottle(ConcurrentHashMap<String, long[]> failures) {
        this.failures = failures;
    }

    /** @return seconds the address must wait, or 0 if it may try */
    long retryAfter(String ip, long now) {
        long[] w = failures.get(AddressKey.of(ip));
        if (w == null || now - w[0] >= WINDOW_MILLIS || w[1] < LIMIT) return 0;
        return Math.max(1, (w[0] + WINDOW_MILLIS - now + 999) / 1000);
    }

    /** Counts a wrong token; @return true when this one reached the limit (report it once) */
    boolean failed(String ip, long now) {
        String key = AddressKey.of(ip);
        if (failures.size() >= MAX_TRACKED && sweeps.due(now)) failures.values().removeIf(v -> now - v[0] >= WINDOW_MILLIS);
        if (failures.size() >= MAX_TRACKED && !failures.containsKey(key)) return false;
        // decided while the entry is held: read after, two tokens counted together both read the count past the limit
        boolean[] reached = {false};
        failures.compute(key, (k, v) -> {
            long[] w = v == null || now - v[0] >= WINDOW_MILLIS ? new long[] {now, 0} : v;
            reached[0] = ++w[1] == LIMIT;
            return w;
        });
        return reached[0];
    }
}
