package dev.palisade.http.admin;

import dev.palisade.engine.AddressKey;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong admin tokens per caller (an IPv4 address, an IPv6 caller's /64: {@link AddressKey}): after
 * {@link #LIMIT} within a minute, the caller is refused until the minute is over, so guessing the
 * token costs a minute per ten guesses, whichever address of its network they come from. Bounded:
 * with too many callers tracked, expired windows are swept, and if that is not enough the oldest
 * knowledge is dropped rather than memory grown.
 */
final class AdminThrottle {

    static final int LIMIT = 10;
    static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_TRACKED = 50_000;

    private final ConcurrentHashMap<String, long[]> failures = new ConcurrentHashMap<>();

    /** @return seconds the address must wait, or 0 if it may try */
    long retryAfter(String ip, long now) {
        long[] w = failures.get(AddressKey.of(ip));
        if (w == null || now - w[0] >= WINDOW_MILLIS || w[1] < LIMIT) return 0;
        return Math.max(1, (w[0] + WINDOW_MILLIS - now + 999) / 1000);
    }

    /** Counts a wrong token; @return true when this one reached the limit (report it once) */
    boolean failed(String ip, long now) {
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(v -> now - v[0] >= WINDOW_MILLIS);
            if (failures.size() >= MAX_TRACKED) failures.clear();
        }
        long[] w = failures.compute(AddressKey.of(ip), (k, v) -> {
            if (v == null || now - v[0] >= WINDOW_MILLIS) return new long[] {now, 1};
            v[1]++;
            return v;
        });
        return w[1] == LIMIT;
    }
}
