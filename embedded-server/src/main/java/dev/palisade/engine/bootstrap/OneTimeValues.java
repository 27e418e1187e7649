package dev.palisade.engine.bootstrap;

import dev.palisade.engine.Secrets;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Random single-use values with an issue time and an attachment: minted, then taken at most once
 * within a lifetime. Bounded: when full, expired values are swept; if it is still full, minting
 * fails rather than evicting values that are still valid.
 */
final class OneTimeValues<A> {

    /** What was minted: when, and what it was tied to. */
    record Minted<A>(long issuedAt, A attachment) {}

    private final ConcurrentHashMap<String, Minted<A>> values = new ConcurrentHashMap<>();
    private final int capacity;

    OneTimeValues(int capacity) {
        this.capacity = capacity;
    }

    /** @return the new value, or null when full of unexpired values */
    String mint(long now, long lifetimeMillis, A attachment) {
        if (values.size() >= capacity) {
            sweep(now, lifetimeMillis);
            if (values.size() >= capacity) return null;
        }
        String value = Secrets.randomToken(18);
        values.put(value, new Minted<>(now, attachment));
        return value;
    }

    /** Removes the value whatever its age, so it can never be taken twice; null if unknown. */
    Minted<A> take(String value) {
        return value == null ? null : values.remove(value);
    }

    /** The value's record without taking it; null if unknown. */
    Minted<A> peek(String value) {
        return value == null ? null : values.get(value);
    }

    void sweep(long now, long lifetimeMillis) {
        values.values().removeIf(m -> now - m.issuedAt() > lifetimeMillis);
    }

    int size() { return values.size(); }
}
