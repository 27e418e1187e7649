package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Secrets;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Random single-use values with an issue time: minted, then taken at most once within a lifetime.
 * Bounded: when full, expired values are swept; if it is still full, minting fails rather than
 * evicting values that are still valid.
 */
final class OneTimeValues {

    private final ConcurrentHashMap<String, Long> issuedAt = new ConcurrentHashMap<>();
    private final int capacity;

    OneTimeValues(int capacity) {
        this.capacity = capacity;
    }

    /** @return the new value, or null when full of unexpired values */
    String mint(long now, long lifetimeMillis) {
        if (issuedAt.size() >= capacity) {
            sweep(now, lifetimeMillis);
            if (issuedAt.size() >= capacity) return null;
        }
        String value = Secrets.randomToken(18);
        issuedAt.put(value, now);
        return value;
    }

    /**
     * Removes the value whatever its age, so it can never be taken twice.
     *
     * @return its issue time, or -1 if unknown (never minted, already taken or swept)
     */
    long take(String value) {
        Long at = value == null ? null : issuedAt.remove(value);
        return at == null ? -1 : at;
    }

    /** @return the issue time without taking the value, or -1 if unknown */
    long peek(String value) {
        Long at = value == null ? null : issuedAt.get(value);
        return at == null ? -1 : at;
    }

    void sweep(long now, long lifetimeMillis) {
        issuedAt.values().removeIf(at -> now - at > lifetimeMillis);
    }

    int size() { return issuedAt.size(); }
}
