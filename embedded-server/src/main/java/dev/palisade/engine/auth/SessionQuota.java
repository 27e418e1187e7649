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
 * kept under logins that race: a login that passes the count holds a place, on this node and in a
 * cluster on every node, until its session is saved and counted itself, so two logins, on one node or
 * on two, cannot both take the last place.
 */
final class SessionQuota {

    /** Longer than a login takes from its count to its saved session; a place a stopped node held frees itself then. */
    static final long HOLD_MILLIS = 30_000;

    /** A login's place: give it back once its session is saved, or the login failed. */
    final class Place {
        private final String ip;
        private final String user;
        private final SessionHold shared;
        private boolean released;

        private Place(String ip, String user, SessionHold shared) {
            this.ip = ip;
            this.user = user;
            this.shared = shared;
        }

        void release() {
            if (released) return;
            released = true;
            SessionQuota.this.release(ip, user);
            releaseShared(shared);
        }
    }

    private final LiveSequenceRules rules;
    private final SessionRegistry sessions;
    private final SessionStore store;
    /** Places held on this node by logins whose sessions are not saved yet. */
    private final Map<String, Integer> heldFromIp = new HashMap<>();
    private final Map<String, Integer> heldOfUser = new HashMap<>();

    SessionQuota(LiveSequenceRules rules, SessionRegistry sessions, SessionStore store) {
        this.rules = rules;
        this.sessions = sessions;
        this.store = store;
    }

    /**
     * Counts the live sessions (and the places held) from {@code ip} and of {@code user}, and holds one
     * more for this login.
     *
     * @return the place, or null when no max-sessions rule is set
     * @throws Denial {@code too_many_sessions} when the address or the user already holds its most
     */
    synchronized Place take(String ip, String user, long now) {
        SequenceRule.MaxSessions max = rules.maxSessions();
        if (max == null) return null;
        int[] live = sessions.countLive(ip, user, now);
        int fromIp = live[0] + heldFromIp.getOrDefault(ip, 0);
        int ofUser = live[1] + heldOfUser.getOrDefault(user, 0);
        SessionPolicy policy = sessions.policy();
        // a cluster's sessions are counted where every node's are, with the places held on every node
        SessionHold shared = store.holdSession(ip, user, now - policy.idleTtl().toMillis() + 1,
                now - policy.absoluteTtl().toMillis() + 1, max.perIp(), max.perUser(), now, now + HOLD_MILLIS);
        if (shared != null) {
            fromIp = Math.max(fromIp, shared.fromIp());
            ofUser = Math.max(ofUser, shared.ofUser());
        }
        Denial refusal = null;
        if (max.perIp() > 0 && fromIp >= max.perIp()) {
            refusal = new Denial(Reason.TOO_MANY_SESSIONS, "this address already holds " + fromIp
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        } else if (max.perUser() > 0 && ofUser >= max.perUser()) {
            refusal = new Denial(Reason.TOO_MANY_SESSIONS, "this user already holds " + ofUser
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        }
        if (refusal != null) {
            releaseShared(shared);
            throw refusal;
        }
        heldFromIp.merge(ip, 1, Integer::sum);
        heldOfUser.merge(user, 1, Integer::sum);
        return new Place(ip, user, shared);
    }

    private void releaseShared(SessionHold shared) {
        if (shared == null || !shared.held()) return;
        try {
            store.releaseSession(shared);
        } catch (RuntimeException e) {
            // the shared store is away: the place frees itself after HOLD_MILLIS
        }
    }

    private synchronized void release(String ip, String user) {
        heldFromIp.computeIfPresent(ip, (k, n) -> n > 1 ? n - 1 : null);
        heldOfUser.computeIfPresent(user, (k, n) -> n > 1 ? n - 1 : null);
    }
}
