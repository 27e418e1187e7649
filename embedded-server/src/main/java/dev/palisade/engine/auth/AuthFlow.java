package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.InvalidInputException;
import dev.palisade.engine.Meter;
import dev.palisade.engine.Reason;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.JsonText;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.BootstrapProof;
import dev.palisade.engine.bootstrap.CallerRecord;
import dev.palisade.engine.bootstrap.PageChallenge;
import dev.palisade.engine.bootstrap.ServedPage;
import dev.palisade.engine.bootstrap.TicketBinding;
import dev.palisade.engine.bootstrap.WorkDifficulty;
import dev.palisade.engine.fingerprint.Action;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.sequence.LiveSequenceRules;
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
import dev.palisade.protocol.P256;
import dev.palisade.protocol.SigningKeyAgreement;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The unprotected side of the service: client page nonce, bootstrap, login, refresh and logout.
 * Every outcome is audited; every refusal is a {@link Denial} with its reason code.
 */
public final class AuthFlow {

    /** The path an API key's scopes must cover for the key to stand in for a ticket at login. */
    public static final String LOGIN_PATH = "/auth/login";

    private final BootstrapProof bootstrap;
    private final WorkDifficulty difficulty;
    private final CallerRecord callers;
    private final DebugTokens debugTokens;
    private final LoginThrottle throttle;
    private final KdfGate kdf;
    private final FingerprintBinding fingerprints;
    private final Blacklist blacklist;
    private final dev.palisade.engine.blacklist.RefusalMarks refusalMarks;
    private final SessionQuota quota;
    private final UserDirectory users;
    private final ApiKeyRing apiKeys;
    private final SessionRegistry sessions;
    private final SessionStore sessionStore;
    private final TokenService tokens;
    private final Supplier<Settings> settings;
    private final Audit audit;
    private final Meter meter;
    private final Clock clock;

    public AuthFlow(BootstrapProof bootstrap, WorkDifficulty difficulty, CallerRecord callers, DebugTokens debugTokens,
                    LoginThrottle throttle, KdfGate kdf, FingerprintBinding fingerprints, Blacklist blacklist, dev.palisade.engine.blacklist.RefusalMarks refusalMarks,
                    LiveSequenceRules rules, UserDirectory users, ApiKeyRing apiKeys, SessionRegistry sessions,
                    SessionStore sessionStore, TokenService tokens, Supplier<Settings> settings, Audit audit,
                    Meter meter, Clock clock) {
        this.bootstrap = bootstrap;
        this.difficulty = difficulty;
        this.callers = callers;
        this.debugTokens = debugTokens;
        this.throttle = throttle;
        this.kdf = kdf;
        this.fingerprints = fingerprints;
        this.blacklist = blacklist;
        this.refusalMarks = refusalMarks;
        this.quota = new SessionQuota(rules, sessions, sessionStore);
        this.users = users;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.sessionStore = sessionStore;
        this.tokens = tokens;
        this.settings = settings;
        this.audit = audit;
        this.meter = meter;
        this.clock = clock;
    }

    /**
     * A fresh page nonce for one serving of the client page, with proof of work sized to the caller's
     * record and a challenge program of its own.
     */
    public ServedPage servePage(String ip) {
        long now = clock.millis();
        refuseOverPageLimit(ip, now);
        int max = settings.get().pagesPerMinute();
        // counted before it is priced and served: pages asked for at once all passed the look above (audit conc55 L1)
        if (!callers.holdPage(ip, now, max)) refusePages(ip, now, max, max);
        ServedPage page;
        try {
            page = bootstrap.servePage(ip, difficulty.bitsFor(ip, now), now);
        } catch (RuntimeException refused) {
            callers.pageHeldNotServed(ip, now);
            throw refused;
        }
        callers.pageHeldServed(ip, now);
        return page;
    }

