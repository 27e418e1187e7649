package dev.palisade.engine.bootstrap;

import dev.palisade.engine.AddressKey;

import dev.palisade.engine.state.CallerCounts;
import dev.palisade.engine.state.StateUnavailableException;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What the proof of work adapts to: recent denials of an address and of its network (/24 for IPv4,
 * /48 for IPv6, one site's usual share, where a caller is its /64 throughout, {@link AddressKey}; a
 * bootstrap flagged as automated counts as several), and how many client pages the address loaded lately. Fixed one-minute windows, one
 * small counter per key, bounded and swept by the maintenance timer; fed by refusals and page servings,
 * never by an allowed API call. In a cluster the counts are also kept where every node sees them and
 * read from there; while that store does not answer, this node's own counts stand in. A refusal never
 * waits on that store: its counts are gathered here and sent together every {@link #SHARE_MILLIS}.
 */
public final class CallerRecord {

    static final long WINDOW_MILLIS = 60_000;
    /** The denials a flagged bootstrap weighs as: the first adds a bit to the address's next page (its /24 counts them too). */
    static final int FLAGGED_WEIGHT = 3;
    private static final int MAX_TRACKED = 200_000;

    private final ConcurrentHashMap<String, long[]> denials = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> pageLoads = new ConcurrentHashMap<>();
    /** The sweeps a full table makes on a caller's request (maintenance sweeps on its own). */
    final dev.palisade.engine.SweepPace fullSweeps = new dev.palisade.engine.SweepPace();
    static final long SHARE_MILLIS = 200;

    private final CallerCounts shared;
    /** Counts not sent to the cluster yet, by key. */
    private final ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicLong> unshared = new ConcurrentHashMap<>();

    /** One node's record, in its memory. */
    public CallerRecord() {
        this(null);
    }

    /**
     * @param shared the cluster's counts, or null for a single node; with one, call {@link #share()}
     *               every {@link #SHARE_MILLIS}
     */
    public CallerRecord(CallerCounts shared) {
        this.shared = shared;
    }

    /** Sends the counts gathered since the last call to the cluster (one script); kept for the next when it is away. */
    public void share() {
        if (shared == null || unshared.isEmpty()) return;
        java.util.Map<String, Long> batch = new java.util.HashMap<>();
        for (String key : unshared.keySet()) {
            java.util.concurrent.atomic.AtomicLong n = unshared.remove(key);
            if (n != null && n.get() > 0) batch.put(key, n.get());
        }
        try {
            shared.add(WINDOW_MILLIS, batch);
        } catch (StateUnavailableException e) {
            batch.forEach((key, n) -> unshared.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong()).addAndGet(n));
        }
    }

    public void denied(String address, long now) {
        String ip = AddressKey.of(address);
        if (ip == null || ip.isEmpty()) return;
        String network = network(ip);
        count(denials, ip, now);
        count(denials, network, now);
        share("d:" + ip, "d:" + network);
    }

    /**
     * A bootstrap flagged as automated and let through (the policy alerts): it weighs as
     * {@link #FLAGGED_WEIGHT} denials, so a driven browser that logs in again and again pays more each time,
     * as one that is refused does.
     */
    public void flagged(String address, long now) {
        for (int i = 0; i < FLAGGED_WEIGHT; i++) denied(address, now);
    }

    /** Counts a page served to the address, whatever its limit. */
    public void pageServed(String address, long now) {
        holdPage(address, now, Long.MAX_VALUE);
        pageHeldServed(address, now);
    }

    /**
     * Counts a page for the address here unless this node has counted {@code max} in its window, in one step with
     * every other count of it, so pages asked for at once cannot all pass a look taken before any was counted (audit
     * conc55 L1); then {@link #pageHeldServed} once the page is served, or {@link #pageHeldNotServed} if it is not.
     * An address the full table cannot track is let through, as {@link #pageServed} leaves it uncounted.
     */
    public boolean holdPage(String address, long now, long max) {
        String ip = AddressKey.of(address);
        if (ip == null || ip.isEmpty()) return true;
        if (!tracks(pageLoads, ip, now)) return true;
        boolean[] held = {false};
        pageLoads.compute(ip, (k, v) -> {
            if (v == null || now - v[0] >= WINDOW_MILLIS) {
                held[0] = true;
                return new long[] {now, 1};
            }
            if (v[1] >= max) return v;
            held[0] = true;
            v[1]++;
            return v;
        });
        return held[0];
    }

    /** The page {@link #holdPage} counted was served: its network and the cluster count it too. */
    public void pageHeldServed(String address, long now) {
        String ip = AddressKey.of(address);
        if (ip == null || ip.isEmpty()) return;
        String network = network(ip);
        count(pageLoads, network, now); // a farm spread over its /24's addresses is seen whole
        share("p:" + ip, "p:" + network);
    }

    /** The page {@link #holdPage} counted was not served (the nonces' store refused it): it does not count. */
    public void pageHeldNotServed(String address, long now) {
        String ip = AddressKey.of(address);
        if (ip == null || ip.isEmpty()) return;
        pageLoads.computeIfPresent(ip, (k, v) -> {
            if (now - v[0] < WINDOW_MILLIS && v[1] > 0) v[1]--;
            return v;
        });
    }

    /** Denials of this address in the current window. */
    public long denials(String address, long now) {
        String ip = AddressKey.of(address);
        return ip == null ? 0 : clusterCount("d:" + ip, read(denials, ip, now));
    }

    /** Denials of every address in this address's network in the current window. */
    public long networkDenials(String address, long now) {
        String ip = AddressKey.of(address);
        return ip == null ? 0 : clusterCount("d:" + network(ip), read(denials, network(ip), now));
    }

    /** Pages served to every address in this address's network in the current window. */
    public long networkPageLoads(String address, long now) {
        String ip = AddressKey.of(address);
        return ip == null ? 0 : clusterCount("p:" + network(ip), read(pageLoads, network(ip), now));
    }

    public long pageLoads(String address, long now) {
        String ip = AddressKey.of(address);
        return ip == null ? 0 : clusterCount("p:" + ip, read(pageLoads, ip, now));
    }

    /** Seconds until the address's page-load window ends (at least 1). */
    public long pageWindowLeft(String address, long now) {
        String ip = AddressKey.of(address);
        long[] v = ip == null ? null : pageLoads.get(ip);
        long local = v == null ? 1 : Math.max(1, (v[0] + WINDOW_MILLIS - now + 999) / 1000);
        if (shared == null || ip == null) return local;
        try {
            long[] c = shared.read("p:" + ip)[0];
            return c[0] == 0 ? local : Math.max(1, (c[1] + 999) / 1000);
        } catch (StateUnavailableException e) {
            return local;
        }
    }

    private void share(String... keys) {
        if (shared == null) return;
        for (String key : keys) {
            if (unshared.size() >= MAX_TRACKED && !unshared.containsKey(key)) return; // a flood of new keys: counted here only
            unshared.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
        }
    }

    /** The cluster's count when there is one and it answers (never less than this node's own), else {@code local}. */
    private long clusterCount(String key, long local) {
        if (shared == null) return local;
        try {
            return Math.max(local, shared.read(key)[0][0]);
        } catch (StateUnavailableException e) {
            return local;
        }
    }

    public void sweep(long now) {
        denials.values().removeIf(v -> now - v[0] >= WINDOW_MILLIS);
        pageLoads.values().removeIf(v -> now - v[0] >= WINDOW_MILLIS);
    }

    /** Whether {@code key} may be counted in {@code map}: a full table is swept once a second at most, and takes no new key. */
    private boolean tracks(ConcurrentHashMap<String, long[]> map, String key, long now) {
        if (map.size() >= MAX_TRACKED && fullSweeps.due(now)) sweep(now);
        return map.size() < MAX_TRACKED || map.containsKey(key); // a flood of new keys: forget, never grow
    }

    private void count(ConcurrentHashMap<String, long[]> map, String key, long now) {
        if (!tracks(map, key, now)) return;
        map.compute(key, (k, v) -> {
            if (v == null || now - v[0] >= WINDOW_MILLIS) return new long[] {now, 1};
            v[1]++;
            return v;
        });
    }

    private static long read(ConcurrentHashMap<String, long[]> map, String key, long now) {
        long[] v = key == null ? null : map.get(key);
        return v == null || now - v[0] >= WINDOW_MILLIS ? 0 : v[1];
    }

    /**
     * {@code net:10.1.2.0/24} or {@code net:2001:db8:1::/48}; only literals, never a DNS lookup. An IPv6 caller is
     * its /64 already: its network is the /48, or a farm spread over a site's /64s would pay as one caller each.
     */
    static String network(String ip) {
        int slash = ip.indexOf('/'); // a caller's key: an IPv6 caller's /64 network
        String network = dev.palisade.engine.IpLiteral.network(slash < 0 ? ip : ip.substring(0, slash), 24, 48);
        return "net:" + (network == null ? ip : network);
    }
}
