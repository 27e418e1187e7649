package dev.palisade.engine.session;

import dev.palisade.engine.KeyedTable;

/**
 * Sessions by one key of theirs (the id, the digest of the token verified last) in one
 * open-addressing table ({@link KeyedTable}): a session costs a slot, where a
 * {@code ConcurrentHashMap} entry cost a node of 32 bytes and, for the token's digest, a boxed
 * {@code Long} of 24 (BENCHMARKS.md 2g). A lookup compares the whole key ({@link #holds}), so two
 * keys whose hashes collide never find each other's session. The keys are the server's own (random
 * ids, digests of tokens it signed), so they are hashed without a secret.
 *
 * @param <K> the key a lookup is made with
 */
abstract class SessionTable<K> extends KeyedTable<K, Session> {

    SessionTable() {
        super(false);
    }

    /** The hash of a key; equal keys hash alike. */
    abstract int hash(K key);

    /** The key {@code s} is filed under now; read while this table's monitor is held. */
    abstract K keyOf(Session s);

    /** Whether {@code s} is filed under {@code key}: the whole key, not its hash. */
    abstract boolean holds(Session s, K key);

    /** {@code hash(keyOf(s))}, which a table may read from the session without making its key. */
    int hashOf(Session s) { return hash(keyOf(s)); }

    @Override
    protected final long hashOf(K key, long k0, long k1) { return spread(hash(key)); }

    @Override
    protected final long hashOfValue(Session s, long k0, long k1) { return spread(hashOf(s)); }

    @Override
    protected final K keyIn(Session s) { return keyOf(s); }

    @Override
    protected final boolean filedUnder(Session s, K key) { return holds(s, key); }

    /** Spreads the hash over 64 bits, as keys that differ only in a few bits would otherwise share a run. */
    private static long spread(int h) {
        return (h & 0xffffffffL) * 0x9E3779B97F4A7C15L;
    }
}