    /**
     * Refuses an address already at its page limit, counting nothing. In reverse-proxy mode this comes
     * before the upstream is asked for the page: an address over its limit costs no fetch, nor a thread
     * waiting on one; {@link #servePage} counts the page once it is known to be one.
     */
    public void admitPageLoad(String ip) {
        refuseOverPageLimit(ip, clock.millis());
    }

    private void refuseOverPageLimit(String ip, long now) {
        long loads = callers.pageLoads(ip, now);
        int max = settings.get().pagesPerMinute();
        if (loads >= max) refusePages(ip, now, loads, max);
    }

    private void refusePages(String ip, long now, long loads, int max) {
        long wait = callers.pageWindowLeft(ip, now);
        audit.pageRefused(ip, "more than " + max + " client pages a minute from this address");
        throw new Denial(Reason.RATE_LIMITED, "this address loaded " + loads + " client pages within a minute, the"
                + " most allowed (pagesPerMinuteMax); wait " + wait + " s", wait);
    }

    /** The challenge of a page still waiting for its bootstrap, or null. */
    public PageChallenge outstandingPage(String pageNonce) {
        return bootstrap.outstanding(pageNonce, clock.millis());
    }

    /**
     * Redeems a page nonce for a ticket: the work solved, the page's challenge answered (both waived
     * for a debug token), the automation signals judged by the fingerprint policy.
     *
     * @param signals    the bootstrap's {@code signals} member, null when it was not sent
     * @param debugToken a debug token, or null
     */
    public Ticket bootstrap(BootstrapClaim claim, Map<String, Boolean> signals, String debugToken, ClientFacts client) {
        long now = clock.millis();
        try {
            refuseBlacklisted(client);
            DebugToken debug = null;
            if (debugToken != null) {
                debug = debugTokens.authenticate(debugToken, now);
                if (debug == null) {
                    throw new Denial(Reason.INVALID_DEBUG_TOKEN, "the debug token is unknown, malformed, expired or revoked");
                }
            }
            String automation = AutomationSignals.evaluate(signals, client.headers(), debug != null);
            if (!automation.isEmpty() && fingerprints.policy().actionFor(FingerprintPolicy.AUTOMATION) == Action.DENY) {
                bootstrap.forget(claim.pageNonce());
                throw new Denial(Reason.AUTOMATION_SUSPECTED, "this browser looks automated (" + automation
                        + ") and the fingerprint policy denies automation");
            }
            BootstrapProof.Redeemed redeemed = bootstrap.redeem(claim, debug != null,
                    new TicketBinding(fingerprints.reauthDigest(fingerprint(client)), automation, debug == null ? "" : debug.id()),
                    client.ip(),
                    () -> difficulty.addressBitsFor(client.ip(), now), now);
            // a driven browser let through (the policy alerts) pays more for its next page, as a refused one does;
            // a tool with a debug token pays no work at all, and under ignore the operator asked for nothing
            if (debug == null && !automation.isEmpty() && AutomationSignals.sure(automation)
                    && fingerprints.policy().actionFor(FingerprintPolicy.AUTOMATION) == Action.ALERT) {
                refusalMarks.flagged(client.ip(), now);
            }
            if (debug != null) {
                audit.authEvent("debug_token_used", 200, "/auth/bootstrap", "", "", client.ip(), "debug token '"
                        + debug.name() + "' (" + debug.id() + ") used: proof of work and page challenge skipped");
            }
            audit.auth(Reason.ALLOWED, "/auth/bootstrap", "", "", client.ip(), bootstrapDetail(redeemed, debug, automation));
            meter.bootstrap(Reason.ALLOWED);
            return redeemed.ticket();
        } catch (Denial d) {
            refused(d, "/auth/bootstrap", "", client);
            meter.bootstrap(d.reason());
            throw d;
        }
    }

    /** {"bits":14,"puzzles":4,"sincePageMillis":830,"debugToken":null,"automation":""}: what the page cost whom. */
    private static String bootstrapDetail(BootstrapProof.Redeemed r, DebugToken debug, String automation) {
        return "{\"bits\":" + r.challenge().work().bits() + ",\"puzzles\":" + r.challenge().work().count()
                + ",\"sincePageMillis\":" + r.sincePageMillis()
                + ",\"debugToken\":" + (debug == null ? "null" : JsonText.quote(debug.name()))
                + ",\"automation\":" + JsonText.quote(automation) + "}";
    }

