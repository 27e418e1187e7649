package dev.palisade.engine.store;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Brings a cache keyed by id up to what the store lists now, after another node changed it. */
public final class Reloaded {

    private Reloaded() {}

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
