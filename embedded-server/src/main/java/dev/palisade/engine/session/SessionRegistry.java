package dev.palisade.engine.session;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.SharedStrings;
import dev.palisade.engine.fingerprint.Fingerprint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * All sessions in memory, bounded: when full, expired sessions are swept first and a login is
 * refused only if every slot holds a live session. Also indexes each session's last verified token
 * by its digest, so a token is verified by nimbus once and afterwards by one hash and a compare.
 */
public final class SessionRegistry {

    /** Each session under its id, hashed from the two longs it is held as (no text made, SessionIds). */
    private final SessionTable<String> byId = new SessionTable<>() {
        @Override
        int hash(String id) { return SessionIds.hash(id); }

        @Override
        int hashOf(Session s) { return s.idHash(); }

        @Override
        String keyOf(Session s) { return s.id(); }

        @Override
        boolean holds(Session s, String id) { return s.idIs(id); }
    };
    /** Each session under the digest of its token verified last; changed only while this table's monitor is held. */
    private final SessionTable<byte[]> byTokenDigest = new SessionTable<>() {
        @Override
        int hash(byte[] digest) { return (int) Secrets.prefix(digest); }

        @Override
        byte[] keyOf(Session s) { return s.verifiedTokenDigest(); }

        @Override
        boolean holds(Session s, byte[] digest) { return s.holdsVerifiedToken(digest); }
    };
    /** by the address a session's caller is counted under: an IPv6 caller's /64 ({@link dev.palisade.engine.AddressKey}) */
    private final SessionsBy byIp = new SessionsBy(s -> dev.palisade.engine.AddressKey.of(s.clientIp()));
    private final SessionsBy byUser = new SessionsBy(Session::user);
    private final IntSupplier maxSessions;
    private final Supplier<SessionPolicy> policy;

    /** A test's way into the moment a revocation found no session here, before it is remembered. */
    Runnable foundNone = () -> {};

    public SessionRegistry(IntSupplier maxSessions, Supplier<SessionPolicy> policy) {
        this.maxSessions = maxSessions;
        this.policy = policy;
    }

    /** Puts back sessions loaded from the store at start-up. */
    public void restore(Collection<SessionRecord> records) {
        for (SessionRecord r : records) add(new Session(r));
    }

    /** Opens a session no API key is recorded for: a browser's (see the next method). */
    public Session open(String user, SessionOrigin origin, long bootstrapAt, String clientIp, String userAgent,
                        Fingerprint fingerprint, String automation, java.util.function.Function<String, byte[]> signingKey,
                        long now) {
        return open(user, origin, "", bootstrapAt, clientIp, userAgent, fingerprint, automation, signingKey, now);
    }

    /**
     * Opens a new session with a fresh random id.
     *
     * @param apiKeyId   the id of the API key an {@code API_KEY} session logged in with, so revoking the key
     *                   revokes it; empty for a browser's
     * @param signingKey derives the session's request-signing key from its id (the key agreement binds the id)
     * @param automation the automation signals seen at bootstrap, comma-separated, or empty
     * @throws Denial {@code session_capacity} if the registry is full of live sessions
     */
    public Session open(String user, SessionOrigin origin, String apiKeyId, long bootstrapAt, String clientIp,
                        String userAgent, Fingerprint fingerprint, String automation,
                        java.util.function.Function<String, byte[]> signingKey, long now) {
        return open(user, origin, apiKeyId, bootstrapAt, null, clientIp, userAgent, fingerprint, automation, signingKey, now);
    }

    /**
     * As {@link #open(String, SessionOrigin, String, long, String, String, Fingerprint, String, java.util.function.Function, long)},
     * with what the bootstrap paid ({@code bootstrap}; null for a login without one).
     */
    public Session open(String user, SessionOrigin origin, String apiKeyId, long bootstrapAt, BootstrapCost bootstrap,
                        String clientIp, String userAgent, Fingerprint fingerprint, String automation,
                        java.util.function.Function<String, byte[]> signingKey, long now) {
        String id = Secrets.randomToken(16);
        // a user's or an address's sessions share its string, and browsers of one kind their User-Agent
        Session session = new Session(new SessionRecord(id, byUser.keyOf(user), origin, now, bootstrapAt, byIp.keyOf(clientIp),
                SharedStrings.share(userAgent), now, 0, 0, signingKey.apply(id), fingerprint, automation, apiKeyId, bootstrap));
        // the room looked for and taken in one step: logins that each saw one place left all took it (audit conc55 L5)
        synchronized (opening) {
            int max = maxSessions.getAsInt();
            if (byId.size() >= max) {
                sweptOnLogin.addAll(sweepNow(now));
                if (byId.size() >= max) throw new Denial(Reason.SESSION_CAPACITY,
                        "the server holds its maximum of " + max + " live sessions; try again later");
            }
            add(session);
        }
        return session;
    }

