package dev.palisade.engine.session;

import dev.palisade.engine.Secrets;
import dev.palisade.engine.store.KeyRingStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The token signing keys: one current key signs, retired keys keep verifying for a grace period so
 * live sessions survive a rotation. Persisted on every change.
 */
public final class KeyRing {

    private static final int KEY_BYTES = 32;
    /** How often a cluster's ring is read again for a kid this node has not heard of: a forged kid's cost to the store. */
    static final long CATCH_UP_NANOS = 100_000_000L;

    public static final String JWT = "jwt";
    public static final String FINGERPRINT = "fingerprint";

    private final KeyRingStore store;
    private final String name;
    private final LongSupplier graceMillis;
    private final boolean shared;
    /** Held by the one caller that reads the ring again, so those who come meanwhile wait for what it reads. */
    private final Object catchingUp = new Object();
    private long caughtUpAt = System.nanoTime() - CATCH_UP_NANOS; // guarded by catchingUp
    private volatile List<SigningKey> keys;

    /**
     * Loads the ring {@code name}, creating its first key if the store has none.
     *
     * @param shared whether other nodes rotate it too (a cluster): a key this node has not heard of may be theirs
     */
    public KeyRing(KeyRingStore store, String name, LongSupplier graceMillis, long now, boolean shared) {
        this.store = store;
        this.name = name;
        this.graceMillis = graceMillis;
        this.shared = shared;
        List<SigningKey> loaded = store.loadSigningKeys(name);
        this.keys = List.copyOf(loaded);
        // two nodes starting on an empty cluster: the one whose first key is stored second takes the other's
        if (loaded.stream().noneMatch(SigningKey::isCurrent) && tryRotate(now) == null) reload();
    }

    /** Reads the ring again: another node rotated it (or made its first key). */
    public synchronized void reload() {
        List<SigningKey> loaded = store.loadSigningKeys(name);
        if (!loaded.isEmpty()) keys = List.copyOf(loaded);
    }

    public SigningKey current() {
        List<SigningKey> snapshot = keys;
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            if (snapshot.get(i).isCurrent()) return snapshot.get(i);
        }
        throw new IllegalStateException("the key ring has no current key");
    }

    /**
     * The key for {@code kid} if it may still verify tokens at {@code now}, else null. A kid this node has not heard
     * of may be another node's rotation whose word is still on its way: a shared ring is read again first (see
     * {@link #catchUp}).
     */
    public SigningKey verifying(String kid, long now) {
        SigningKey k = find(kid);
        if (k == null && catchUp()) k = find(kid);
        return k != null && k.verifiesAt(now, graceMillis.getAsLong()) ? k : null;
    }

    private SigningKey find(String kid) {
        for (SigningKey k : keys) {
            if (k.kid().equals(kid)) return k;
        }
        return null;
    }

    /**
     * Reads a shared ring again, when a token or a ticket names a key this node may not have heard of: another
     * node rotated the ring and the change feed has not brought the word yet (tens of ms, longer while the feed
     * retries), and without this read the new key's first tokens and tickets were refused here. At most one read
     * each {@link #CATCH_UP_NANOS}, so forged kids cost the store no more; a caller that comes while one is under
     * way waits for it (a browser's calls under the new key come together), and a store that does not answer
     * changes nothing.
     *
     * @return whether the ring is shared: only then may a look again find a key this node had not heard of
     */
    public boolean catchUp() {
        if (!shared) return false;
        synchronized (catchingUp) {
            long at = System.nanoTime();
            if (at - caughtUpAt < CATCH_UP_NANOS) return true;
            try {
                reload();
            } catch (RuntimeException e) {
                // the store is away: what this node holds is all it can go by
            } finally {
                // from the read's end: those who waited for it take what it read, not a read each behind a slow store
                caughtUpAt = System.nanoTime();
            }
        }
        return true;
    }

    /**
     * Makes a new current key; the old one retires now and verifies for the grace period. Stored in
     * one write, and in force here only once stored. Another node's rotation since this one read the
     * ring is read, and its key retired in turn: each rotation asked for is made, and one key is current.
     */
    public synchronized SigningKey rotate(long now) {
        for (int tries = 0; tries < 3; tries++) {
            SigningKey fresh = tryRotate(now);
            if (fresh != null) return fresh;
            reload();
        }
        // other nodes rotating as fast as this one: nothing is wrong with the ring, the rotation may be asked again
        throw new dev.palisade.engine.ConflictException("the " + name + " ring was rotated on other nodes during each of three"
                + " tries; rotate again");
    }

    /** @return the new current key, or null when the store's ring is no longer the one this rotation retires */
    private SigningKey tryRotate(long now) {
        List<SigningKey> next = new ArrayList<>(keys.size() + 1);
        List<SigningKey> changed = new ArrayList<>(2);
        for (SigningKey k : keys) {
            SigningKey kept = k.isCurrent() ? k.retire(now) : k;
            if (kept != k) changed.add(kept);
            next.add(kept);
        }
        SigningKey fresh = new SigningKey(Secrets.randomToken(9), Secrets.randomBytes(KEY_BYTES), now, 0);
        changed.add(fresh);
        next.add(fresh);
        if (!store.saveRotation(name, changed)) return null;
        keys = List.copyOf(next);
        return fresh;
    }

    /**
     * Erases the secrets of retired keys whose grace is over at {@code now}, and stores them so: a
     * key that stopped verifying must not verify again when the grace is raised later (an operator
     * who ended a leaked key's grace, then restored the default). Run at each maintenance and before
     * the grace changes.
     *
     * @return how many keys were buried
     */
    public synchronized int buryEnded(long now) {
        long grace = graceMillis.getAsLong();
        List<SigningKey> next = new ArrayList<>(keys.size());
        List<SigningKey> changed = new ArrayList<>(1);
        for (SigningKey k : keys) {
            SigningKey kept = !k.isCurrent() && !k.isBuried() && !k.verifiesAt(now, grace) ? k.bury() : k;
            if (kept != k) changed.add(kept);
            next.add(kept);
        }
        if (changed.isEmpty()) return 0;
        store.saveSigningKeys(name, changed);
        keys = List.copyOf(next);
        return changed.size();
    }

    /** The current key and those retired still in their grace at {@code now}, newest first. */
    public List<SigningKey> verifyingAt(long now) {
        long grace = graceMillis.getAsLong();
        List<SigningKey> snapshot = keys;
        List<SigningKey> out = new ArrayList<>(2);
        for (int i = snapshot.size() - 1; i >= 0; i--) {
            if (snapshot.get(i).verifiesAt(now, grace)) out.add(snapshot.get(i));
        }
        return out;
    }

    /** Oldest first, for the rotation timeline. */
    public List<SigningKey> keys() { return keys; }
}
