package dev.palisade.engine.store;

import dev.palisade.engine.auth.ApiKey;

import java.util.List;
import java.util.Map;

public interface ApiKeyStore {
    List<ApiKey> listApiKeys();

    /**
     * Adds the key unless a live key (not revoked) has its name: checked and added in one step, so two
     * nodes of a cluster creating keys of one name at once cannot both succeed (the upstream is told
     * {@code apikey:<name>}, which must say which key called).
     *
     * @return false, adding nothing, when a live key has the name
     */
    boolean insertApiKey(ApiKey key);

    /** @return false if there was no such key */
    boolean revokeApiKey(String id, long at);

    /** Records last-used times in one batch (key id → epoch millis). */
    void touchApiKeys(Map<String, Long> lastUsed);

    /** The key as another node of a cluster stored it; null if none (or alone). */
    default ApiKey findApiKey(String id) {
        return null;
    }
}
