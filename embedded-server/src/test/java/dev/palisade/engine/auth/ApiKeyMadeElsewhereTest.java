package dev.palisade.engine.auth;

import dev.palisade.engine.store.ApiKeyStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An API key made through another node of a cluster, before this node heard of it. */
class ApiKeyMadeElsewhereTest {

    /** A store holding keys in a list, one live key a name; {@code find} as a cluster's store answers it. */
    private static ApiKeyStore store(List<ApiKey> keys, java.util.function.Function<String, ApiKey> find) {
        return new ApiKeyStore() {
            @Override public List<ApiKey> listApiKeys() { return new ArrayList<>(keys); }
            @Override public boolean insertApiKey(ApiKey key) {
                return keys.stream().noneMatch(k -> !k.revoked() && k.name().equals(key.name())) && keys.add(key);
            }
            @Override public boolean revokeApiKey(String id, long at) { return false; }
            @Override public void touchApiKeys(Map<String, Long> lastUsed) { }
            @Override public ApiKey findApiKey(String id) { return find.apply(id); }
        };
    }

    @Test
    void aKeyThisNodeDoesNotKnowIsReadFromTheStoreOnceAndOnlyARealOneWorks() {
        List<ApiKey> shared = new ArrayList<>();
        ApiKeyRing made = new ApiKeyRing(store(shared, id -> null));
        String value = made.create("ci", List.of("/api/notes"), 10).secret();
        int[] asked = {0};
        ApiKeyRing other = new ApiKeyRing(store(new ArrayList<>(), id -> {
            asked[0]++;
            return shared.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
        }));
        assertThat(other.authenticate(value, 20)).as("made elsewhere a moment ago").isNotNull();
        assertThat(other.authenticate(value, 21)).isNotNull();
        assertThat(asked[0]).as("read once, then known").isEqualTo(1);
        assertThat(other.authenticate(value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A"), 22))
                .as("the secret still has to match").isNull();

        ApiKeyRing unreachable = new ApiKeyRing(store(new ArrayList<>(), id -> {
            throw new dev.palisade.engine.state.StateUnavailableException("Redis away", null);
        }));
        assertThat(unreachable.authenticate(value, 30)).as("a store that does not answer: unknown, refused").isNull();
    }

    /* The name was looked for in this node's copy only: a key another node made a moment ago did not count. */
    @Test
    void aNameAKeyMadeElsewhereHoldsIsNotGivenAgain() {
        List<ApiKey> shared = new ArrayList<>();
        ApiKeyRing here = new ApiKeyRing(store(shared, id -> null));
        new ApiKeyRing(store(shared, id -> null)).create("robot", List.of("/api/"), 10);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> here.create("robot", List.of("/api/notes"), 20))
                .isInstanceOf(dev.palisade.engine.ConflictException.class).hasMessageContaining("robot");
        assertThat(here.create("robot-2", List.of("/api/"), 30)).isNotNull();
    }
}
