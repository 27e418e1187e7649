package dev.palisade.engine.session;

import dev.palisade.engine.Reason;
import dev.palisade.engine.fingerprint.Fingerprint;
import dev.palisade.engine.rate.WindowCounts;

import java.util.List;

/**
 * A live session: who, how it began (bootstrap, fingerprint facts), its state and recent calls.
 * Identity fields are final; the moving parts are guarded by this object's monitor. It extends
 * {@link CallHistory} (and through it {@link WindowCounts}) only to hold its recent calls and its
 * rate counts in its own fields (BENCHMARKS.md 2g).
 */
public final class Session extends CallHistory {

    static final int HISTORY = 16;
    static final int TOKEN_DIGEST_BYTES = 32;
    /** The length of the keys a login derives, held as four longs. */
    public static final int SIGNING_KEY_BYTES = 32;
    private static final byte[] NO_KEY = new byte[0];
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /*
     * The id: one the server made (SessionIds.packs) is two longs, and idText is null until a trust
     * header needs the text (proxy and gateway modes, which then keep it); any other id (tests,
     * records from elsewhere) is idText alone, with packed false.
     */
    private final long idHigh;
    private final long idLow;
    private final boolean packed;
    private volatile String idText;
    private final String user;
    /*
     * The id of the API key that opened the session ("" when a key's session was stored before keys
     * were), and null for a browser's: the origin is read from it, so it takes the origin's field and a
     * session costs no more (BENCHMARKS.md 2g).
     */
    private final String apiKeyId;
    private final long createdAt;
    private final long bootstrapAt;
    private final String clientIp;
    private final String userAgent;
    /*
     * The request-signing key: a 32-byte key (what a login derives) is four longs of this object, not
     * an array of 48 B (BENCHMARKS.md 2g), and otherKey is null; a key of any other length (none: an
     * empty one) is held as given in otherKey.
     */
    private final long signingKey0;
    private final long signingKey1;
    private final long signingKey2;
    private final long signingKey3;
    private final byte[] otherKey;
    private final String automation;
    /*
     * What the bootstrap paid (BootstrapCost): the bits as a byte, -1 for a session without a bootstrap's cost and
     * {@link BootstrapCost#WAIVED_BITS} for one a debug token let through without work, and the
     * milliseconds since its page capped at 65 535 as a char. Both fill the 3 bytes of padding after calls and dirty,
     * so a session is 232 B with them as without them (BENCHMARKS.md 2g).
     */
    private final byte bootstrapBits;
    private final char sincePageMillis;

    private long lastSeenAt;
    private long revokedAt;
    private int calls;
    private boolean dirty;

    // technique 5: the fingerprint this session is bound to, and its salted hash (kid of the salt)
    private Fingerprint fingerprint;
    private String fingerprintKid;
    private byte[] fingerprintHash;
    private Fingerprint refusedFingerprint;
    // the inputs of the last call that matched the bound fingerprint, and the policy they matched under
    private Object matchedUnder;
    private String[] matchedInputs;

    /*
     * The token verified last: presented again, it is accepted by a constant-time compare. Its SHA-256
     * is four longs of this object rather than an array of its own (48 B, BENCHMARKS.md 2g); the kid
     * is null while there is none.
     */
    private long verifiedToken0;
    private long verifiedToken1;
    private long verifiedToken2;
    private long verifiedToken3;
    private long verifiedTokenExpiresAt;
    private String verifiedTokenKid;

    public Session(SessionRecord record) {
        super(HISTORY); // its recent calls are this object's fields: see CallHistory
        String id = record.id();
        packed = SessionIds.packs(id);
        idHigh = packed ? SessionIds.high(id) : 0;
        idLow = packed ? SessionIds.low(id) : 0;
        idText = packed ? null : id;
        this.user = record.user();
        this.apiKeyId = record.origin() == SessionOrigin.API_KEY ? record.apiKeyId() : null;
        this.createdAt = record.createdAt();
        this.bootstrapAt = record.bootstrapAt();
        this.clientIp = record.clientIp();
        this.userAgent = record.userAgent();
        this.lastSeenAt = record.lastSeenAt();
        this.revokedAt = record.revokedAt();
        this.calls = record.calls();
        byte[] key = record.signingKey();
        if (key.length == SIGNING_KEY_BYTES) {
            signingKey0 = (long) LONGS.get(key, 0);
            signingKey1 = (long) LONGS.get(key, 8);
            signingKey2 = (long) LONGS.get(key, 16);
            signingKey3 = (long) LONGS.get(key, 24);
            otherKey = null;
        } else {
            signingKey0 = signingKey1 = signingKey2 = signingKey3 = 0;
            otherKey = key.length == 0 ? NO_KEY : key.clone();
        }
        this.fingerprint = record.fingerprint();
        this.automation = record.automation();
        BootstrapCost cost = record.bootstrap(); // capped by the record
        this.bootstrapBits = cost == null ? -1 : (byte) cost.storedBits();
        this.sincePageMillis = cost == null ? 0 : (char) cost.sincePageMillis();
    }

