package dev.palisade.engine.check;

import dev.palisade.engine.Check;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.session.KeyRing;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.TokenClaims;
import dev.palisade.engine.Denial;
import dev.palisade.engine.session.TokenService;

import java.time.Clock;

/**
 * Technique 1: the bearer JWT is valid and names a known session. A token is verified by nimbus
 * once; presented again it is recognised by its SHA-256 and a constant-time compare against the
 * session's remembered token, as long as it is unexpired and its key may still verify.
 */
public final class TokenCheck implements Check {

    private static final Verdict STATE_UNAVAILABLE = new Verdict(Reason.STATE_UNAVAILABLE, "token",
            "this node does not know the token's session and the cluster's shared state does not answer; try again in"
                    + " a few seconds", 0, 2);

    private final TokenService tokens;
    private final KeyRing keys;
    private final SessionRegistry sessions;
    private final Clock clock;
    private final java.util.function.Function<String, dev.palisade.engine.session.SessionRecord> elsewhere;

    public TokenCheck(TokenService tokens, KeyRing keys, SessionRegistry sessions, Clock clock) {
        this(tokens, keys, sessions, id -> null, clock);
    }

    /**
     * @param elsewhere finds a session another node of the cluster opened (the store's
     *                  {@code findSession}); asked only for a token whose signature verified
     */
    public TokenCheck(TokenService tokens, KeyRing keys, SessionRegistry sessions,
                      java.util.function.Function<String, dev.palisade.engine.session.SessionRecord> elsewhere, Clock clock) {
        this.elsewhere = elsewhere;
        this.tokens = tokens;
        this.keys = keys;
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public String name() { return "token"; }

    @Override
    public Verdict evaluate(ProtectedRequest request) {
        if (!request.hasBearer()) return null; // an API-key call; the api_key check decides
        long now = request.now(clock);
        byte[] digest = request.bearerDigest();
        Session known = sessions.byVerifiedToken(digest);
        if (known != null) {
            String kid = known.matchVerifiedToken(digest, now);
            if (kid != null && keys.verifying(kid, now) != null) {
                request.attach(known);
                return null;
            }
        }
        return verifyInFull(request, digest, now);
    }

    private Verdict verifyInFull(ProtectedRequest request, byte[] digest, long now) {
        TokenClaims claims;
        try {
            claims = tokens.verify(request.bearerToken(), now);
        } catch (Denial e) {
            return Verdict.deny(e.reason(), name(), e.getMessage());
        }
        Session session = sessions.get(claims.sessionId());
        if (session == null) {
            try {
                session = sessions.adopt(elsewhere.apply(claims.sessionId()));
            } catch (RuntimeException e) {
                // the cluster's store does not answer: whether the session lives cannot be known
                return STATE_UNAVAILABLE;
            }
        }
        if (session == null) {
            return Verdict.deny(Reason.SESSION_EXPIRED, name(), "the token's session has ended; log in again");
        }
        if (!session.user().equals(claims.subject())) {
            return Verdict.deny(Reason.INVALID_TOKEN, name(), "the token's subject does not own its session");
        }
        if (!session.isRevoked()) {
            sessions.rememberVerifiedToken(session, digest, claims.expiresAt() + tokens.leewayMillis(), claims.kid());
        }
        request.attach(session);
        return null;
    }
}