    /**
     * A login's name is one a user can have: a longer one is a malformed body, refused before anything else
     * is looked at, and before its event would keep all 16 KiB of it.
     */
    public static void checkUsername(String username) {
        if (username.length() > UserDirectory.MAX_NAME) {
            throw InvalidInputException.of("username",
                    "must be at most " + UserDirectory.MAX_NAME + " characters, as every user's is");
        }
    }

    /** Whether a ticket's digest is this client's, under the current salt or one rotated out since its bootstrap. */
    private java.util.function.Predicate<byte[]> ticketOf(Fingerprint fingerprint, long now) {
        return bound -> fingerprints.sameClient(bound, fingerprint, now);
    }

    /**
     * Logs in with a password. A browser proves its bootstrap with a ticket; a server-to-server
     * caller may present an API key instead.
     */
    public LoginResult login(String username, char[] password, String ticket, String apiKey, ECPublicKey clientKey,
                             ClientFacts client) {
        checkUsername(username);
        long started = System.nanoTime();
        Reason outcome = Reason.INTERNAL_ERROR;
        long now = clock.millis();
        SessionQuota.Place place = null;
        try {
            refuseBlacklisted(client);
            boolean viaKey = apiKey != null;
            Fingerprint fingerprint = fingerprint(client);
            String current = dev.palisade.engine.Secrets.base64Url(fingerprints.reauthDigest(fingerprint));
            String device = throttle.counted(username, current, fingerprints.earlierReauthDigests(fingerprint, now)
                    .stream().map(dev.palisade.engine.Secrets::base64Url).toList());
            throttle.check(username, device, now); // a throttled try is refused before anything else is looked at
            ApiKey key = null;
            if (viaKey) {
                key = apiKeys.authenticate(apiKey, now);
                if (key == null) throw new Denial(Reason.INVALID_API_KEY, "the API key is unknown, malformed or revoked");
                // a key for some API paths is no way round the page, its work and its ticket: only one given the login
                if (!key.permits(LOGIN_PATH)) {
                    throw new Denial(Reason.FORBIDDEN_SCOPE, "this API key's scopes do not cover " + LOGIN_PATH
                            + "; an operator gives a key that scope for it to log in without a page");
                }
            } else {
                bootstrap.require(ticket, ticketOf(fingerprint, now), client.ip(), () -> difficulty.addressBitsFor(client.ip(), now), now);
            }
            // only a try that paid for its page (or holds an API key) is in flight: a flood of free ones holds no one back
            LoginThrottle.Attempt attempt = throttle.begin(username, device, now);
            boolean judged = false;
            Optional<UserAccount> account;
            BootstrapProof.Spent spent;
            try {
                // spent before the password is checked, right or wrong: of logins racing with one ticket
                // while the first one's hash runs, only that one is checked. A guess costs a page.
                spent = viaKey ? new BootstrapProof.Spent(0, "", "", null) : bootstrap.spend(ticket, ticketOf(fingerprint, now),
                        client.ip(), () -> difficulty.addressBitsFor(client.ip(), now), now);
                if (!spent.debugTokenId().isEmpty() && !debugTokens.live(spent.debugTokenId(), now)) {
                    // revoked (or lapsed) since it vouched for this bootstrap: what it got before opens nothing now
                    throw new Denial(Reason.NO_BOOTSTRAP, "the debug token this bootstrap used has been revoked or has"
                            + " expired since; bootstrap again");
                }
                account = kdf.run(username, throttle.knows(username, device), () -> users.authenticate(username, password));
                judged = true;
                if (account.isEmpty()) {
                    throttle.failed(attempt, now);
                    throw new Denial(Reason.INVALID_CREDENTIALS, "unknown user or wrong password");
                }
                // only a correct password learns that the account is disabled: a guesser learns nothing new
                if (account.get().disabled()) {
                    throttle.ended(attempt);
                    throw new Denial(Reason.USER_DISABLED, "this user is disabled; an operator can enable them");
                }
                throttle.succeeded(attempt, current);
            } finally {
                if (!judged) endQuietly(attempt);
            }
            place = quota.take(client.ip(), username, now);
            // the key agreement: the signing key is derived on both sides and never sent
            KeyPair serverKey = P256.generate();
            byte[] shared = P256.sharedSecret(serverKey.getPrivate(), clientKey);
            Session session;
            try {
                session = sessions.open(username, viaKey ? SessionOrigin.API_KEY : SessionOrigin.BROWSER,
                        viaKey ? key.id() : "", spent.bootstrapAt(), spent.cost(), client.ip(), client.userAgent(), fingerprint,
                        spent.automation(), id -> SigningKeyAgreement.derive(shared, id), now);
            } finally {
                Arrays.fill(shared, (byte) 0);
            }
            if (place != null) place.opened(); // counted in the registry from here on
            // durable before the token leaves: a restart right after login must not orphan it
            try {
                sessionStore.saveOpened(session.toRecord());
            } catch (RuntimeException e) {
                sessions.discard(session); // no token was issued for it, and the store did not save it
                throw e;
            }
            if (key != null && !apiKeys.stillLive(key.id())) {
                // revoked while this login ran: its revocation may have looked for the key's sessions before this one
                sessions.revokeStored(List.of(session), now, sessionStore::saveRevocations);
                throw new Denial(Reason.INVALID_API_KEY, "the API key was revoked while this login ran");
            }
            Reason refused = users.refusesLogin(username, account.get().passwordHash());
            if (refused != null) {
                // disabled, deleted or given a new password while the password was checked: the operator's revocation
                // may have looked for the user's sessions before this one was opened (on any node: the stored user is read)
                sessions.revokeStored(List.of(session), now, sessionStore::saveRevocations);
                throw refused == Reason.USER_DISABLED ? new Denial(Reason.USER_DISABLED, "this user was disabled while logging in")
                        : new Denial(Reason.INVALID_CREDENTIALS, "unknown user or wrong password");
            }
            LoginResult result = issue(session, now, P256.jwk((ECPublicKey) serverKey.getPublic()));
            audit.auth(Reason.ALLOWED, "/auth/login", session.id(), username, client.ip(),
                    viaKey ? "logged in with an API key" : "logged in after bootstrap");
            flagAutomation(session, client);
            outcome = Reason.ALLOWED;
            return result;
        } catch (Denial d) {
            outcome = d.reason();
            refused(d, "/auth/login", username, client);
            throw d;
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            outcome = Reason.STATE_UNAVAILABLE; // the cluster's Redis is away: answered 503 state_unavailable
            throw e;
        } catch (dev.palisade.engine.store.StoreException e) {
            // counted as answered: 503 store_unavailable, 503 state_unavailable on a cluster node, or 500
            if (e.outage()) outcome = Reason.STORE_UNAVAILABLE;
            else if (e.getCause() instanceof dev.palisade.engine.state.StateUnavailableException) outcome = Reason.STATE_UNAVAILABLE;
            throw e;
        } finally {
            if (place != null) place.release(); // the session is saved and counted now, or there is none
            meter.login(outcome, System.nanoTime() - started);
        }
    }

