package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Secrets;
import dev.palisade.engine.blacklist.AutoBlock;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.bootstrap.BootstrapProof;
import dev.palisade.engine.sequence.LiveSequenceRules;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.bootstrap.Ticket;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.fingerprint.Fingerprint;
import dev.palisade.engine.fingerprint.FingerprintBinding;
import dev.palisade.engine.session.IssuedToken;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.SessionState;
import dev.palisade.engine.session.TokenClaims;
import dev.palisade.engine.session.TokenService;
import dev.palisade.engine.store.SessionStore;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The unprotected side of the service: client page nonce, bootstrap, login, refresh and logout.
 * Every outcome is audited; every refusal is a {@link Denial} with its reason code.
 */
public final class AuthFlow {

    private final BootstrapProof bootstrap;
    private final FingerprintBinding fingerprints;
    private final Blacklist blacklist;
    private final AutoBlock autoBlock;
    private final LiveSequenceRules rules;
    private final UserDirectory users;
    private final ApiKeyRing apiKeys;
    private final SessionRegistry sessions;
    private final SessionStore sessionStore;
    private final TokenService tokens;
    private final Supplier<Settings> settings;
    private final Audit audit;
    private final Clock clock;

    public AuthFlow(BootstrapProof bootstrap, FingerprintBinding fingerprints, Blacklist blacklist, AutoBlock autoBlock,
                    LiveSequenceRules rules, UserDirectory users, ApiKeyRing apiKeys, SessionRegistry sessions,
                    SessionStore sessionStore, TokenService tokens, Supplier<Settings> settings, Audit audit,
                    Clock clock) {
        this.bootstrap = bootstrap;
        this.fingerprints = fingerprints;
        this.blacklist = blacklist;
        this.autoBlock = autoBlock;
        this.rules = rules;
        this.users = users;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.sessionStore = sessionStore;
        this.tokens = tokens;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** A fresh page nonce for one serving of the client page. */
    public String servePage() {
        return bootstrap.mintPageNonce(clock.millis());
    }

    public Ticket bootstrap(String pageNonce, ClientFacts client) {
        try {
            refuseBlacklisted(client);
            Ticket ticket = bootstrap.redeem(pageNonce, fingerprints.reauthDigest(fingerprint(client)), clock.millis());
            audit.auth(Reason.ALLOWED, "/auth/bootstrap", "", "", client.ip(), "page nonce redeemed");
            return ticket;
        } catch (Denial d) {
            refused(d, "/auth/bootstrap", "", client);
            throw d;
        }
    }

    /**
     * Logs in with a password. A browser proves its bootstrap with a ticket; a server-to-server
     * caller may present an API key instead.
     */
    public LoginResult login(String username, char[] password, String ticket, String apiKey, ClientFacts client) {
        long now = clock.millis();
        try {
            refuseBlacklisted(client);
            boolean viaKey = apiKey != null;
            Fingerprint fingerprint = fingerprint(client);
            byte[] clientDigest = fingerprints.reauthDigest(fingerprint);
            if (viaKey) {
                if (apiKeys.authenticate(apiKey, now) == null) {
                    throw new Denial(Reason.INVALID_API_KEY, "the API key is unknown, malformed or revoked");
                }
            } else {
                bootstrap.require(ticket, clientDigest, now);
            }
            Optional<UserAccount> account = users.authenticate(username, password);
            if (account.isEmpty()) throw new Denial(Reason.INVALID_CREDENTIALS, "unknown user or wrong password");
            refuseSessionFarming(client.ip(), username, now);
            long bootstrapAt = viaKey ? 0 : bootstrap.spend(ticket, clientDigest, now);
            Session session = sessions.open(username, viaKey ? SessionOrigin.API_KEY : SessionOrigin.BROWSER,
                    bootstrapAt, client.ip(), client.userAgent(), fingerprint, now);
            // durable before the token leaves: a restart right after login must not orphan it
            sessionStore.saveSessions(List.of(session.toRecord()));
            LoginResult result = issue(session, now, true);
            audit.auth(Reason.ALLOWED, "/auth/login", session.id(), username, client.ip(),
                    viaKey ? "logged in with an API key" : "logged in after bootstrap");
            return result;
        } catch (Denial d) {
            refused(d, "/auth/login", username, client);
            throw d;
        }
    }

    /** A new access token for the session of a still-valid one. */
    public LoginResult refresh(String bearer, ClientFacts client) {
        try {
            Session session = liveSession(bearer);
            LoginResult result = issue(session, clock.millis(), false);
            audit.auth(Reason.ALLOWED, "/auth/refresh", session.id(), session.user(), client.ip(), "token refreshed");
            return result;
        } catch (Denial d) {
            audit.auth(d.reason(), "/auth/refresh", "", "", client.ip(), d.getMessage());
            throw d;
        }
    }

    /** Ends the token's session; its tokens stop working at once. */
    public void logout(String bearer, ClientFacts client) {
        try {
            Session session = liveSession(bearer);
            sessions.revoke(session.id(), clock.millis());
            sessionStore.saveSessions(List.of(session.toRecord()));
            audit.auth(Reason.ALLOWED, "/auth/logout", session.id(), session.user(), client.ip(), "logged out");
        } catch (Denial d) {
            audit.auth(d.reason(), "/auth/logout", "", "", client.ip(), d.getMessage());
            throw d;
        }
    }

    /** Technique 9's max-sessions rule: many sessions from one address or for one user look like a farm. */
    private void refuseSessionFarming(String ip, String user, long now) {
        SequenceRule.MaxSessions max = rules.maxSessions();
        if (max == null) return;
        int[] live = sessions.countLive(ip, user, now);
        if (max.perIp() > 0 && live[0] >= max.perIp()) {
            throw new Denial(Reason.TOO_MANY_SESSIONS, "this address already holds " + live[0]
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        }
        if (max.perUser() > 0 && live[1] >= max.perUser()) {
            throw new Denial(Reason.TOO_MANY_SESSIONS, "this user already holds " + live[1]
                    + " live sessions, the most allowed; log out elsewhere or wait for them to expire");
        }
    }

    private void refuseBlacklisted(ClientFacts client) {
        Blacklist.Match match = blacklist.matchClient(client.ip(), client.userAgent());
        if (match != null) throw new Denial(Reason.BLACKLISTED, match.reason() + " is blacklisted");
    }

    /** Audits a refusal and counts it toward an automatic block of the address. */
    private void refused(Denial d, String path, String user, ClientFacts client) {
        audit.auth(d.reason(), path, "", user, client.ip(), d.getMessage());
        autoBlock.denied(client.ip(), d.reason(), clock.millis());
    }

    private Fingerprint fingerprint(ClientFacts client) {
        return fingerprints.policy().capture(client.ip(), client.headers());
    }

    private Session liveSession(String bearer) {
        long now = clock.millis();
        if (bearer == null) throw new Denial(Reason.MISSING_CREDENTIALS, "send Authorization: Bearer <token>");
        TokenClaims claims = tokens.verify(bearer, now);
        Session session = sessions.get(claims.sessionId());
        if (session == null || !session.user().equals(claims.subject())) {
            throw new Denial(Reason.SESSION_EXPIRED, "the token's session has ended; log in again");
        }
        SessionState state = session.state(now, sessions.policy());
        if (state == SessionState.REVOKED) throw new Denial(Reason.SESSION_REVOKED, "the session was revoked");
        if (state == SessionState.EXPIRED) throw new Denial(Reason.SESSION_EXPIRED, "the session expired");
        return session;
    }

    private LoginResult issue(Session session, long now, boolean withSigningKey) {
        Settings s = settings.get();
        long expiresAt = Math.min(now + s.accessTokenTtl().toMillis(),
                session.createdAt() + s.sessionAbsoluteTtl().toMillis());
        IssuedToken token = tokens.issue(session.user(), session.id(), now, expiresAt);
        return new LoginResult(token, Math.max(0, (token.expiresAt() - now) / 1000), session.id(),
                withSigningKey ? Secrets.base64Url(session.signingKey()) : null);
    }
}
