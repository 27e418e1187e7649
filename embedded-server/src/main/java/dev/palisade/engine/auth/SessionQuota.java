package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.sequence.LiveSequenceRules;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.store.SessionHold;
import dev.palisade.engine.store.SessionStore;

import java.util.HashMap;
import java.util.Map;

/**
 * Technique 9's max-sessions rule (many sessions from one address or for one user look like a farm),
 * kept under logins that race: a login that passes the count holds a place, on this node until its
 * session is in the registry and in a cluster on every node until its session is saved, so two logins,
 * on one node or on two, cannot both take the last place.
 */
final class SessionQuota {

    /** Longer than a login takes from its count to its saved session; a place a stopped node held frees itself then. */
    static final long HOLD_MILLIS = 30_000;

    /** A login's place: {@link #opened} once its session is in the registry, {@link #release} once it is saved or the login failed. */
    final class Place {
        private final String ip;
        private final String user;
        private SessionHold shared;
        private boolean localHeld = true;
        private boolean released;

        private Place(String ip, String user) {
            this.ip = ip;
            this.user = user;
        }

        /** The session is in this node's registry, and counted there: the node's own place is no longer needed. */
        void opened() {
            if (!localHeld) return;
            localHeld = false;
            releaseLocal(ip, user);
        }

        void release() {
            if (released) return;
            released = true;
            opened();
            releaseShared(shared);
        }
    }

    private final LiveSequenceRules rules;
    private final SessionRegistry sessions;
    private final SessionStore store;
    /** Places held on this node by logins whose sessions are not in the registry yet. */
    private final Map<String, Integer> heldFromIp = new HashMap<>();
    private final Map<String, Integer> heldOfUser = new HashMap<>();
    /**
     * Shared places whose release the store refused (Redis away, or a hang's silence): given back at the next login's
     * count or maintenance, so a login refused 503 does not count against its user for the place's whole 30 s.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<SessionHold> unreleased = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** At most this many wait to be given back; each frees itself after {@link #HOLD_MILLIS} anyway. */
    private static final int UNRELEASED_MAX = 10_000;

    SessionQuota(LiveSequenceRules rules, SessionRegistry sessions, SessionStore store) {
        this.rules = rules;
        this.sessions = sessions;
        this.store = store;
    }

    /**
     * Counts the live sessions (and the places held) from {@code ip} and of {@code user}, and holds one
     * more for this login: on this node under its lock, then in a cluster in one step in the shared store
     * (outside the lock: a slow store holds up no other login's count here).
     *
     * @return the place, or null when no max-sessions rule is set
     * @throws Denial {@code too_many_sessions} when the address or the user already holds its most
     */
    Place take(String address, String user, long now) {
        String ip = dev.palisade.engine.AddressKey.of(address); // an IPv6 caller by its /64
        SequenceRule.MaxSessions max = rules.maxSessions();
        if (max == null) return null;
        synchronized (this) {
            int[] live = sessions.countLive(ip, user, now);
            refuseIfFull(max, live[0] + heldFromIp.getOrDefault(ip, 0), live[1] + heldOfUser.getOrDefault(user, 0));
            heldFromIp.merge(ip, 1, Integer::sum);
            heldOfUser.merge(user, 1, Integer::sum);
        }
        Place place = new Place(ip, user);
        if (!unreleased.isEmpty()) releaseUnreleased(); // a place a login refused 503 held: its user may try again now
        try {
            SessionPolicy policy = sessions.policy();
            // a cluster's sessions are counted where every node's are, with the places held on every node
            place.shared = store.holdSession(ip, user, now - policy.idleTtl().toMillis() + 1,
                    now - policy.absoluteTtl().toMillis() + 1, max.perIp(), max.perUser(), now, now + HOLD_MILLIS);
            if (place.shared != null && !place.shared.held()) refuseIfFull(max, place.shared.fromIp(), place.shared.ofUser());
        } catch (RuntimeException e) {
            place.release();
            throw e;
        }
        return place;
    }

    private static void refuseIfFull(SequenceRule.MaxSessions max, int fromIp, int ofUser) {
        if (max.perIp() > 0 && fromIp >= max.perIp()) {
            throw new Denial(Reason.TOO_MANY_SESSIONS, "this address already holds " + fromIp
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        }
        if (max.perUser() > 0 && ofUser >= max.perUser()) {
            throw new Denial(Reason.TOO_MANY_SESSIONS, "this user already holds " + ofUser
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        }
    }

    private void releaseShared(SessionHold shared) {
        if (shared == null || !shared.held()) return;
        try {
            store.releaseSession(shared);
        } catch (RuntimeException e) {
            // the shared store is away: given back once it answers (else the place frees itself after HOLD_MILLIS)
            if (unreleased.size() < UNRELEASED_MAX) unreleased.add(shared);
        }
    }

    /** Gives back the shared places whose release the store refused; those it refuses again wait for the next try. */
    void releaseUnreleased() {
        for (int n = unreleased.size(); n > 0; n--) {
            SessionHold hold = unreleased.poll();
            if (hold == null) return;
            try {
                store.releaseSession(hold);
            } catch (RuntimeException e) {
                unreleased.add(hold); // still away: the others wait with it
                return;
            }
        }
    }

    private synchronized void releaseLocal(String ip, String user) {
        heldFromIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
        heldOfUser.computeIfPresent(user, (k, n) -> n > 1 ? n - 1 : null);
    }
}