    /** Held while a login looks for room and takes it. */
    private final Object opening = new Object();

    /**
     * Sessions a login's sweep removed, for the next {@link #sweep} to hand on: their rows and call marks are deleted
     * with maintenance's own (audit conc55 L6: they stayed in the store until a restart).
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<String> sweptOnLogin = new java.util.concurrent.ConcurrentLinkedQueue<>();

    private void add(Session s) {
        byId.add(s, s.id());
        byIp.add(s);
        byUser.add(s);
    }

    /**
     * Takes in a session another node of the cluster opened, the first time a call of it reaches this
     * node; if two calls race, both get the same one.
     *
     * @return the session now registered here, or null when {@code record} is null
     */
    public synchronized Session adopt(SessionRecord record) {
        if (record == null) return null;
        Session known = byId.find(record.id());
        if (known != null) return known;
        Session adopted = new Session(record);
        add(adopted);
        Long revokedAt;
        synchronized (revokedElsewhere) {
            revokedAt = revokedElsewhere.remove(record.id());
        }
        // revoked on another node while this one was reading the record: the revocation wins
        if (revokedAt != null) revoke(record.id(), revokedAt);
        return adopted;
    }

    /** Revocations of sessions this node did not hold (yet), newest kept; a later adopt honours them. */
    private final java.util.LinkedHashMap<String, Long> revokedElsewhere = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Long> eldest) { return size() > 10_000; }
    };

    private void rememberRevoked(String id, long at) {
        synchronized (revokedElsewhere) {
            revokedElsewhere.put(id, at);
        }
    }

    public Session get(String id) {
        return id == null ? null : byId.find(id);
    }

    /**
     * @return the session whose last verified token has exactly this digest, if any (the whole
     *         digest is compared, in constant time); the caller still checks its expiry
     */
    public Session byVerifiedToken(byte[] digest) {
        return digest == null ? null : byTokenDigest.find(digest);
    }

    /**
     * Files the session under the digest of a token just verified for it, unless it was revoked or forgotten
     * meanwhile: revoking and sweeping take the digest out under this table's monitor, and one filed after
     * would stay for as long as the session is kept, or for ever once it was swept (audit path57 I1).
     */
    public void rememberVerifiedToken(Session session, byte[] digest, long acceptUntil, String kid) {
        synchronized (byTokenDigest) {
            if (session.isRevoked() || get(session.id()) != session) return;
            byte[] previous = session.verifiedTokenDigest();
            if (previous != null) byTokenDigest.remove(session, previous);
            session.rememberVerifiedToken(digest, acceptUntil, kid);
            byTokenDigest.add(session, digest);
        }
    }

    /** @return true if the session existed and was live until now */
    public boolean revoke(String id, long now) {
        Session s = get(id);
        if (s == null) {
            foundNone.run();
            // looked for again under adopt's monitor: an adopt between the look and the remembering took the session
            // in live and never heard of this revocation (audit conc55 L4)
            synchronized (this) {
                s = get(id);
                if (s == null) {
                    rememberRevoked(id, now);
                    return false;
                }
            }
        }
        synchronized (byTokenDigest) {
            byte[] digest = s.verifiedTokenDigest();
            boolean changed = s.revoke(now);
            if (digest != null) byTokenDigest.remove(s, digest);
            return changed;
        }
    }

    /** Revokes every session of {@code user}, stored first as {@link #revokeStored} does; returns the ids revoked. */
    public List<String> revokeUser(String user, long now, Consumer<List<SessionRecord>> save) {
        return revokeStored(List.of(byUser.of(user)), now, save);
    }

    /**
     * Revokes every session the API key {@code keyId} opened at login, stored first as {@link #revokeStored}
     * does; returns the ids revoked. Looks at every session: an operator's rare act, and an index by key
     * would cost each session a field (BENCHMARKS.md 2g).
     */
    public List<String> revokeOpenedBy(String keyId, long now, Consumer<List<SessionRecord>> save) {
        List<Session> opened = new ArrayList<>();
        for (Session s : byId.values()) {
            if (s.openedBy(keyId)) opened.add(s);
        }
        return revokeStored(opened, now, save);
    }

    /**
     * Revokes sessions, stored first: {@code save} writes them as revoked, and only once it returned are
     * they revoked here. A store that refuses (throws) leaves them as they were, so the caller's retry
     * revokes them again rather than find them revoked here and nowhere else.
     *
     * @return the ids this call revoked
     */
    public List<String> revokeStored(Collection<Session> sessions, long now, Consumer<List<SessionRecord>> save) {
        List<SessionRecord> records = new ArrayList<>();
        for (Session s : sessions) {
            SessionRecord r = s.revokedRecord(now);
            if (r != null) records.add(r);
        }
        if (records.isEmpty()) return List.of();
        save.accept(records);
        List<String> revoked = new ArrayList<>(records.size());
        for (SessionRecord r : records) {
            // this call stored the revocation, so it is this call's even when the cluster's feed read it back
            // and applied it here first (then revoke finds the session revoked already)
            revoke(r.id(), now);
            revoked.add(r.id());
        }
        return revoked;
    }

    /** The checkpoint of these sessions was not stored: they are written again at the next one. */
    public void checkpointFailed(List<SessionRecord> records) {
        for (SessionRecord r : records) {
            Session s = get(r.id());
            if (s != null) s.stillDirty();
        }
    }

    /**
     * Forgets sessions that can no longer be used: idle or past their absolute lifetime. Revoked
     * sessions stay until their absolute lifetime ends, so their tokens keep meeting "revoked".
     *
     * @return the ids removed, with those a login's sweep removed since the last call: the caller deletes what
     *         the store keeps of each
     */
    public List<String> sweep(long now) {
        List<String> removed = sweepNow(now);
        for (String id; (id = sweptOnLogin.poll()) != null; ) removed.add(id);
        return removed;
    }

    private List<String> sweepNow(long now) {
        SessionPolicy p = policy.get();
        List<String> removed = new ArrayList<>();
        for (Session s : byId.values()) {
            boolean gone = s.isRevoked()
                    ? now >= p.absoluteExpiry(s.createdAt())
                    : s.state(now, p) == SessionState.EXPIRED;
            if (gone && byId.remove(s, s.id())) {
                byIp.remove(s);
                byUser.remove(s);
                synchronized (byTokenDigest) {
                    byte[] digest = s.verifiedTokenDigest();
                    if (digest != null) byTokenDigest.remove(s, digest);
                }
                removed.add(s.id());
            }
        }
        return removed;
    }

    /**
     * Forgets a session whose token never left: its login failed to store it (a full disk). Kept, it
     * counted against the address's and the user's live sessions until it idled out, after the outage too.
     */
    public void discard(Session s) {
        if (byId.remove(s, s.id())) {
            byIp.remove(s);
            byUser.remove(s);
        }
    }

    /** Sessions changed since their last checkpoint, as records for the store. */
    public List<SessionRecord> checkpointDirty() {
        List<SessionRecord> dirty = new ArrayList<>();
        for (Session s : byId.values()) {
            if (s.isDirty()) dirty.add(s.checkpoint());
        }
        return dirty;
    }

    public Collection<Session> all() { return byId.values(); }

    /** Every session held, as records for the store (their checkpoints unchanged). */
    public List<SessionRecord> records() {
        List<SessionRecord> out = new ArrayList<>(byId.size());
        for (Session s : byId.values()) out.add(s.toRecord());
        return out;
    }

    /** Whether one of the user's {@code last} newest sessions that are not revoked passes {@code test}. */
    public boolean anyOfLast(String user, int last, java.util.function.Predicate<Session> test) {
        Session[] theirs = byUser.of(user);
        for (int i = theirs.length - 1; i >= Math.max(0, theirs.length - last); i--) {
            if (!theirs[i].isRevoked() && test.test(theirs[i])) return true;
        }
        return false;
    }

    /** Live sessions from {@code ip} and of {@code user}: {ip count, user count}. */
    public int[] countLive(String ip, String user, long now) {
        SessionPolicy p = policy.get();
        int fromIp = 0;
        int ofUser = 0;
        for (Session s : byIp.of(dev.palisade.engine.AddressKey.of(ip))) {
            if (s.state(now, p) == SessionState.ACTIVE) fromIp++;
        }
        for (Session s : byUser.of(user)) {
            if (s.state(now, p) == SessionState.ACTIVE) ofUser++;
        }
        return new int[] {fromIp, ofUser};
    }

    public int size() { return byId.size(); }

    public SessionPolicy policy() { return policy.get(); }
}
