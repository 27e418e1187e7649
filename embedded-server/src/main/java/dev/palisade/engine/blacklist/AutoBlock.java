package dev.palisade.engine.blacklist;

import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Puts an address on the blacklist for a while after too many denials from it within a window
 * (settings {@code autoBlockDenials}, {@code autoBlockWindowSeconds}, {@code autoBlockSeconds};
 * 0 denials turns it off). One small counter per address, swept by the maintenance timer; at most
 * {@link #MAX_TRACKED} of them, so a flood of addresses cannot grow it without bound.
 */
public final class AutoBlock {

    private static final int MAX_TRACKED = 100_000;

    private final Supplier<Settings> settings;
    private final Blacklist blacklist;
    private final Audit audit;
    private final ConcurrentHashMap<String, long[]> windows = new ConcurrentHashMap<>();
    private final dev.palisade.engine.SweepPace fullSweeps = new dev.palisade.engine.SweepPace();
    private final dev.palisade.engine.state.DenialCounts cluster;

    public AutoBlock(Supplier<Settings> settings, Blacklist blacklist, Audit audit) {
        this(settings, blacklist, audit, null);
    }

    /**
     * @param cluster the refusals counted by every node of a cluster; null alone. While it does not answer,
     *                this node's own counts decide.
     */
    public AutoBlock(Supplier<Settings> settings, Blacklist blacklist, Audit audit,
                     dev.palisade.engine.state.DenialCounts cluster) {
        this.cluster = cluster;
        this.settings = settings;
        this.blacklist = blacklist;
        this.audit = audit;
    }

    /**
     * Whether a refusal tells of the caller rather than of the server's state: every 5xx (the cluster's
     * store away, a full registry or nonce table, a busy login) and a {@code stale} from check
     * {@code nonce} (a second whose nonces the server let go) say "ask again", and count no mark towards
     * an address's block or its pages' price.
     */
    public static boolean againstCaller(Reason reason, String check) {
        if (reason.status() >= 500) return false;
        return !(reason == Reason.STALE && "nonce".equals(check));
    }

    /** Counts a refusal of the caller at {@code address}: an IPv6 caller by its /64, which is then what is blocked. */
    public void denied(String address, Reason reason, long now) {
        String ip = dev.palisade.engine.AddressKey.of(address);
        Settings s = settings.get();
        long threshold = s.autoBlockDenials();
        if (threshold == 0 || reason == Reason.BLACKLISTED || ip == null || ip.isEmpty()) return;
        long window = s.autoBlockWindow().toMillis();
        if (windows.size() >= MAX_TRACKED && fullSweeps.due(now)) sweep(now);
        long count;
        long[] w = null;
        if (windows.size() >= MAX_TRACKED && !windows.containsKey(ip)) {
            // full of live windows (a flood of addresses): a new one is not tracked here until room is swept
            count = 0;
        } else {
            w = windows.compute(ip, (k, v) -> {
                if (v == null || now - v[0] >= window) return new long[] {now, 1, 0};
                v[1]++;
                return v;
            });
            count = w[1];
        }
        if (cluster != null) {
            try {
                count = cluster.count(ip, now, window); // exactly one node sees the threshold reached
            } catch (dev.palisade.engine.state.StateUnavailableException e) {
                // counted by this node alone until the cluster's counts answer again
            }
        }
        // at the threshold, exactly one node of a cluster sees it; past it (the limit lowered under an address's
        // count, a count taken while the cluster's store was away) the address is blocked unless it is already, once
        // a window here: an operator who lifts the block is not overruled by the address's next refusal
        boolean atLimit = count == threshold;
        if ((atLimit || count > threshold && blacklist.matchClient(address, "") == null) && firstOfWindow(w, atLimit)) {
            Claim claim = claim(ip);
            if (claim == Claim.ANOTHERS) {
                unmark(w); // that node's block may yet fail and give its claim back: this node's next refusal asks again
            } else if (!block(ip, count, s, now)) {
                // not stored (the cluster's store away, which fails at once): the next refusal tries again, not the next
                // window; a single server's failing database is tried once a window, not at every refusal of a flood
                if (claim == Claim.TAKEN) giveBack(ip, w);
                else if (cluster != null) unmark(w);
            }
        }
    }

    /** Whether this node may block an address: alone, or while the cluster's counts are away, it asks nobody. */
    private enum Claim { NONE_ASKED, TAKEN, ANOTHERS }

    private static void unmark(long[] window) {
        if (window == null) return;
        synchronized (window) {
            window[2] = 0;
        }
    }

    /** In a cluster, the first node a window takes the block (another's may not have reached this one yet). */
    private Claim claim(String ip) {
        if (cluster == null) return Claim.NONE_ASKED;
        try {
            return cluster.claimBlock(ip) ? Claim.TAKEN : Claim.ANOTHERS;
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            return Claim.NONE_ASKED; // counted here alone: the block is tried, and cannot be stored without the cluster's store
        }
    }

    /**
     * A block claimed for the cluster that could not be stored (a write that failed once the claim was taken): the
     * claim and this node's mark given back, so the address's next refusal, on any node, blocks it; kept, they left
     * the address unblocked for the rest of its window.
     */
    private void giveBack(String ip, long[] window) {
        unmark(window);
        try {
            cluster.releaseBlock(ip);
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            // the claim lapses with its window
        }
    }

    /**
     * Whether this window of the address has not blocked it yet (marked now): at most one block a window on
     * this node, whichever denial reaches it. A window not tracked here (the table full) blocks at the limit only.
     */
    private static boolean firstOfWindow(long[] window, boolean atLimit) {
        if (window == null) return atLimit;
        synchronized (window) {
            if (window[2] != 0) return false;
            window[2] = 1;
            return true;
        }
    }

    /** @return whether the block was stored */
    private boolean block(String ip, long denials, Settings s, long now) {
        long until = now + s.autoBlock().toMillis();
        String reason = denials + " denials within " + s.autoBlockWindow().toSeconds() + " s";
        try {
            blacklist.add(List.of(new BlacklistEntry(null, EntryKind.IP, ip, reason, "auto-block", now, until)), now);
        } catch (RuntimeException e) {
            // the store does not answer (a cluster without its Redis): the refused call stays refused as it was;
            // the address is not blocked by this refusal, which the state_unavailable event explains
            return false;
        }
        audit.adminNotice(Actor.PALISADE, "ip_auto_blocked", ip, ip + " blacklisted for " + s.autoBlock().toSeconds() + " s after " + reason);
        return true;
    }

    public void sweep(long now) {
        long window = settings.get().autoBlockWindow().toMillis();
        windows.values().removeIf(v -> now - v[0] >= window);
    }
}
