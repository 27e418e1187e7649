package dev.palisade.engine.store;

import dev.palisade.engine.session.SigningKey;

import java.util.List;

/** Keys by ring: {@code jwt} signs access tokens, {@code fingerprint} salts fingerprint hashes. */
public interface KeyRingStore {
    /** Oldest first. */
    List<SigningKey> loadSigningKeys(String ring);

    /**
     * Inserts or replaces each key by {@code kid}, all or none: a rotation retires one key and adds
     * another, and a ring stored half-way would have no current key for whoever reads it.
     */
    void saveSigningKeys(String ring, List<SigningKey> keys);
}
