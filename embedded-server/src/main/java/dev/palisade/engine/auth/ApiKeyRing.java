package dev.palisade.engine.auth;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.store.ApiKeyStore;
import dev.palisade.engine.store.Reloaded;
import dev.palisade.engine.store.UnknownIdLookups;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API keys for server-to-server callers. A key reads {@code pal.<id>.<secret>}: the id finds the
 * record, the secret's SHA-256 is compared in constant time. Last-used times are collected in memory
 * and written in batches by {@link #flushLastUsed()}.
 */
public final class ApiKeyRing {

    private static final String PREFIX = "pal.";
    private static final int MAX_SCOPES = 32;

    private final ApiKeyStore store;
    private final ConcurrentHashMap<String, ApiKey> keys = new ConcurrentHashMap<>();
    private volatile KeyIds ids = KeyIds.NONE;
    private final Object idsLock = new Object();
    /** Last uses not written yet, 0 for none: one holder a key, so a use allocates nothing. */
    private final ConcurrentHashMap<String, AtomicLong> lastUsed = new ConcurrentHashMap<>();

    private final UnknownIdLookups unknownIds;

    /** A node alone: every key is made through it, so what it holds is every key. */
    public ApiKeyRing(ApiKeyStore store) {
        this(store, false);
    }

    /** @param shared whether other nodes make keys in {@code store} too (a cluster) */
    public ApiKeyRing(ApiKeyStore store, boolean shared) {
        this.store = store;
        this.unknownIds = new UnknownIdLookups(shared);
        for (ApiKey k : store.listApiKeys()) keys.put(k.id(), k);
        idsChanged();
    }

    /**
     * Reads the keys again: another node of the cluster created or revoked one. Under the lock {@link #create} and
     * {@link #revoke} hold: a listing taken before this node's revocation, put in after it, made the key live again.
     */
    public synchronized void reload() {
        Reloaded.refill(keys, store.listApiKeys(), ApiKey::id);
        idsChanged();
    }

    /**
     * After a key is added: read the ids under a lock, so the last table made has every key put before it.
     * A lock of its own: the ring's is held across the store's round trips (a reload), which a call must not wait on.
     */
    private void idsChanged() {
        synchronized (idsLock) {
            ids = KeyIds.of(keys.keySet());
        }
    }

    public synchronized CreatedApiKey create(String name, List<String> scopes, long now) {
        List<FieldError> errors = new ArrayList<>();
        // printable ASCII: the name travels upstream in X-Palisade-User, which Jetty writes as ISO-8859-1, controls blanked
        if (name == null || name.isBlank() || name.length() > 64 || !name.chars().allMatch(c -> c >= ' ' && c < 0x7f)) {
            errors.add(new FieldError("name", "1–64 printable ASCII characters (a key's name is sent upstream in X-Palisade-User)"));
        }
        if (scopes == null || scopes.isEmpty() || scopes.size() > MAX_SCOPES) {
            errors.add(new FieldError("scopes", "1–" + MAX_SCOPES + " path prefixes, e.g. /api/notes"));
        } else {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String scope : scopes) {
                String wrong = scopeFault(scope);
                if (wrong != null) {
                    errors.add(new FieldError("scopes", "not a path prefix: " + scope + " (" + wrong + ")"));
                } else if (!seen.add(scope)) {
                    errors.add(new FieldError("scopes", scope + " is given twice"));
                }
            }
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        // the name is what the upstream is told (X-Palisade-User: apikey:<name>): two live keys of one name are one to it
        // the store looks, as it adds: a key another node of a cluster makes at the same moment counts too
        String id = Secrets.randomToken(9);
        String secret = Secrets.randomToken(32);
        ApiKey key = new ApiKey(id, name.strip(), scopes, hashSecret(secret), now, 0, 0);
        if (!store.insertApiKey(key)) {
            throw new ConflictException("a live API key is named " + key.name() + " already; revoke it or choose another name");
        }
        keys.put(id, key);
        idsChanged();
        return new CreatedApiKey(key, PREFIX + id + "." + secret);
    }

    /** @throws NotFoundException if no such key */
    public synchronized ApiKey revoke(String id, long now) {
        ApiKey key = keys.get(id);
        if (key == null && id != null) { // made through another node a moment ago
            key = madeElsewhere(id);
            if (key != null) idsChanged();
        }
        if (key == null) throw new NotFoundException("no API key " + id);
        if (key.revoked()) return key;
        store.revokeApiKey(id, now);
        ApiKey revoked = key.withRevokedAt(now);
        keys.put(id, revoked);
        return revoked;
    }

    /** @return the live key the presented value belongs to, or null; records the use time */
    public ApiKey authenticate(String presented, long now) {
        if (presented == null || !presented.startsWith(PREFIX)) return null;
        int dot = presented.indexOf('.', PREFIX.length());
        if (dot < 0) return null;
        String id = ids.find(presented, PREFIX.length(), dot);
        ApiKey key = id == null ? null : keys.get(id);
        if (key == null) key = madeElsewhereOnCall(presented.substring(PREFIX.length(), dot));
        for (int i = dot + 1; i < presented.length(); i++) {
            if (presented.charAt(i) > 0x7e) return null; // a key is ASCII; hashed below as ISO-8859-1, in place
        }
        boolean matches = Secrets.sha256Equals(presented, dot + 1, presented.length(), key == null ? null : key.secretHash());
        if (key == null || key.revoked() || !matches) return null;
        AtomicLong used = lastUsed.get(key.id());
        if (used == null) used = lastUsed.computeIfAbsent(key.id(), k -> new AtomicLong());
        used.accumulateAndGet(now, Math::max);
        return key;
    }

    /** A key this node has not heard of, presented on a call: made through another node a moment ago, or none. */
    private ApiKey madeElsewhereOnCall(String id) {
        if (!unknownIds.mayAsk()) return null;
        ApiKey key = Reloaded.madeElsewhereIfAnswered(keys, id, store::findApiKey);
        if (key != null) idsChanged();
        return key;
    }

    /**
     * Whether the key is live as the store has it now: on a cluster, also after a revocation through
     * another node that this node's copy has not heard of yet.
     */
    public boolean stillLive(String id) {
        ApiKey stored = store.findApiKey(id);
        ApiKey key = stored != null ? stored : keys.get(id);
        return key != null && !key.revoked();
    }

    /** A key another node of the cluster created a moment ago, before this node heard of it; null if none. */
    private ApiKey madeElsewhere(String id) {
        return Reloaded.madeElsewhere(keys, id, store::findApiKey);
    }

    /**
     * The keys as stored, with last uses not written yet: on a cluster, a key used through another node
     * shows that use, which this node's copy never hears of (an operator pruning unused keys would revoke
     * a live one). This node's copy when the store does not answer.
     */
    public List<ApiKey> list() {
        List<ApiKey> out = new ArrayList<>();
        for (ApiKey k : Reloaded.asStoredOr(store::listApiKeys, keys.values())) {
            AtomicLong holder = lastUsed.get(k.id());
            long used = holder == null ? 0 : holder.get();
            out.add(used > k.lastUsedAt() ? k.withLastUsedAt(used) : k);
        }
        out.sort(Comparator.comparingLong(ApiKey::createdAt));
        return out;
    }

    /** Writes collected last-used times to the store in one batch. */
    public void flushLastUsed() {
        Map<String, Long> batch = new HashMap<>();
        lastUsed.forEach((id, used) -> {
            long at = used.getAndSet(0);
            if (at != 0) batch.put(id, at);
        });
        if (batch.isEmpty()) return;
        try {
            store.touchApiKeys(batch);
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> lastUsed.get(id).accumulateAndGet(at, Math::max)); // written with the next run
            throw e;
        }
        // as the store does: a use recorded late (an earlier time) never moves the last use back
        batch.forEach((id, at) -> keys.computeIfPresent(id, (k, v) -> v.withLastUsedAt(Math.max(at, v.lastUsedAt()))));
    }

    /**
     * Why a scope could match no call as intended, or null. It grants, so it is held tighter than a route
     * (which only limits): a call's path is matched decoded, and one holding an empty segment, an encoded
     * {@code /} or {@code %} is refused before, so a scope with any {@code %}, a {@code ;} or an empty
     * segment would grant nothing, besides what no route may hold.
     */
    private static String scopeFault(String scope) {
        if (scope == null || !scope.startsWith("/") || scope.length() > 200
                || scope.chars().anyMatch(c -> c < ' ' || c == 0x7f || c == '*' || c == '?' || c == '#')) {
            // no wildcard (the routes' /api/* matched no path here), query or fragment: a path and what is under it; a
            // space is a decoded path's own (/files/My%20Docs arrives as /files/My Docs)
            return "/api/notes covers itself and what is under it; no * ? # or control character";
        }
        if (scope.indexOf('%') >= 0) return "a call's path is matched decoded: write /api/café, not /api/caf%C3%A9";
        if (dev.palisade.engine.RoutePaths.strayedSpace(scope)) return dev.palisade.engine.RoutePaths.STRAYED_SPACE;
        if (scope.indexOf(';') >= 0 || scope.contains("//")) {
            return "no ; or empty segment (//): a call's path holding one is refused or matched without it";
        }
        return dev.palisade.engine.RoutePaths.neverMatched(scope);
    }

    private static byte[] hashSecret(String secret) {
        return Secrets.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
