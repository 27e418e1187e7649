package dev.palisade.engine.store;

import dev.palisade.engine.auth.DebugToken;

import java.util.List;
import java.util.Map;

public interface DebugTokenStore {
    /** Oldest first, revoked and expired ones included. */
    List<DebugToken> listDebugTokens();

    void insertDebugToken(DebugToken token);

    /** @return false if there was no such token */
    boolean revokeDebugToken(String id, long at);

    /**
     * Adds uses and records the last use time, in one batch (id → {last used at, uses to add}).
     *
     * @param batch names the batch: one sent again under its name (its first answer was lost on the
     *              way back, after the store had counted it) is counted once
     */
    void touchDebugTokens(String batch, Map<String, long[]> uses);

    /** The token as another node of a cluster stored it; null if none (or alone). */
    default DebugToken findDebugToken(String id) {
        return null;
    }
}
