package dev.palisade.engine.store;

import dev.palisade.engine.session.SigningKey;

import java.util.List;

/** Keys by ring: {@code jwt} signs access tokens, {@code fingerprint} salts fingerprint hashes. */
public interface KeyRingStore {
    /** Oldest first. */
    List<SigningKey> loadSigningKeys(String ring);

    /** Inserts or replaces by {@code kid}. */
    void saveSigningKey(String ring, SigningKey key);
}
