package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.PerThread;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.SipHash;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.StateUnavailableException;
import dev.palisade.engine.state.UnspentNonces;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.signature.SignatureFields;
import dev.palisade.engine.signature.Utf8Buffer;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Technique 4, second half: each (session, nonce) is accepted once. Runs after the MAC, so forged
 * requests never take room in the nonce store. A call a later check refuses keeps its nonce spent:
 * its client signs the call again with a new one, and the refused request, sent later by whoever
 * captured it, must not be made too. When a second is full it fails closed; a session over its share
 * of a second is refused alone.
 */
public final class NonceCheck implements Check {

    private static final Verdict REPLAYED = Verdict.deny(Reason.REPLAYED, "nonce",
            "this nonce was already used: the request is a replay (each signed request needs a fresh nonce)");
    private static final Verdict FULL = Verdict.deny(Reason.NONCE_CAPACITY, "nonce",
            "replay protection holds its maximum of nonces for this second; the request is refused, try again");
    private static final Verdict SESSION_FULL = new Verdict(Reason.RATE_LIMITED, "nonce",
            "this session signed more requests for one second of created time than its share; sign later ones"
                    + " with their own time", 0, 1);

    private static final Verdict FORGOTTEN = Verdict.deny(Reason.STALE, "nonce",
            "this server no longer holds the used nonces of the second this signature was created in (the skew"
                    + " window or the server's clock changed since, or the cluster's store lost them); sign again");

    private static final Verdict UNAVAILABLE = new Verdict(Reason.STATE_UNAVAILABLE, "nonce",
            "the cluster's shared nonce store does not answer, so a replay could not be ruled out; try again in a"
                    + " few seconds", 0, 2);

    private static final Verdict CATCHING_UP = new Verdict(Reason.STATE_UNAVAILABLE, "nonce",
            "this node is reading the changes other nodes made while it could not reach the cluster's store; sign the"
                    + " request again and send it in a second", 0, 1);

    /** Kept nonces a call spends at most on its way: each is a round trip to the cluster's store. */
    private static final int SPENT_PER_CALL = 16;

    private final NonceStore nonces;
    /** Nonces of calls refused while the cluster's store was away: replays here, spent there once it answers. */
    private final UnspentNonces unspent;
    private final java.util.function.BooleanSupplier catchingUp;
    private final dev.palisade.engine.state.NonceAndRates combined;
    private final dev.palisade.engine.rate.ClusterRates rates;
    private final SessionPace pace;
    private final java.util.function.ObjLongConsumer<String> revokeHere;
    private final Audit audit;
    private final Clock clock;
    private final AtomicLong lastFullEvent = new AtomicLong(Long.MIN_VALUE);

    public NonceCheck(NonceStore nonces, UnspentNonces unspent, java.util.function.BooleanSupplier catchingUp, Audit audit,
                      Clock clock) {
        this(nonces, unspent, catchingUp, null, null, SessionPace.whole(), null, audit, clock);
    }

