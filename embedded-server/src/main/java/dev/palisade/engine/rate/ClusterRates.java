package dev.palisade.engine.rate;

import dev.palisade.engine.AddressKey;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.state.SharedRates;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Technique 8 across a cluster: the windows a call falls in, counted by every node together through
 * {@link SharedRates}, after this node's own limiter let the call through (its counts are this node's
 * share, never more than the cluster's). A window is named by its definition and key, so every node
 * counts the same window in the same place.
 */
public final class ClusterRates {

    private final Supplier<List<RateWindow>> windows;
    private final SharedRates shared;

    public ClusterRates(Supplier<List<RateWindow>> windows, SharedRates shared) {
        this.windows = windows;
        this.shared = shared;
    }

    /**
     * @return the first window exceeded cluster-wide, or null if the call is within every one (and was counted)
     * @throws dev.palisade.engine.state.StateUnavailableException when the shared counts cannot be reached
     */
    public RateLimiter.Exceeded acquire(String path, String session, String ip, String apiKey, long now) {
        return acquire(path, session, 100, ip, apiKey, now);
    }

    /** {@link #acquire(String, String, String, String, long)} for a session held to {@code sessionPercent} of its windows. */
    public RateLimiter.Exceeded acquire(String path, String session, int sessionPercent, String ip, String apiKey, long now) {
        Applying a = applying(path, session, sessionPercent, ip, apiKey);
        if (a.slots().isEmpty()) return null;
        return a.exceeded(shared.acquire(a.slots(), now));
    }

    /**
     * Takes back a call {@link #acquire} (or the nonce's round trip) counted at {@code countedAt} with the same arguments.
     *
     * @throws dev.palisade.engine.state.StateUnavailableException when the shared counts cannot be reached
     */
    public void release(String path, String session, String ip, String apiKey, long countedAt) {
        release(path, session, 100, ip, apiKey, countedAt);
    }

    /** {@link #release(String, String, String, String, long)} for a session held to {@code sessionPercent} of its windows. */
    public void release(String path, String session, int sessionPercent, String ip, String apiKey, long countedAt) {
        Applying a = applying(path, session, sessionPercent, ip, apiKey);
        if (!a.slots().isEmpty()) shared.release(a.slots(), countedAt);
    }

    /** The windows a call falls in, as the shared store counts them, and how to read its answer. */
    public record Applying(List<RateWindow> windows, List<String> keys, List<SharedRates.Slot> slots) {
        /** The refusal as the rate check reports it; null when the call was counted. */
        public RateLimiter.Exceeded exceeded(SharedRates.Refused refused) {
            if (refused == null) return null;
            return new RateLimiter.Exceeded(windows.get(refused.index()), slots.get(refused.index()).limit(),
                    keys.get(refused.index()), refused.observed(),
                    refused.retryAfterSeconds(), refused.firstInWindow());
        }
    }

    /** {@link #applying(String, String, int, String, String)} for a session at its whole windows. */
    public Applying applying(String path, String session, String address, String apiKey) {
        return applying(path, session, 100, address, apiKey);
    }

    /**
     * @param sessionPercent the share of each session window's limit the session may reach (100: the whole limit)
     * @param address the caller's address: an IPv6 caller is counted by its /64 ({@link AddressKey})
     */
    public Applying applying(String path, String session, int sessionPercent, String address, String apiKey) {
        String ip = AddressKey.of(address);
        List<RateWindow> configured = windows.get();
        List<RateWindow> applying = new ArrayList<>(configured.size());
        List<SharedRates.Slot> slots = new ArrayList<>(configured.size());
        List<String> keys = new ArrayList<>(configured.size());
        for (RateWindow w : configured) {
            String key = switch (w.scope()) {
                case SESSION -> session;
                case IP -> ip;
                case API_KEY -> apiKey;
            };
            if (key == null || key.isEmpty() || !w.covers(path)) continue;
            String id = id(w, key);
            int limit = w.scope() == Scope.SESSION ? RateWindow.share(w.limit(), sessionPercent) : w.limit();
            int same = indexOf(slots, id);
            if (same >= 0) {
                // two windows that count the same calls share their count in Redis: counted once, against the lower
                // limit, which a single node's two equal counts reach first too (review 55: counted twice, half the limit)
                if (limit < slots.get(same).limit()) {
                    applying.set(same, w);
                    slots.set(same, new SharedRates.Slot(id, limit, w.windowSeconds() * 1000L));
                }
                continue;
            }
            applying.add(w);
            keys.add(key);
            slots.add(new SharedRates.Slot(id, limit, w.windowSeconds() * 1000L));
        }
        return new Applying(applying, keys, slots);
    }

    private static int indexOf(List<SharedRates.Slot> slots, String id) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).id().equals(id)) return i;
        }
        return -1;
    }

    /**
     * What the window counts as a hash (scope, length, route; not its limit, so a limit changed keeps the counts:
     * audit conc55 L2), then the key: the same on every node.
     */
    static String id(RateWindow w, String key) {
        byte[] definition = (w.scope().label() + "\n" + w.windowSeconds() + "\n"
                + (w.route() == null ? "" : w.route())).getBytes(StandardCharsets.UTF_8);
        return Long.toHexString(Secrets.sha256Prefix(definition, definition.length)) + ":" + key;
    }
}