    /** The id's text: a new string for a packed id, so not for the request path (see {@link #idIs(String, int, int)}). */
    public String id() {
        String text = idText;
        return text != null ? text : SessionIds.text(idHigh, idLow);
    }

    /** Whether {@code id} is this session's id, made no string of. */
    public boolean idIs(String id) {
        if (!packed) return idText.equals(id);
        return SessionIds.packs(id) && SessionIds.high(id) == idHigh && SessionIds.low(id) == idLow;
    }

    /** Whether {@code text[from, to)} is this session's id, made no string of (a signature's keyid). */
    public boolean idIs(String text, int from, int to) {
        if (packed) return SessionIds.matches(text, from, to, idHigh, idLow);
        return to - from == idText.length() && idText.regionMatches(0, text, from, to - from);
    }

    /** Writes a packed id's 22 characters as ASCII into {@code out} at {@code offset}; {@link #idPacked} must hold. */
    public void writeIdAscii(byte[] out, int offset) { SessionIds.writeAscii(idHigh, idLow, out, offset); }

    /** {@code id().hashCode()}, made no string of. */
    public int idHashCode() { return packed ? SessionIds.textHashCode(idHigh, idLow) : idText.hashCode(); }

    /** Whether the id is held as two longs ({@link #idHigh}, {@link #idLow}) rather than as text. */
    public boolean idPacked() { return packed; }

    /** The first 8 bytes of a packed id; 0 otherwise. */
    public long idHigh() { return idHigh; }

    /** The last 8 bytes of a packed id; 0 otherwise. */
    public long idLow() { return idLow; }

    /**
     * The id's text, kept once made: for the trust header a forwarded call carries (proxy and gateway
     * modes build that call's strings anyway), so each call of a session does not make it again.
     */
    public String idText() {
        String text = idText;
        if (text == null) idText = text = SessionIds.text(idHigh, idLow);
        return text;
    }

    /** A hash of the id for the id table: {@link SessionIds#hash(String)} of its text. */
    int idHash() { return packed ? SessionIds.hash(idHigh, idLow) : SessionIds.hash(idText); }
    public String user() { return user; }
    public SessionOrigin origin() { return apiKeyId == null ? SessionOrigin.BROWSER : SessionOrigin.API_KEY; }

    /** The id of the API key that opened this session; empty for a browser's (and for a key's stored before keys were). */
    public String apiKeyId() { return apiKeyId == null ? "" : apiKeyId; }

    /** Whether the API key {@code keyId} opened this session. */
    public boolean openedBy(String keyId) { return apiKeyId != null && !apiKeyId.isEmpty() && apiKeyId.equals(keyId); }
    public long createdAt() { return createdAt; }
    /** When the bootstrap ticket that opened this session was redeemed; 0 for API-key sessions. */
    public long bootstrapAt() { return bootstrapAt; }
    public String clientIp() { return clientIp; }
    public String userAgent() { return userAgent; }

    /** The per-session request-signing key, a copy; empty for sessions that have none. Never exposed in a view. */
    public byte[] signingKey() {
        return otherKey != null ? otherKey.clone() : signingKey(new byte[SIGNING_KEY_BYTES]);
    }

    /** Whether this session has a request-signing key (API-key sessions have none). */
    public boolean hasSigningKey() { return otherKey == null || otherKey.length > 0; }

    /**
     * The request-signing key without a copy per call: written into {@code room} (at least
     * {@value #SIGNING_KEY_BYTES} bytes, the caller's to clear) and returned, or the key of another
     * length itself, which the caller must not change.
     */
    public byte[] signingKey(byte[] room) {
        if (otherKey != null) return otherKey;
        LONGS.set(room, 0, signingKey0);
        LONGS.set(room, 8, signingKey1);
        LONGS.set(room, 16, signingKey2);
        LONGS.set(room, 24, signingKey3);
        return room;
    }

