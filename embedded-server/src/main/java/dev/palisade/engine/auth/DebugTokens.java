package dev.palisade.engine.auth;

import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.store.DebugTokenStore;

import dev.palisade.engine.store.Reloaded;
import dev.palisade.engine.store.UnknownIdLookups;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's debug tokens. A token reads {@code pdt.<id>.<secret>}: the id finds the record, the
 * secret's SHA-256 is compared in constant time. None exists until an operator creates one. Uses are
 * counted in memory and written in batches by {@link #flushUses()}.
 */
public final class DebugTokens {

    private static final String PREFIX = "pdt.";
    public static final long MIN_LIFETIME_SECONDS = 60;
    public static final long MAX_LIFETIME_SECONDS = 30L * 24 * 3600;

    private final DebugTokenStore store;
    private final Audit audit;
    private final Clock clock;
    private final ConcurrentHashMap<String, DebugToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, long[]> pendingUses = new ConcurrentHashMap<>();
    private final UnknownIdLookups unknownIds;

    public DebugTokens(DebugTokenStore store, Audit audit, Clock clock) {
        this(store, audit, clock, false);
    }

    /** @param shared whether other nodes make debug tokens in {@code store} too (a cluster) */
    public DebugTokens(DebugTokenStore store, Audit audit, Clock clock, boolean shared) {
        this.unknownIds = new UnknownIdLookups(shared);
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        for (DebugToken t : store.listDebugTokens()) tokens.put(t.id(), t);
    }

    /**
     * Reads the tokens again: another node of the cluster created or revoked one. Under the lock {@link #create} and
     * {@link #revoke} hold: a listing taken before this node's revocation, put in after it, made the token live again.
     */
    public synchronized void reload() {
        Reloaded.refill(tokens, store.listDebugTokens(), DebugToken::id);
    }

    /** The new token and its secret value, which is shown once and never again. */
    public record Created(DebugToken token, String value) {
        @Override
        public String toString() { return "Created[" + token + "]"; }
    }

    /** Creates a token for {@code by}; audited, never with its secret. */
    public synchronized Created create(String name, Long expiresInSeconds, Actor by) {
        by.mustChange();
        long now = clock.millis();
        List<FieldError> errors = new ArrayList<>();
        HolderName.check("name", name, errors);
        if (expiresInSeconds == null || expiresInSeconds < MIN_LIFETIME_SECONDS || expiresInSeconds > MAX_LIFETIME_SECONDS) {
            errors.add(new FieldError("expiresInSeconds", "must be between " + MIN_LIFETIME_SECONDS + " and "
                    + MAX_LIFETIME_SECONDS + " (30 days)"));
        }
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        PrefixedToken.Minted minted = PrefixedToken.mint(PREFIX);
        String id = minted.id();
        DebugToken token = new DebugToken(id, name.strip(), minted.secretHash(), now, now + expiresInSeconds * 1000, 0, 0, 0);
        store.insertDebugToken(token);
        tokens.put(id, token);
        audit.admin(by, "debug_token_created", "debug token '" + token.name() + "' (" + id + ") expires in "
                + expiresInSeconds + " s");
        return new Created(token, minted.value());
    }

    /** @throws NotFoundException if no such token */
    public synchronized DebugToken revoke(String id, Actor by) {
        by.mustChange();
        long now = clock.millis();
        DebugToken token = id == null ? null : tokens.get(id);
        if (token == null && id != null) token = madeElsewhere(id); // made through another node a moment ago
        if (token == null) throw new NotFoundException("no debug token " + id);
        if (token.revoked()) return token;
        store.revokeDebugToken(id, now);
        DebugToken revoked = token.withRevokedAt(now);
        tokens.put(id, revoked);
        audit.admin(by, "debug_token_revoked", "debug token '" + token.name() + "' (" + id + ") revoked");
        return revoked;
    }

    /** @return the live token the presented value belongs to, or null; counts the use */
    public DebugToken authenticate(String presented, long now) {
        PrefixedToken.Presented parts = PrefixedToken.read(PREFIX, presented);
        if (parts == null) return null;
        DebugToken token = tokens.get(parts.id());
        // a bootstrap's forged token costs the store no read on a node alone, one a tenth of a second on a cluster
        if (token == null && unknownIds.mayAsk()) token = madeElsewhereIfAnswered(parts.id());
        if (token == null || !token.usableAt(now) || !parts.matches(token.secretHash())) return null;
        pendingUses.merge(token.id(), new long[] {now, 1}, (a, b) -> new long[] {Math.max(a[0], b[0]), a[1] + b[1]});
        return token;
    }

    /** Whether the token {@code id} may still be used: not revoked, not expired. */
    public boolean live(String id, long now) {
        DebugToken token = tokens.get(id);
        if (token == null) token = madeElsewhereIfAnswered(id);
        return token != null && token.usableAt(now);
    }

    /** A token another node of the cluster created a moment ago, before this node heard of it; null if none. */
    private DebugToken madeElsewhere(String id) {
        return Reloaded.madeElsewhere(tokens, id, store::findDebugToken);
    }

    private DebugToken madeElsewhereIfAnswered(String id) {
        return Reloaded.madeElsewhereIfAnswered(tokens, id, store::findDebugToken);
    }

    /** Every token, oldest first, as stored, with uses not written yet (on a cluster, uses through every node); this node's copy when the store does not answer. */
    public List<DebugToken> list() {
        List<DebugToken> out = new ArrayList<>();
        Unsent waiting = unsent;
        for (DebugToken t : Reloaded.asStoredOr(store::listDebugTokens, tokens.values())) {
            DebugToken shown = t;
            long[] pending = pendingUses.get(t.id());
            if (pending != null) shown = shown.used(pending[0], pending[1]);
            long[] notWritten = waiting == null ? null : waiting.uses().get(t.id());
            if (notWritten != null) shown = shown.used(notWritten[0], notWritten[1]);
            out.add(shown);
        }
        out.sort(Comparator.comparingLong(DebugToken::createdAt));
        return out;
    }

    /** A batch the store failed to answer: sent again as it was, under its name, before any newer uses. */
    private record Unsent(String batch, Map<String, long[]> uses) {}

    private volatile Unsent unsent;

    /**
     * Writes counted uses to the store in one batch. A batch whose answer did not come is sent again
     * whole under its name, not merged into the next: the store may have counted it already.
     */
    public void flushUses() {
        synchronized (flushing) {
            flushUsesInOrder();
        }
    }

    /** One flush at a time (the maintenance run, a stop), apart from the lock that creates and revokes. */
    private final Object flushing = new Object();

    private void flushUsesInOrder() {
        Unsent retry = unsent;
        if (retry != null) {
            store.touchDebugTokens(retry.batch(), retry.uses()); // still failing: kept for the next run
            unsent = null;
            written(retry.uses());
        }
        if (pendingUses.isEmpty()) return;
        Map<String, long[]> batch = new HashMap<>();
        for (String id : List.copyOf(pendingUses.keySet())) {
            long[] use = pendingUses.remove(id);
            if (use != null) batch.put(id, use);
        }
        Unsent sending = new Unsent(java.util.UUID.randomUUID().toString(), batch);
        try {
            store.touchDebugTokens(sending.batch(), batch);
        } catch (RuntimeException e) {
            unsent = sending; // written with the next run, the uses counted meanwhile in a batch of their own
            throw e;
        }
        written(batch);
    }

    private void written(Map<String, long[]> batch) {
        batch.forEach((id, use) -> tokens.computeIfPresent(id, (k, v) -> v.used(use[0], use[1])));
    }
}
