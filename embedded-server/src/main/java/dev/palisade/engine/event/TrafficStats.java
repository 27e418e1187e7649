package dev.palisade.engine.event;

import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-second counts of decisions by reason over the last {@link #SECONDS} seconds: a ring of
 * primitive counters, so counting costs one atomic increment and no allocation.
 */
public final class TrafficStats {

    public static final int SECONDS = 900;

    private final long[] slotSecond = new long[SECONDS];
    private final AtomicLongArray counts = new AtomicLongArray(SECONDS * Reason.count());

    public void record(long nowMillis, Reason reason) {
        long second = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(second, SECONDS);
        if (slotSecond[slot] != second) roll(slot, second);
        counts.incrementAndGet(slot * Reason.count() + reason.ordinal());
    }

    private synchronized void roll(int slot, long second) {
        if (slotSecond[slot] >= second) return;
        int base = slot * Reason.count();
        for (int i = 0; i < Reason.count(); i++) counts.set(base + i, 0);
        slotSecond[slot] = second;
    }

    /** One second of traffic: allowed count and denials by code (only codes that occurred). */
    public record Second(long epochSecond, long allowed, Map<String, Long> denied) {
        public long deniedTotal() {
            return denied.values().stream().mapToLong(Long::longValue).sum();
        }

        /** This second's counts and {@code other}'s (the same second counted elsewhere) together. */
        public Second plus(Second other) {
            Map<String, Long> both = new java.util.TreeMap<>(denied);
            other.denied.forEach((code, n) -> both.merge(code, n, Long::sum));
            return new Second(epochSecond, allowed + other.allowed, both);
        }
    }

    /** The last {@code seconds} seconds up to and including the current one, oldest first. */
    public synchronized List<Second> window(long nowMillis, int seconds) {
        long now = Math.floorDiv(nowMillis, 1000);
        int n = Math.min(seconds, SECONDS);
        List<Second> out = new ArrayList<>(n);
        for (long s = now - n + 1; s <= now; s++) {
            int slot = (int) Math.floorMod(s, SECONDS);
            if (slotSecond[slot] != s) {
                out.add(new Second(s, 0, Map.of()));
                continue;
            }
            int base = slot * Reason.count();
            Map<String, Long> denied = new LinkedHashMap<>();
            for (int i = 1; i < Reason.count(); i++) {
                long c = counts.get(base + i);
                if (c > 0) denied.put(Reason.ofOrdinal(i).code(), c);
            }
            out.add(new Second(s, counts.get(base), denied));
        }
        return out;
    }
}
