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

    /**
     * Stores a rotation as {@link #saveSigningKeys} does, only if it retires every key the store holds as current:
     * a rotation made from a view of the ring that another node has rotated since would leave two current keys.
     *
     * @return whether it was stored
     */
    boolean saveRotation(String ring, List<SigningKey> keys);
}
