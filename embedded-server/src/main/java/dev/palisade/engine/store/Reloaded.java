package dev.palisade.engine.store;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Keeps a cache keyed by id in step with a store other nodes write too. */
public final class Reloaded {

    private Reloaded() {}

    /**
     * A value the cache misses, read from the store by id: another node of a cluster made it a moment ago,
     * before this node heard of it. For an operator's change: a store that does not answer fails it (the
     * caller is told to try again), where a miss would tell the operator there is no such thing.
     *
     * @return the cached value (the one found, or one cached meanwhile), or null
     */
    public static <V> V madeElsewhere(Map<String, V> cache, String id, Function<String, V> find) {
        V found = find.apply(id);
        if (found == null) return null;
        V raced = cache.putIfAbsent(id, found);
        return raced != null ? raced : found;
    }

    /**
     * {@link #madeElsewhere} for a credential presented on the request path: a store that does not answer is a
     * miss, as for a node alone, so a caller is refused as it would be without the cluster.
     */
    public static <V> V madeElsewhereIfAnswered(Map<String, V> cache, String id, Function<String, V> find) {
        try {
            return madeElsewhere(cache, id, find);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The values as the store lists them, for an operator's list: on a cluster, with what other nodes
     * changed that this node's copy has not heard of (last uses are written, not announced); the copy
     * when the store does not answer, so a list still shows while Redis is away.
     */
    public static <V> java.util.Collection<V> asStoredOr(java.util.function.Supplier<List<V>> stored, java.util.Collection<V> copy) {
        try {
            return stored.get();
        } catch (StoreException e) {
            return copy;
        }
    }

    /** Puts every listed value and removes what is no longer listed; readers never see an empty map. */
    public static <K, V> void refill(Map<K, V> cache, List<V> listed, Function<V, K> id) {
        Set<K> seen = new HashSet<>();
        for (V v : listed) {
            K k = id.apply(v);
            seen.add(k);
            cache.put(k, v);
        }
        cache.keySet().retainAll(seen);
    }
}
