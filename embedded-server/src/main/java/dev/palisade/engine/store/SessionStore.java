package dev.palisade.engine.store;

import dev.palisade.engine.session.SessionRecord;

import java.util.Collection;
import java.util.List;

public interface SessionStore {
    List<SessionRecord> loadSessions();

    /** Inserts or replaces each session by id, in one transaction. */
    void saveSessions(Collection<SessionRecord> sessions);

    /**
     * Saves the session a login just opened, before its token goes out. When it throws, the login discards it: on a
     * cluster, a save that timed out while Redis hung is refused by Redis when it wakes (else it would hold a session no
     * node holds, counted against its user's max-sessions), unless Redis may not run {@code TIME} (no deadline) or
     * made it in the instant before it stopped answering (its answer lost).
     */
    default void saveOpened(SessionRecord opened) {
        saveSessions(List.of(opened));
    }

    /**
     * Saves sessions an operator, a logout or a check just revoked. On a cluster the other nodes are told
     * every time, also when the revocation was stored already: one sent again after its reply was lost
     * was stored, but never told (a checkpoint's later save of a revoked session is not a revocation).
     */
    default void saveRevocations(Collection<SessionRecord> revoked) {
        saveSessions(revoked);
    }

    void deleteSessions(Collection<String> ids);

    /**
     * Deletes sessions this node found ended, unless the store's own record says otherwise: on a
     * cluster another node may have served the session since this node's copy went idle. A store only
     * this process writes deletes them all.
     *
     * @param idleBefore    a session last seen before this has idled out
     * @param createdBefore a session created before this has reached its absolute lifetime
     */
    default void deleteEnded(Collection<String> ids, long idleBefore, long createdBefore) {
        deleteSessions(ids);
    }

    /**
     * Runs {@code lost}, on the store's own thread, each time a shared store noticed that it lost what it
     * held (a Redis restarted without persistence): the node then gives back its sessions with
     * {@link #restoreSessions}. A store only this process writes never loses them so.
     */
    default void watchLoss(Runnable lost) {}

    /**
     * Writes back the sessions a shared store lost, where it lacks them: a session it holds (saved or
     * revoked since, through any node) is never replaced, and a revoked one goes back revoked.
     */
    default void restoreSessions(Collection<SessionRecord> held) {}

    /**
     * The session with this id as another node of a cluster saved it, for a node that does not know it
     * yet; null if there is none. A store only this process writes has every session loaded already.
     */
    default SessionRecord findSession(String id) {
        return null;
    }

    /**
     * Sessions revoked through other nodes since the last call, each with when (oldest first), so this
     * node revokes its own copies; always empty for a store only this process writes.
     */
    default java.util.Map<String, Long> newRevocations() {
        return java.util.Map.of();
    }

    /**
     * Counts the live sessions from {@code ip} and of {@code user} on every node of a cluster (last used at
     * or after {@code idleBefore}, made at or after {@code createdBefore}) with the places other logins
     * hold, and holds a place for this login until {@code holdUntil} when both counts are under their
     * limits (0: none), in one step, so logins racing on several nodes cannot all take the last place.
     * Null for a store only this process writes (its registry counts, under its own lock).
     */
    default SessionHold holdSession(String ip, String user, long idleBefore, long createdBefore, int perIp, int perUser,
                                    long now, long holdUntil) {
        return null;
    }

    /** Gives back a place {@link #holdSession} held: the login's session is saved (and counted), or it failed. */
    default void releaseSession(SessionHold hold) {
        // a single node holds no shared place
    }

    /**
     * Keeps the fingerprint a session was last refused for where an operator on any node of a cluster can
     * accept it; a single node keeps it in the session only.
     */
    default void shareRefusedFingerprint(String sessionId, dev.palisade.engine.fingerprint.Fingerprint refused) {
        // a single node: the session holds it
    }

    /**
     * A single node's fingerprints last refused per session, kept across a restart so an operator can
     * still accept one after it; written with the checkpoints. A cluster shares them as they happen
     * ({@link #shareRefusedFingerprint}), so a store for one does nothing here.
     */
    default void saveRefusedFingerprints(java.util.Map<String, dev.palisade.engine.fingerprint.Fingerprint> bySession) {}

    /** What {@link #saveRefusedFingerprints} kept, by session id. */
    default java.util.Map<String, dev.palisade.engine.fingerprint.Fingerprint> loadRefusedFingerprints() {
        return java.util.Map.of();
    }

    /** The fingerprint last refused for a session on any node of a cluster; null if none, or alone. */
    default dev.palisade.engine.fingerprint.Fingerprint refusedFingerprint(String sessionId) {
        return null;
    }

    /** An operator re-bound a session (saved already): every node takes its new fingerprint (see {@link #newRebinds}). */
    default void announceRebind(String sessionId) {
        // a single node: there is no other copy
    }

    /** Sessions re-bound by an operator on any node since the last call; always empty for a single node. */
    default List<String> newRebinds() {
        return List.of();
    }

    /** The sessions of {@code user} the store holds (for revoking them all); a single node has them loaded already. */
    default List<SessionRecord> sessionsOf(String user) {
        return List.of();
    }

    /**
     * The sessions the API key {@code apiKeyId} opened that the store holds (for revoking them with the key);
     * a single node has them loaded already.
     */
    default List<SessionRecord> sessionsOpenedBy(String apiKeyId) {
        return List.of();
    }

    /**
     * Every node's sessions: how many a cluster holds, and how many are not revoked and were used at or
     * after {@code idleBefore}; null for a store only this process writes (its registry counts them).
     */
    default SessionCount countSessions(long idleBefore) {
        return null;
    }

    /**
     * Sessions saved by any node of a cluster since the last call (this node's own too), each with when
     * it was last used on any node (-1 once revoked), so this node adopts those it does not hold (revoked
     * ones too: every node lists the same sessions) and knows how recently the others were used
     * elsewhere; always empty for a store only this process writes.
     */
    default java.util.Map<String, Long> newSaves() {
        return java.util.Map.of();
    }
}
