package dev.palisade.engine.admin;

import dev.palisade.engine.ConflictException;
import dev.palisade.engine.FieldError;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.NotFoundException;
import dev.palisade.engine.Reason;
import dev.palisade.engine.auth.HolderName;
import dev.palisade.engine.auth.PrefixedToken;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.store.OperatorTokenStore;

import dev.palisade.engine.store.Reloaded;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner's named operator tokens, each with a {@link Role}. A token reads {@code pot.<id>.<secret>}
 * ({@link PrefixedToken}). Only the owner issues and revokes them. A live token's name is unique,
 * so the {@code actor} of an admin event names one holder; {@code owner} and {@code palisade} are
 * taken. Last-use times are kept in memory and written in batches by {@link #flushUses()}.
 */
public final class OperatorTokens {

    private static final String PREFIX = "pot.";
    private static final Set<String> RESERVED = Set.of(Actor.OWNER.name(), Actor.PALISADE.name());

    private final OperatorTokenStore store;
    private final Audit audit;
    private final Clock clock;
    private final ConcurrentHashMap<String, OperatorToken> tokens = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> lastUsed = new ConcurrentHashMap<>();

    public OperatorTokens(OperatorTokenStore store, Audit audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        for (OperatorToken t : store.listOperatorTokens()) tokens.put(t.id(), t);
    }

    /** Reads the tokens again: another node of the cluster created or revoked one. */
    public synchronized void reload() {
        Reloaded.refill(tokens, store.listOperatorTokens(), OperatorToken::id);
    }

    /** The new token and its value, which is shown once and never again. */
    public record Created(OperatorToken token, String value) {
        @Override
        public String toString() { return "Created[" + token + "]"; }
    }

    /**
     * Issues a token; audited as {@code operator_created}, never with its secret.
     *
     * @throws dev.palisade.engine.Denial {@code forbidden_role} unless {@code by} is the owner
     * @throws InvalidInputException for a bad {@code name} or {@code role}
     * @throws ConflictException if a live token already has the name
     */
    public synchronized Created create(String name, String role, Actor by) {
        by.mustOwn("issue operator tokens");
        List<FieldError> errors = new ArrayList<>();
        HolderName.check("name", name, errors);
        if (errors.isEmpty() && RESERVED.contains(name.strip().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError("name", "'" + name.strip() + "' is reserved for events Palisade or the owner makes"));
        }
        Role granted = Role.issuable(role);
        if (granted == null) errors.add(new FieldError("role", "must be \"viewer\" or \"operator\""));
        if (!errors.isEmpty()) throw new InvalidInputException(Reason.BAD_REQUEST, errors);
        String shown = name.strip();
        String folded = HolderName.folded(shown); // as a cluster's store compares it
        if (tokens.values().stream().anyMatch(t -> !t.revoked() && HolderName.folded(t.name()).equals(folded))) {
            throw new ConflictException("a live operator token is already named '" + shown + "'; revoke it first");
        }
        PrefixedToken.Minted minted = PrefixedToken.mint(PREFIX);
        OperatorToken token = new OperatorToken(minted.id(), shown, granted, minted.secretHash(), clock.millis(), 0, 0);
        if (!store.insertOperatorToken(token)) { // another node of a cluster issued one of the name a moment ago
            throw new ConflictException("a live operator token is already named '" + shown + "'; revoke it first");
        }
        tokens.put(token.id(), token);
        audit.admin(by, "operator_created", "operator '" + shown + "' (" + token.id() + ") created as "
                + granted.label());
        return new Created(token, minted.value());
    }

    /**
     * Revokes a token; it stops working at once. Revoking a revoked token changes nothing.
     *
     * @throws NotFoundException if there is no such token
     */
    public synchronized OperatorToken revoke(String id, Actor by) {
        by.mustOwn("revoke operator tokens");
        OperatorToken token = id == null ? null : tokens.get(id);
        if (token == null && id != null) token = madeElsewhere(id); // made through another node a moment ago
        if (token == null) throw new NotFoundException("no operator token " + id);
        if (token.revoked()) return token;
        long now = clock.millis();
        store.revokeOperatorToken(id, now);
        OperatorToken revoked = token.withRevokedAt(now);
        tokens.put(id, revoked);
        audit.admin(by, "operator_revoked", "operator '" + token.name() + "' (" + id + ", " + token.role().label()
                + ") revoked");
        return revoked;
    }

    /** @return the live token the presented value belongs to, or null; records the use */
    public OperatorToken authenticate(String presented, long now) {
        return authenticate(presented, now, true);
    }

    /**
     * @param askElsewhere whether a token this node does not know is looked for in the cluster's store: not
     *                     for a caller made to wait for its wrong tokens, whose guesses must cost the store nothing
     */
    private OperatorToken authenticate(String presented, long now, boolean askElsewhere) {
        PrefixedToken.Presented parts = PrefixedToken.read(PREFIX, presented);
        if (parts == null) return null;
        OperatorToken token = tokens.get(parts.id());
        if (token == null && askElsewhere) {
            token = Reloaded.madeElsewhereIfAnswered(tokens, parts.id(), store::findOperatorToken);
        }
        if (token == null || token.revoked() || !parts.matches(token.secretHash())) return null;
        lastUsed.merge(token.id(), now, Math::max);
        return token;
    }

    /**
     * @return the credential of the live token the presented value belongs to, or null; records the use. It is
     *         in force while the token is live here: revoked on this node or another, it is not.
     */
    public Credential prove(String presented, long now) {
        return prove(presented, now, true);
    }

    /** As {@link #prove(String, long)}; {@code askElsewhere} as {@link #authenticate(String, long, boolean)} says. */
    public Credential prove(String presented, long now, boolean askElsewhere) {
        OperatorToken token = authenticate(presented, now, askElsewhere);
        if (token == null) return null;
        String id = token.id();
        Actor actor = token.actor();
        return new Credential() {
            @Override
            public Actor actor() { return actor; }

            @Override
            public boolean inForce() { return live(id); }

            @Override
            public boolean inForceAsStored() {
                if (!live(id)) return false;
                OperatorToken stored;
                try {
                    stored = store.findOperatorToken(id);
                } catch (RuntimeException e) {
                    return false; // cannot be told: the stream ends (a console opens it again), rather than leak
                }
                return stored != null && !stored.revoked();
            }
        };
    }

    /** Whether the token with this id is known here and not revoked (a reload drops one no longer stored). */
    public boolean live(String id) {
        OperatorToken token = tokens.get(id);
        return token != null && !token.revoked();
    }

    /** Every token, oldest first, as stored, with last uses not written yet (on a cluster, uses through every node); this node's copy when the store does not answer. */
    public List<OperatorToken> list() {
        List<OperatorToken> out = new ArrayList<>();
        for (OperatorToken t : Reloaded.asStoredOr(store::listOperatorTokens, tokens.values())) {
            Long used = lastUsed.get(t.id());
            out.add(used == null ? t : t.usedAt(used));
        }
        out.sort(Comparator.comparingLong(OperatorToken::createdAt).thenComparing(OperatorToken::id));
        return out;
    }

    /** Writes last-use times to the store in one batch. */
    public void flushUses() {
        if (lastUsed.isEmpty()) return;
        Map<String, Long> batch = new HashMap<>();
        for (String id : List.copyOf(lastUsed.keySet())) {
            Long at = lastUsed.remove(id);
            if (at != null) batch.put(id, at);
        }
        try {
            store.touchOperatorTokens(batch);
        } catch (RuntimeException e) {
            batch.forEach((id, at) -> lastUsed.merge(id, at, Math::max)); // written with the next run
            throw e;
        }
        batch.forEach((id, at) -> tokens.computeIfPresent(id, (k, v) -> v.usedAt(at)));
    }

    /** A token another node of the cluster created a moment ago, before this node heard of it; null if none. */
    private OperatorToken madeElsewhere(String id) {
        return Reloaded.madeElsewhere(tokens, id, store::findOperatorToken);
    }
}