    /**
     * A new access token for the session of a still-valid one, once the call passed the pipeline, whose
     * decision counted it: its outcome is an event, not a second count in the traffic statistics.
     */
    public LoginResult refresh(String bearer, ClientFacts client) {
        try {
            Session session = liveSession(bearer);
            LoginResult result = issue(session, clock.millis(), null);
            audit.authEvent(Reason.ALLOWED.code(), Reason.ALLOWED.status(), "/auth/refresh", session.id(), session.user(),
                    client.ip(), "token refreshed");
            return result;
        } catch (Denial d) {
            audit.authEvent(d.reason().code(), d.reason().status(), "/auth/refresh", "", "", client.ip(), d.getMessage());
            throw d;
        }
    }

    public void sweepThrottles(long now) {
        throttle.sweep(now);
    }

    /** Gives back the max-sessions places of logins refused while the cluster's store was away, now it may answer. */
    public void releaseHeldPlaces() {
        quota.releaseUnreleased();
    }

    /** Ends the token's session; its tokens stop working at once. */
    public void logout(String bearer, ClientFacts client) {
        logout(bearer, client, new LogoutSigner() {
            @Override
            public Session signer(Denial tokenRefused) { throw tokenRefused; }

            @Override
            public Session named() { return null; }

            @Override
            public String unproven(Session session) { return LogoutSigner.UNSIGNED; }
        });
    }

