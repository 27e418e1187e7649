package dev.palisade.engine.store;

import dev.palisade.engine.auth.ApiKey;

import java.util.List;
import java.util.Map;

public interface ApiKeyStore {
    List<ApiKey> listApiKeys();

    void insertApiKey(ApiKey key);

    /** @return false if there was no such key */
    boolean revokeApiKey(String id, long at);

    /** Records last-used times in one batch (key id → epoch millis). */
    void touchApiKeys(Map<String, Long> lastUsed);

    /** The key as another node of a cluster stored it; null if none (or alone). */
    default ApiKey findApiKey(String id) {
        return null;
    }
}