    /**
     * @param combined on a cluster, the nonce and the rate windows decided in one round trip (the rate check
     *                 then reads the windows' answer from the request); null alone
     * @param rates    the windows a call falls in, with {@code combined}
     * @param pace     how much of its session windows a session may use, as the rate check asks
     * @param catchingUp whether this node, back from a cut from the cluster's store, has not read yet what
     *                   other nodes changed meanwhile (a session revoked there is still live here)
     * @param revokeHere with {@code combined}: revokes this node's copy of a session (id, when) the shared
     *                   store holds as revoked, before the feed from the node that revoked it arrives
     */
    public NonceCheck(NonceStore nonces, UnspentNonces unspent, java.util.function.BooleanSupplier catchingUp,
                      dev.palisade.engine.state.NonceAndRates combined, dev.palisade.engine.rate.ClusterRates rates,
                      SessionPace pace, java.util.function.ObjLongConsumer<String> revokeHere, Audit audit, Clock clock) {
        this.pace = pace;
        this.unspent = unspent;
        this.revokeHere = revokeHere;
        this.catchingUp = catchingUp;
        this.combined = combined;
        this.rates = rates;
        this.nonces = nonces;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String name() { return "nonce"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        SignatureFields input = request.signature();
        if (input == null) return null;
        long session = sessionHash(request);
        long nonce = nonceHash(request, input);
        if (unspent.holds(session, nonce, input.created())) return REPLAYED;
        Verdict refused = request.refusalOnceNonceSpent();
        if (refused != null) return spend(session, nonce, input.created(), refused);
        NonceStore.Outcome outcome;
        long revokedAt = 0;
        try {
            if (combined == null) {
                outcome = nonces.record(session, nonce, input.created());
            } else {
                var decided = decideWithRates(request, session, nonce, input.created());
                outcome = decided.nonce();
                revokedAt = decided.revokedAt();
            }
        } catch (StateUnavailableException e) {
            // fail closed: a nonce that was not recorded could be replayed on another node; and the caller,
            // told to sign again, leaves this signature fresh: it is spent once the store answers
            unspent.keep(session, nonce, input.created());
            return UNAVAILABLE;
        }
        // the store answers: what was kept while it did not is spent, a few at a time (maintenance spends the rest)
        unspent.spend(nonces, SPENT_PER_CALL);
        if (revokedAt != 0) {
            // revoked on another node, whose feed has not reached this one yet: refused as it will be once it has
            revokeHere.accept(request.session().idText(), revokedAt);
            return SessionCheck.REVOKED;
        }
        return switch (outcome) {
            // answered again, but what other nodes changed meanwhile is unread: the call's session may be revoked
            // there, and was served here until the next change check (the nonce stays spent: sign the retry anew)
            case FRESH -> {
                if (!catchingUp.getAsBoolean()) yield null;
                undo(request); // the round trip counted it in the cluster's windows
                yield CATCHING_UP;
            }
            case REPLAYED -> REPLAYED;
            case SESSION_FULL -> SESSION_FULL;
            case FORGOTTEN -> FORGOTTEN;
            case FULL -> {
                reportFull(input.created());
                yield FULL;
            }
        };
    }

    /**
     * A later check refused the call whose round trip counted it in the cluster's windows (a fingerprint, this node's
     * own windows, a sequence rule): it is taken back out of them, as of the round trip. The nonce stays spent.
     */
    @Override
    public void undo(ProtectedRequest request) {
        if (combined == null || !request.clusterRateDecided() || request.clusterRate() != null) return;
        var session = request.session();
        try {
            rates.release(request.path(), session == null ? null : session.idText(), pace.percentOf(session), request.clientIp(),
                    request.apiKeyPrincipal() == null ? null : request.apiKeyPrincipal().id(), request.clusterRateAt());
        } catch (StateUnavailableException e) {
            // counted by the cluster until its window ends: one call too many, for one window
        }
    }

    /**
     * A call refused already (from the future), its MAC checked: its nonce is spent (counted in no
     * window) so that it cannot be sent again once it would be fresh, and it is refused as decided.
     */
    private Verdict spend(long session, long nonce, long created, Verdict refused) {
        try {
            if (nonces.record(session, nonce, created) == NonceStore.Outcome.REPLAYED) return REPLAYED;
        } catch (StateUnavailableException e) {
            unspent.keep(session, nonce, created); // refused all the same; spent once the store answers
        }
        return refused;
    }

    /**
     * One round trip: the session not revoked on any node, the nonce, and the call counted in the cluster's
     * windows (or none of it, when one is full or the session revoked).
     */
    private dev.palisade.engine.state.NonceAndRates.Decided decideWithRates(ProtectedRequest request, long sessionHash,
                                                                           long nonce, long created) {
        var session = request.session();
        String apiKey = request.apiKeyPrincipal() == null ? null : request.apiKeyPrincipal().id();
        // a cluster node names the session in Redis keys: its id's text is kept once made (idText)
        String id = session == null ? "" : session.idText();
        var applying = rates.applying(request.path(), session == null ? null : id, pace.percentOf(session), request.clientIp(), apiKey);
        long now = request.now(clock);
        var decided = combined.decide(id, sessionHash, nonce, created, applying.slots(), now);
        if (decided.nonce() == NonceStore.Outcome.FRESH) request.decidedClusterRate(applying.exceeded(decided.refused()), now);
        return decided;
    }

    /**
     * The key of the nonce's hash: fixed and public, because every node of a cluster must file a nonce
     * under the same value. A secret key or a collision-resistant hash would buy nothing here: two
     * nonces that hash alike can only make the later one refused as a replay, and a caller can only
     * choose the nonces of its own session. The embedded store places the hashes under a secret key
     * of its own ({@code MemoryNonceStore.LongTable}), so chosen nonces cannot crowd its table.
     */
    private static final long HASH_K0 = 0x70616c6973616465L; // "palisade"
    private static final long HASH_K1 = 0x6e6f6e6365732e31L; // "nonces.1"

    /** Each request thread writes "session id \n nonce" here to hash it: no string per call. */
    private static final PerThread<Utf8Buffer> NONCE_TEXT = PerThread.withInitial(Utf8Buffer::new);
    private static final PerThread<byte[]> ID_TEXT = PerThread.withInitial(() -> new byte[dev.palisade.engine.session.SessionIds.LENGTH]);

    private static long nonceHash(ProtectedRequest request, SignatureFields input) {
        Utf8Buffer text = NONCE_TEXT.get();
        text.clear();
        Session s = request.session();
        if (s.idPacked()) {
            byte[] id = ID_TEXT.get();
            s.writeIdAscii(id, 0); // the id's text, made no string of
            text.appendAscii(id, 0, id.length);
        } else {
            text.append(s.id());
        }
        text.append('\n');
        input.appendNonce(text);
        return SipHash.hash(HASH_K0, HASH_K1, text.bytes(), 0, text.length());
    }

    private static long sessionHash(ProtectedRequest request) {
        return request.session().idHashCode() * 0x9E3779B97F4A7C15L + request.session().createdAt();
    }

    /** One event a second at most, however hard the store is being hit. */
    private void reportFull(long second) {
        long now = clock.millis() / 1000;
        long last = lastFullEvent.get();
        if (now != last && lastFullEvent.compareAndSet(last, now)) {
            audit.system("nonce_store_full", "the nonce store is full for created=" + second
                    + "; signed requests are refused until the second leaves the window (raise noncesPerSecondMax?)");
        }
    }
}