    /**
     * Ends the token's session, or, when the token no longer verifies ({@code expired_token},
     * {@code invalid_token}), the session {@code signer} finds proven by the request's signature: a
     * client that logs in again must not leave a live session behind that only its key could end.
     */
    public void logout(String bearer, ClientFacts client, LogoutSigner signer) {
        try {
            Session session;
            String detail = "logged out";
            String unproven = null; // why the session's key did not sign this logout, when it did not
            try {
                session = liveSession(bearer);
                unproven = signer.unproven(session);
            } catch (Denial refused) {
                if (refused.reason() != Reason.EXPIRED_TOKEN && refused.reason() != Reason.INVALID_TOKEN) throw refused;
                session = signer.signer(refused);
                detail = "logged out with the session's signature (its token: " + refused.reason().code() + ")";
            }
            if (unproven != null && !java.security.MessageDigest.isEqual(fingerprints.reauthDigest(fingerprint(client)),
                    fingerprints.reauthDigest(session.fingerprint()))) {
                // a token alone ends its session (documented): one sent from elsewhere is told as such, not as
                // the user's own logout, since a thief who only signs the user out is still a thief seen. The
                // user's own client, moved to another network, signs its logout with the session's key
                detail += " by a client whose browser or network is not the one the session is bound to";
            }
            // palisade.js signs every logout: a browser's session ended by its token alone was not ended by its
            // client, wherever the call came from (an API key's caller may log out unsigned)
            if (unproven != null && session.origin() == dev.palisade.engine.session.SessionOrigin.BROWSER) {
                detail += ", " + unproven;
            }
            sessions.revokeStored(List.of(session), clock.millis(), sessionStore::saveRevocations);
            audit.auth(Reason.ALLOWED, "/auth/logout", session.id(), session.user(), client.ip(), detail);
        } catch (Denial d) {
            // a signed logout refused names the session its signature claims: the operator sees attempts on it
            Session named = signer.named();
            audit.auth(d.reason(), "/auth/logout", named == null ? "" : named.id(), named == null ? "" : named.user(),
                    client.ip(), d.getMessage());
            throw d;
        }
    }

    public interface LogoutSigner {
        /** The session whose key signed the request; throws the refusal (the token's own, when unsigned). */
        Session signer(Denial tokenRefused);

        /** The session the request's signature names, proven or not (for a refusal's event); null if none. */
        Session named();

        /**
         * Null when the request's signature proves {@code session}'s key (its MAC verified: its own client,
         * wherever it is now, even if the nonce or session check refused it after, the shared store away
         * included; a far-ahead {@code created}, refused by its time after the MAC, is told as not verified);
         * else how the event tells it: {@link #UNSIGNED}, {@link #refused}, {@link #unverified}, {@link #OTHER_SESSION}.
         * Counts nothing against the caller: the logout is served all the same.
         */
        String unproven(Session session);

        String UNSIGNED = "with the token alone (unsigned; palisade.js signs its logouts)";
        String OTHER_SESSION = "with the token alone (signed for another session)";

        /** A MAC the session's key did not make (or a Signature-Input that does not parse, or a digest off). */
        static String refused(Reason reason) {
            return "with the token alone (its signature refused: " + reason.code() + "; palisade.js signs its logouts)";
        }

