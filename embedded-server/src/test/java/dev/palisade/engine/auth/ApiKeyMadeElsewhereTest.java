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
        }), true);
        assertThat(other.authenticate(value, 20)).as("made elsewhere a moment ago").isNotNull();
        assertThat(other.authenticate(value, 21)).isNotNull();
        assertThat(asked[0]).as("read once, then known").isEqualTo(1);
        assertThat(other.authenticate(value.substring(0, value.length() - 1) + (value.endsWith("A") ? "B" : "A"), 22))
                .as("the secret still has to match").isNull();

        ApiKeyRing unreachable = new ApiKeyRing(store(new ArrayList<>(), id -> {
            throw new dev.palisade.engine.state.StateUnavailableException("Redis away", null);
        }), true);
        assertThat(unreachable.authenticate(value, 30)).as("a store that does not answer: unknown, refused").isNull();
    }

    /*
     * Audit path57 L2: each call with an id this node did not know asked the store, before its secret was looked at:
     * a node alone read SQLite on the request path, a cluster's node Redis, once per forged id.
     */
    @Test
    void forgedIdsCostANodeAloneNoReadAndAClustersStoreAtMostOneEachTenthOfASecond() {
        int[] asked = {0};
        ApiKeyRing alone = new ApiKeyRing(store(new ArrayList<>(), id -> {
            asked[0]++;
            return null;
        }));
        for (int i = 0; i < 100; i++) assertThat(alone.authenticate("pal.forged" + i + ".secret", 10)).isNull();
        assertThat(asked[0]).as("a node alone holds every key").isZero();

        ApiKeyRing node = new ApiKeyRing(store(new ArrayList<>(), id -> {
            asked[0]++;
            return null;
        }), true);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) assertThat(node.authenticate("pal.forged" + i + ".secret", 10)).isNull();
        long tenths = (System.nanoTime() - start) / dev.palisade.engine.store.UnknownIdLookups.EVERY_NANOS;
        assertThat(asked[0]).as("asked in %d tenths of a second", tenths + 1).isBetween(1, (int) tenths + 1);
    }

    /**
     * A node reloading its keys waits on Redis for the list; a call with a key made through another node
     * a moment ago (announced, so the reload runs as the key's first call comes) waited on that reload's
     * lock to note the key, as long as Redis took to answer.
     */
    @Test
    void aCallWithAKeyMadeElsewhereNeverWaitsOnAReload() throws Exception {
        List<ApiKey> shared = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch listing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        boolean[] slow = {false};
        ApiKeyStore redis = new ApiKeyStore() {
            @Override public List<ApiKey> listApiKeys() {
                if (slow[0]) {
                    listing.countDown();
                    try {
                        answer.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new ArrayList<>(shared);
            }
            @Override public boolean insertApiKey(ApiKey key) { return false; }
            @Override public boolean revokeApiKey(String id, long at) { return false; }
            @Override public void touchApiKeys(Map<String, Long> lastUsed) { }
            @Override public ApiKey findApiKey(String id) { return shared.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null); }
        };
        ApiKeyRing node = new ApiKeyRing(redis, true);
        String value = new ApiKeyRing(store(shared, id -> null)).create("ci", List.of("/api/notes"), 10).secret(); // elsewhere
        slow[0] = true;
        Thread reload = new Thread(node::reload);
        reload.start();
        try {
            listing.await();
            java.util.concurrent.CompletableFuture<ApiKey> call = java.util.concurrent.CompletableFuture.supplyAsync(() -> node.authenticate(value, 20));
            assertThat(call.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("answered while the reload waits").isNotNull();
        } finally {
            answer.countDown();
            reload.join();
        }
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

    /** An operator revoking, through this node, a key made through another a moment ago: revoked, not 404. */
    @Test
    void aKeyMadeElsewhereIsRevokedHere() {
        List<ApiKey> shared = new ArrayList<>();
        CreatedApiKey made = new ApiKeyRing(store(shared, id -> null)).create("ci", List.of("/api/notes"), 10);
        ApiKeyRing here = new ApiKeyRing(store(new ArrayList<>(), id -> shared.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null)), true);
        assertThat(here.revoke(made.key().id(), 20).revoked()).isTrue();
        assertThat(here.authenticate(made.secret(), 30)).as("revoked here").isNull();
    }

    /** A key learned by a reload is found in this node's ids: its calls still work while the store is away. */
    @Test
    void aKeyLearnedByAReloadWorksWhileTheStoreIsAway() {
        List<ApiKey> shared = new ArrayList<>();
        boolean[] away = {false};
        ApiKeyRing here = new ApiKeyRing(store(shared, id -> {
            if (away[0]) throw new dev.palisade.engine.state.StateUnavailableException("Redis away", null);
            return null;
        }));
        String value = new ApiKeyRing(store(shared, id -> null)).create("ci", List.of("/api/notes"), 10).secret(); // elsewhere
        here.reload();
        away[0] = true;
        assertThat(here.authenticate(value, 20)).isNotNull();
    }

    /** Last uses a store failed to take are not lost: the next flush writes them (else a used key looks unused). */
    @Test
    void lastUsesTheStoreFailedToTakeAreWrittenWithTheNextFlush() {
        List<ApiKey> keys = new ArrayList<>();
        List<Map<String, Long>> written = new ArrayList<>();
        boolean[] fail = {true};
        ApiKeyRing ring = new ApiKeyRing(new ApiKeyStore() {
            @Override public List<ApiKey> listApiKeys() { return new ArrayList<>(keys); }
            @Override public boolean insertApiKey(ApiKey key) { return keys.add(key); }
            @Override public boolean revokeApiKey(String id, long at) { return false; }
            @Override public void touchApiKeys(Map<String, Long> lastUsed) {
                if (fail[0]) throw new dev.palisade.engine.state.StateUnavailableException("Redis away", null);
                written.add(new java.util.HashMap<>(lastUsed));
            }
        });
        CreatedApiKey made = ring.create("ci", List.of("/api/notes"), 10);
        assertThat(ring.authenticate(made.secret(), 20)).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(ring::flushLastUsed)
                .isInstanceOf(dev.palisade.engine.state.StateUnavailableException.class);
        fail[0] = false;
        ring.flushLastUsed();
        assertThat(written).containsExactly(Map.of(made.key().id(), 20L));
    }
}
