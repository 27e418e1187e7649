package dev.palisade.engine.store;

import dev.palisade.engine.session.SigningKey;

import java.util.List;

public interface KeyRingStore {
    /** Oldest first. */
    List<SigningKey> loadSigningKeys();

    /** Inserts or replaces by {@code kid}. */
    void saveSigningKey(SigningKey key);
}