        /** Refused by its time ({@code stale}) or before its MAC was looked at (a body over the limit, …): not known. */
        static String unverified(Reason reason) {
            return "its signature not verified (" + reason.code() + ")";
        }
    }

    /** A session opened by a browser that looked automated: the operator sees it, unless automation is ignored. */
    private void flagAutomation(Session session, ClientFacts client) {
        if (session.automation().isEmpty()) return;
        Action action = fingerprints.policy().actionFor(FingerprintPolicy.AUTOMATION);
        if (action == Action.IGNORE) return;
        StringBuilder signals = new StringBuilder();
        for (String s : session.automation().split(",")) signals.append(signals.length() == 0 ? "" : ",").append(JsonText.quote(s));
        audit.automationSuspected(session.id(), session.user(), client.ip(), "{\"action\":\"" + action.label()
                + "\",\"signals\":[" + signals + "],\"changes\":[{\"component\":\"automation\",\"from\":\"\",\"to\":"
                + JsonText.quote(session.automation()) + ",\"action\":\"" + action.label() + "\"}]}");
    }

    /** Ends an attempt whose password was never judged, without hiding why it ended (the shared store may be away). */
    private void endQuietly(LoginThrottle.Attempt attempt) {
        try {
            throttle.ended(attempt);
        } catch (RuntimeException e) {
            // in a cluster it stops counting within a minute by itself
        }
    }

    private void refuseBlacklisted(ClientFacts client) {
        Blacklist.Match match = blacklist.matchClient(client.ip(), client.userAgent());
        if (match != null) throw new Denial(Reason.BLACKLISTED, match.reason() + " is blacklisted");
    }

    /**
     * A bootstrap or login refused for the form of its request (a malformed body, a missing field, a bad
     * client key): an event, as other refusals, but counted toward no block or price (a developer's own
     * client under construction sends such bodies as often as a script does).
     */
    public void malformed(Reason reason, String path, String user, ClientFacts client, String why) {
        audit.auth(reason, path, "", user, client.ip(), why);
    }

    /**
     * Audits a refusal and counts it toward an automatic block of the address, unless it is the server's load or
     * state (a busy login, a full registry, the cluster's store away) or the address a trusted proxy's.
     */
    private void refused(Denial d, String path, String user, ClientFacts client) {
        audit.auth(d.reason(), d.check(), path, "", user, client.ip(), d.getMessage());
        refusalMarks.refused(client.ip(), d.reason(), "", clock.millis());
    }

    private Fingerprint fingerprint(ClientFacts client) {
        return fingerprints.policy().capture(client.ip(), client.headers());
    }

    private Session liveSession(String bearer) {
        long now = clock.millis();
        if (bearer == null) throw new Denial(Reason.MISSING_CREDENTIALS, "send Authorization: Bearer <token>");
        TokenClaims claims = tokens.verify(bearer, now);
        Session session = sessions.get(claims.sessionId());
        if (session == null) session = sessions.adopt(sessionStore.findSession(claims.sessionId())); // opened on another node
        if (session == null || !session.user().equals(claims.subject())) {
            throw new Denial(Reason.SESSION_EXPIRED, "the token's session has ended; log in again");
        }
        SessionState state = session.state(now, sessions.policy());
        if (state == SessionState.REVOKED) throw new Denial(Reason.SESSION_REVOKED, "the session was revoked");
        if (state == SessionState.EXPIRED) throw new Denial(Reason.SESSION_EXPIRED, "the session expired");
        return session;
    }

    private LoginResult issue(Session session, long now, String[] serverKey) {
        Settings s = settings.get();
        long expiresAt = Math.min(now + s.accessTokenTtl().toMillis(),
                session.createdAt() + s.sessionAbsoluteTtl().toMillis());
        IssuedToken token = tokens.issue(session.user(), session.id(), now, expiresAt);
        return new LoginResult(token, Math.max(0, (token.expiresAt() - now) / 1000), session.id(), serverKey);
    }
}