    /**
     * The bits of work of the bootstrap that opened this session, without a record: -1 without one, and
     * {@link BootstrapCost#WAIVED_BITS} when a debug token waived it (see {@link #bootstrapCost}).
     */
    public int bootstrapBits() { return bootstrapBits; }

    /** What the bootstrap that opened this session paid; null without one (an API key's, or stored before sessions kept it). */
    public BootstrapCost bootstrapCost() {
        return BootstrapCost.stored(bootstrapBits, sincePageMillis);
    }

    /** The automation signals seen when this session bootstrapped, comma-separated; empty when none. */
    public String automation() { return automation; }

    /** This session's calls in the session-scoped rate windows: the session itself, so they end with it. */
    public WindowCounts rateCounts() { return this; }

    public synchronized long lastSeenAt() { return lastSeenAt; }

    public synchronized Fingerprint fingerprint() { return fingerprint; }

    /** The bound fingerprint's hash if it was taken with salt {@code kid}, else null. */
    public synchronized byte[] fingerprintHash(String kid) {
        return kid.equals(fingerprintKid) ? fingerprintHash : null;
    }

    /** The bound fingerprint with its hash if that was taken with salt {@code kid} (else a null hash), read together. */
    public synchronized BoundFingerprint boundFingerprint(String kid) {
        return new BoundFingerprint(fingerprint, kid.equals(fingerprintKid) ? fingerprintHash : null);
    }

    /** A session's bound fingerprint and its hash under one salt, or a null hash when it is not taken yet. */
    public record BoundFingerprint(Fingerprint fingerprint, byte[] hash) {}

    /**
     * Remembers the hash of {@code hashed} under salt {@code kid}, unless the session was re-bound since it was read:
     * a hash taken before a re-bind stored after it let the old client match the new binding, unreported.
     */
    public synchronized void rememberFingerprintHash(Fingerprint hashed, String kid, byte[] hash) {
        if (fingerprint != hashed) return;
        fingerprintKid = kid;
        fingerprintHash = hash;
    }

    /** The last fingerprint refused for this session, which an operator may accept; null if none. */
    public synchronized Fingerprint refusedFingerprint() { return refusedFingerprint; }

    public synchronized void refused(Fingerprint fp) { refusedFingerprint = fp; }

    /** Whether a call with these fingerprint inputs already matched under this policy (and no re-bind since). */
    public synchronized boolean matchedBefore(Object policy, String[] inputs) {
        return policy == matchedUnder && java.util.Arrays.equals(inputs, matchedInputs);
    }

    /**
     * Remembers inputs that matched {@code matched}, if the session is still bound to it. Values equal to the bound
     * fingerprint's share its strings, so a session keeps one copy of its User-Agent, not two.
     */
    public synchronized void rememberMatch(Object policy, String[] inputs, Fingerprint matched) {
        // matched a binding replaced since: these inputs are the old client's, which must meet the new one
        if (fingerprint != matched) return;
        if (fingerprint != null) {
            for (int i = 0; i < inputs.length; i++) {
                for (int b = 0; b < fingerprint.size(); b++) {
                    String bound = fingerprint.value(b);
                    if (inputs[i] != null && inputs[i].equals(bound)) {
                        inputs[i] = bound;
                        break;
                    }
                }
            }
        }
        matchedUnder = policy;
        matchedInputs = inputs;
    }

    /** Binds the session to a new fingerprint (an accepted, alert-only change, or an operator's re-bind). */
    public synchronized void rebind(Fingerprint now, String kid, byte[] hash) {
        matchedUnder = null;
        matchedInputs = null;
        fingerprint = now;
        refusedFingerprint = null;
        fingerprintKid = kid;
        fingerprintHash = hash;
        dirty = true;
    }
    public synchronized int calls() { return calls; }
    public synchronized boolean isRevoked() { return revokedAt != 0; }
    public synchronized long revokedAt() { return revokedAt; }

    public synchronized SessionState state(long now, SessionPolicy policy) {
        if (revokedAt != 0) return SessionState.REVOKED;
        if (policy.isExpired(createdAt, lastSeenAt, now)) return SessionState.EXPIRED;
        return SessionState.ACTIVE;
    }

