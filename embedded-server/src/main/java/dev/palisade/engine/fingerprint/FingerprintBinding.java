package dev.palisade.engine.fingerprint;

import dev.palisade.engine.session.KeyRing;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.engine.signature.Hmac;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Technique 5. A session's fingerprint is compared as an HMAC under the current server salt: one
 * MAC per call while nothing changes. When the salt rotates, the bound fingerprint is hashed again
 * under the new salt, so live sessions survive the rotation.
 */
public final class FingerprintBinding {

    private final KeyRing salts;
    private final Supplier<FingerprintPolicy> policy;

    public FingerprintBinding(KeyRing salts, Supplier<FingerprintPolicy> policy) {
        this.salts = salts;
        this.policy = policy;
    }

    public FingerprintPolicy policy() { return policy.get(); }

    /** True if the session is bound to exactly {@code now}. */
    public boolean matches(Session session, Fingerprint now) {
        return matchedBinding(session, now) != null;
    }

    /**
     * The binding {@code now} matched, or null if the session is bound to another fingerprint. What is learnt from
     * the match (the binding's hash under a new salt, the inputs that matched) is kept only while the session is
     * still bound to it: an operator's or an alert's re-bind may come between (audit conc55 L7).
     */
    public Fingerprint matchedBinding(Session session, Fingerprint now) {
        SigningKey salt = salts.current();
        Session.BoundFingerprint bound = session.boundFingerprint(salt.kid());
        byte[] hash = bound.hash() != null ? bound.hash() : hash(bound.fingerprint(), salt);
        boolean matched = MessageDigest.isEqual(hash, hash(now, salt));
        hashed.run();
        if (bound.hash() == null) session.rememberFingerprintHash(bound.fingerprint(), salt.kid(), hash);
        return matched ? bound.fingerprint() : null;
    }

    /** A test's way into the moment between reading a session's binding and keeping what was learnt from it. */
    Runnable hashed = () -> {};

    /** The components that changed, each with its action under the current policy; empty if none that count. */
    public List<Change> changes(Fingerprint bound, Fingerprint now) {
        FingerprintPolicy p = policy.get();
        List<Change> changes = new ArrayList<>();
        Map<String, String> before = bound.components();
        for (Map.Entry<String, String> e : now.components().entrySet()) {
            String was = before.get(e.getKey());
            Action action = p.actionFor(e.getKey());
            // a component the session was not bound with (the policy grew) is learnt, not a change
            if (was != null && action != Action.IGNORE && !was.equals(e.getValue())) {
                changes.add(new Change(e.getKey(), was, e.getValue(), action));
            }
        }
        return changes;
    }

    public void rebind(Session session, Fingerprint now) {
        SigningKey salt = salts.current();
        session.rebind(now, salt.kid(), hash(now, salt));
    }

    /** A hash of the components that force re-authentication: what a bootstrap ticket is tied to. */
    public byte[] reauthDigest(Fingerprint fp) {
        return Hmac.sha256(salts.current().secret(), reauthComponents(fp));
    }

    /**
     * The client's re-auth digests under each salt rotated out and still in its grace at {@code now}, newest first:
     * what the login throttle may remember the client by from before a rotation. Empty while no salt is in its grace.
     */
    public List<byte[]> earlierReauthDigests(Fingerprint fp, long now) {
        String current = salts.current().kid();
        List<byte[]> out = new ArrayList<>(1);
        String components = null;
        for (SigningKey salt : salts.verifyingAt(now)) {
            if (salt.kid().equals(current)) continue;
            if (components == null) components = reauthComponents(fp);
            out.add(Hmac.sha256(salt.secret(), components));
        }
        return out;
    }

    /**
     * Whether {@code digest}, a ticket's, is {@code fp}'s under the current salt or one still in its grace: a salt
     * rotated between a person's bootstrap and their login leaves them the same client. On a cluster the ticket may
     * come from a node that rotated the salt before this one heard of it: the ring is read again (see
     * {@link KeyRing#catchUp}) and looked at again before no.
     */
    public boolean sameClient(byte[] digest, Fingerprint fp, long now) {
        String components = reauthComponents(fp);
        return underAnySalt(digest, components, now) || salts.catchUp() && underAnySalt(digest, components, now);
    }

    private boolean underAnySalt(byte[] digest, String components, long now) {
        for (SigningKey salt : salts.verifyingAt(now)) {
            if (MessageDigest.isEqual(digest, Hmac.sha256(salt.secret(), components))) return true;
        }
        return false;
    }

    private String reauthComponents(Fingerprint fp) {
        StringBuilder b = new StringBuilder();
        FingerprintPolicy p = policy.get();
        fp.components().forEach((k, v) -> {
            if (p.actionFor(k) == Action.REAUTH) b.append(k).append('=').append(v).append('\n');
        });
        return b.toString();
    }

    private static byte[] hash(Fingerprint fp, SigningKey salt) {
        return Hmac.sha256(salt.secret(), fp.canonical());
    }
}