    /** @return true if this call revoked it (false if it already was) */
    synchronized boolean revoke(long now) {
        if (revokedAt != 0) return false;
        revokedAt = now;
        verifiedTokenKid = null;
        verifiedToken0 = verifiedToken1 = verifiedToken2 = verifiedToken3 = 0;
        dirty = true;
        return true;
    }

    /** Remembers a call; only an allowed one keeps the session alive (a denied call must not revive it). */
    public synchronized void recordCall(long now, String method, String path, Reason reason) {
        calls++;
        if (reason == Reason.ALLOWED && now > lastSeenAt) lastSeenAt = now;
        add(createdAt, now, method, path, reason);
        dirty = true;
    }

    /**
     * Another node of the cluster served this session at {@code at}: its idle clock counts from then. Not a
     * change of this copy to save (the node that served it saved it).
     */
    public synchronized void usedElsewhere(long at) {
        if (at > lastSeenAt) lastSeenAt = at;
    }

    public synchronized List<Call> lastCalls() { return snapshot(createdAt); }

    /** When this session last made an allowed call matching, at or after {@code since}; -1 if not in its history. */
    public synchronized long lastAllowedCall(String method, java.util.function.Predicate<String> paths, long since) {
        return lastAllowed(createdAt, method, paths, since);
    }

    /** @throws IllegalArgumentException if {@code digest} is not a SHA-256 (32 bytes) */
    synchronized void rememberVerifiedToken(byte[] digest, long expiresAt, String kid) {
        if (digest.length != TOKEN_DIGEST_BYTES) throw new IllegalArgumentException("a token's digest is a SHA-256");
        verifiedToken0 = (long) LONGS.get(digest, 0);
        verifiedToken1 = (long) LONGS.get(digest, 8);
        verifiedToken2 = (long) LONGS.get(digest, 16);
        verifiedToken3 = (long) LONGS.get(digest, 24);
        verifiedTokenExpiresAt = expiresAt;
        verifiedTokenKid = kid;
    }

    /** @return the kid of the remembered token if {@code digest} is that token and it is unexpired, else null */
    public synchronized String matchVerifiedToken(byte[] digest, long now) {
        if (now >= verifiedTokenExpiresAt) return null;
        return holdsVerifiedToken(digest) ? verifiedTokenKid : null;
    }

    /** The remembered token's digest (a new array), or null if none. */
    synchronized byte[] verifiedTokenDigest() {
        if (verifiedTokenKid == null) return null;
        byte[] digest = new byte[TOKEN_DIGEST_BYTES];
        LONGS.set(digest, 0, verifiedToken0);
        LONGS.set(digest, 8, verifiedToken1);
        LONGS.set(digest, 16, verifiedToken2);
        LONGS.set(digest, 24, verifiedToken3);
        return digest;
    }

    /** Whether {@code digest} is the remembered token's, compared in constant time (expiry aside). */
    synchronized boolean holdsVerifiedToken(byte[] digest) {
        if (verifiedTokenKid == null || digest == null || digest.length != TOKEN_DIGEST_BYTES) return false;
        long differ = ((long) LONGS.get(digest, 0) ^ verifiedToken0) | ((long) LONGS.get(digest, 8) ^ verifiedToken1)
                | ((long) LONGS.get(digest, 16) ^ verifiedToken2) | ((long) LONGS.get(digest, 24) ^ verifiedToken3);
        return differ == 0;
    }

    /** The record as it is once revoked at {@code now}, without revoking it; null if it already is. */
    synchronized SessionRecord revokedRecord(long now) {
        if (revokedAt != 0) return null;
        return new SessionRecord(id(), user, origin(), createdAt, bootstrapAt, clientIp, userAgent,
                lastSeenAt, calls, now, signingKey(), fingerprint, automation, apiKeyId(), bootstrapCost());
    }

    /** Its checkpoint could not be stored: written again at the next one. */
    synchronized void stillDirty() { dirty = true; }

    /** A copy for the store; clears the dirty flag. */
    synchronized SessionRecord checkpoint() {
        dirty = false;
        return toRecord();
    }

    synchronized boolean isDirty() { return dirty; }

    public synchronized SessionRecord toRecord() {
        return new SessionRecord(id(), user, origin(), createdAt, bootstrapAt, clientIp, userAgent,
                lastSeenAt, calls, revokedAt, signingKey(), fingerprint, automation, apiKeyId(), bootstrapCost());
    }
}
