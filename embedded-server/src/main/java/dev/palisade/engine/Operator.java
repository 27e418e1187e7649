package dev.palisade.engine;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.admin.OwnerToken;
import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.ApiKeyRing;
import dev.palisade.engine.auth.CreatedApiKey;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.engine.auth.UserDirectory;
import dev.palisade.engine.auth.UserUpdate;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.blacklist.EntryKind;
import dev.palisade.engine.config.LiveProxyRoutes;
import dev.palisade.engine.config.LiveSettings;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.fingerprint.FingerprintBinding;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.fingerprint.LiveFingerprintPolicy;
import dev.palisade.engine.rate.LiveRateWindows;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.sequence.LiveSequenceRules;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.sequence.SequenceRules;
import dev.palisade.engine.session.KeyRing;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.engine.store.SessionStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every change an operator can make, applied live, persisted and audited. The admin API and the
 * command line both go through here, so no change escapes the event log. Each instance acts for one
 * {@link Actor}, named in every event it writes; {@link Engine#operator(Actor)} hands one out.
 */
public final class Operator {

    private final SessionRegistry sessions;
    private final SessionStore sessionStore;
    private final UserDirectory users;
    private final ApiKeyRing apiKeys;
    private final KeyRing keyRing;
    private final KeyRing salts;
    private final LiveSettings settings;
    private final LiveFingerprintPolicy fingerprintPolicy;
    private final Blacklist blacklist;
    private final LiveRateWindows rateWindows;
    private final LiveSequenceRules sequenceRules;
    private final FingerprintBinding fingerprints;
    private final LiveProxyRoutes proxyRoutes;
    private final Audit audit;
    private final Clock clock;
    private final Actor actor;
    private final dev.palisade.engine.auth.LoginThrottle loginThrottle;
    /** Writes the failed logins changed since the last checkpoint (nothing on a cluster: its shared state keeps them). */
    private final Runnable storeLoginFailures;
    /** Deletes a deleted user's rows in what the engine does not hold (the demo API's data). */
    private final java.util.function.Consumer<String> forgetUserData;

    Operator(SessionRegistry sessions, SessionStore sessionStore, UserDirectory users, ApiKeyRing apiKeys,
             KeyRing keyRing, KeyRing salts, LiveSettings settings, LiveFingerprintPolicy fingerprintPolicy,
             Blacklist blacklist, LiveRateWindows rateWindows, LiveSequenceRules sequenceRules,
             FingerprintBinding fingerprints, LiveProxyRoutes proxyRoutes, dev.palisade.engine.auth.LoginThrottle loginThrottle,
             Runnable storeLoginFailures, java.util.function.Consumer<String> forgetUserData, Audit audit, Clock clock,
             Actor actor) {
        this.sessions = sessions;
        this.sessionStore = sessionStore;
        this.users = users;
        this.apiKeys = apiKeys;
        this.keyRing = keyRing;
        this.salts = salts;
        this.settings = settings;
        this.fingerprintPolicy = fingerprintPolicy;
        this.blacklist = blacklist;
        this.rateWindows = rateWindows;
        this.sequenceRules = sequenceRules;
        this.fingerprints = fingerprints;
        this.proxyRoutes = proxyRoutes;
        this.loginThrottle = loginThrottle;
        this.storeLoginFailures = storeLoginFailures;
        this.forgetUserData = forgetUserData;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /** The same operations, acting for {@code other}. */
    Operator as(Actor other) {
        if (other.equals(actor)) return this;
        return new Operator(sessions, sessionStore, users, apiKeys, keyRing, salts, settings, fingerprintPolicy,
                blacklist, rateWindows, sequenceRules, fingerprints, proxyRoutes, loginThrottle, storeLoginFailures, forgetUserData, audit, clock, other);
    }

    public Actor actor() { return actor; }

    /**
     * Rotates the owner's admin token: the new one is stored, the old one stops working at once.
     *
     * @return the new token, to be shown once
     * @throws Denial {@code forbidden_role} unless this acts for the owner
     */
    public String rotateOwnerToken(OwnerToken owner, dev.palisade.engine.admin.Credential by) {
        actor.mustOwn("rotate the owner's token");
        String fresh = owner.rotate(by);
        audit.admin(actor, "owner_token_rotated", "the owner's admin token was replaced; the previous one no longer works");
        return fresh;
    }

    /** @throws NotFoundException if there is no such session */
    public void revokeSession(String id) {
        Session s = held(id);
        if (s == null) throw new NotFoundException("no session " + id);
        if (!sessions.revokeStored(List.of(s), clock.millis(), sessionStore::saveRevocations).isEmpty()) {
            audit.admin(actor, "session_revoked", "session " + id + " of " + s.user() + " revoked");
        }
    }

    public Settings updateSettings(Map<String, Long> changes) {
        Long retention = changes.get(dev.palisade.engine.config.Setting.EVENT_RETENTION.key());
        boolean grace = changes.containsKey(dev.palisade.engine.config.Setting.KEY_GRACE.key());
        // what the grace in force has ended stays ended: a raised grace lengthens only keys still verifying
        if (grace) buryEndedKeys();
        dev.palisade.engine.config.LiveSettings.Applied applied = settings.apply(changes, before -> {
            // retention deletes admin events too: shortened by an operator, it would erase the trail that holds operators
            // to account (judged against the settings the change is made on, not ones another change replaces meanwhile)
            if (retention != null && retention < before.eventRetention().toHours() && !actor.isOwner()) {
                audit.roleRefused(actor, "shorten eventRetentionHours to " + retention);
                actor.mustOwn("shorten the event retention");
            }
        });
        Map<String, Long> before = applied.before().asMap();
        Settings next = applied.after();
        // and what a lowered grace ends is buried now, in the store: a node that raises the grace a moment
        // later reads those keys buried, rather than waiting for a maintenance run (a cluster's nodes too)
        if (grace) buryEndedKeys();
        // as the console's form names them, with the key a configuration file or the admin API uses
        java.util.List<String> shown = new java.util.ArrayList<>();
        changes.forEach((k, v) -> {
            if (v.equals(before.get(k))) return; // set to what it was: no change to tell
            dev.palisade.engine.config.Setting setting = dev.palisade.engine.config.Setting.ofKey(k);
            if (setting == null) {
                shown.add(k + " to " + v);
            } else {
                boolean choice = !(setting.shown(v) instanceof Long);
                shown.add(setting.label() + " (" + k + ") to " + setting.shown(v)
                        + (choice || setting.unit().isEmpty() ? "" : " " + setting.unit()));
            }
        });
        // a PUT that changed nothing still says it was made, not "changed " and nothing
        audit.admin(actor, "settings_changed", shown.isEmpty() ? "settings saved unchanged" : "changed " + String.join("; ", shown));
        return next;
    }

    private void buryEndedKeys() {
        long now = clock.millis();
        keyRing.buryEnded(now);
        salts.buryEnded(now);
    }

    public SigningKey rotateSigningKey() {
        SigningKey fresh = keyRing.rotate(clock.millis());
        long grace = settings.get().keyGrace().toSeconds();
        audit.admin(actor, "signing_key_rotated", "new signing key " + fresh.kid() + (grace == 0
                ? "; the previous one stopped verifying at once (no grace): every session's token is refused, and"
                + " every user logs in again" : "; the previous one verifies for " + grace + " s"));
        return fresh;
    }

    /**
     * Accepts the fingerprint last refused for a session (the user changed browser or network, and
     * the operator knows it): the session is bound to it and goes on without a new login.
     *
     * @throws NotFoundException if there is no such session
     * @throws ConflictException if nothing was refused for it, or it was revoked (a re-bind would not revive it)
     */
    public void acceptFingerprint(String sessionId) {
        Session s = held(sessionId);
        if (s == null) throw new NotFoundException("no session " + sessionId);
        if (s.isRevoked()) throw new ConflictException("session " + sessionId + " is revoked; its user must log in again");
        var refused = s.refusedFingerprint();
        if (refused == null) refused = sessionStore.refusedFingerprint(sessionId); // refused on another node
        if (refused == null) throw new ConflictException("session " + sessionId + " has no refused fingerprint to accept");
        // stored and announced first: a store that fails leaves the binding as it was, here and on every node
        sessionStore.saveSessions(List.of(s.toRecord().withFingerprint(refused)));
        sessionStore.announceRebind(sessionId);
        fingerprints.rebind(s, refused);
        // and once more from the session itself: a checkpoint that took its snapshot just before the
        // re-bind and saved it just after put the old binding back, undone by a kill before the next one
        try {
            sessionStore.saveSessions(List.of(s.toRecord()));
        } catch (RuntimeException e) {
            // the re-bind is stored above and the session left to the next checkpoint: not a failed accept
            System.getLogger(Operator.class.getName()).log(System.Logger.Level.WARNING,
                    "Session " + sessionId + " re-bound; saving it once more failed, the next checkpoint saves it: " + e.getMessage());
        }
        audit.admin(actor, "fingerprint_accepted", "session " + sessionId + " of " + s.user() + " re-bound to " + refused.components());
    }

    /** A new fingerprint salt; live sessions are re-hashed under it on their next call. */
    public SigningKey rotateFingerprintSalt() {
        SigningKey fresh = salts.rotate(clock.millis());
        audit.admin(actor, "fingerprint_salt_rotated", "new fingerprint salt " + fresh.kid());
        return fresh;
    }

    public FingerprintPolicy updateFingerprintPolicy(FingerprintPolicy next) {
        return updateFingerprintPolicy(stored -> next);
    }

    /** Changes the policy as stored (another node's change included), as {@code change} says. */
    public FingerprintPolicy updateFingerprintPolicy(java.util.function.UnaryOperator<FingerprintPolicy> change) {
        FingerprintPolicy applied = fingerprintPolicy.change(change);
        audit.admin(actor, "fingerprint_policy_changed", "components " + applied.actions() + ", masks /" + applied.ipv4Prefix()
                + " and /" + applied.ipv6Prefix() + ", trusted proxies " + applied.trustedProxies());
        return applied;
    }

    /**
     * Adds entries (all valid, or none); a session entry also revokes that session, stored before this
     * returns as {@link #revokeSession} stores it: the entry may expire or be deleted, the revocation stays.
     */
    public List<BlacklistEntry> blacklist(List<BlacklistEntry> entries) {
        long now = clock.millis();
        // revoked before the entries are added and told (a revocation made twice is one): a store that refuses
        // leaves no entry without its event, and the call may be sent again without adding entries twice
        if (entries.stream().anyMatch(e -> e.kind() == EntryKind.SESSION) && entries.stream().allMatch(e -> blacklist.check(e) == null)) {
            for (BlacklistEntry e : entries) {
                if (e.kind() == EntryKind.SESSION) revokeBlacklisted(Blacklist.keptValue(e.kind(), e.value()), now);
            }
        }
        List<BlacklistEntry> added = blacklist.add(entries, now);
        audit.admin(actor, "blacklist_added", added.size() == 1
                ? added.get(0).kind().label() + " " + shown(added.get(0)) + " blacklisted"
                : added.size() + " entries blacklisted");
        return added;
    }

    /** The session this node holds, or one another node of the cluster opened, taken in; null if none. */
    private Session held(String sessionId) {
        Session s = sessions.get(sessionId);
        return s != null ? s : sessions.adopt(sessionStore.findSession(sessionId));
    }

    private void revokeBlacklisted(String sessionId, long now) {
        Session s = held(sessionId);
        if (s == null) {
            sessions.revoke(sessionId, now); // remembered, should a session of that id turn up
            return;
        }
        sessions.revokeStored(List.of(s), now, sessionStore::saveRevocations);
    }

    public void unblacklist(String id) {
        BlacklistEntry e = blacklist.remove(id, clock.millis());
        audit.admin(actor, "blacklist_removed", e.kind().label() + " " + shown(e) + " removed from the blacklist");
    }

    /** Token entries hold a digest; show only its start, so an event never carries a usable value. */
    private static String shown(BlacklistEntry e) {
        return e.kind() == EntryKind.TOKEN ? "sha256:" + e.value().substring(0, 12) + "…" : e.value();
    }

    public List<RateWindow> updateRateWindows(List<RateWindow> windows) {
        List<RateWindow> applied = rateWindows.replace(windows);
        audit.admin(actor, "rate_windows_changed", RateWindow.encode(applied));
        return applied;
    }

    public List<SequenceRule> updateSequenceRules(List<SequenceRule> rules) {
        List<SequenceRule> applied = sequenceRules.replace(rules);
        audit.admin(actor, "sequence_rules_changed", applied.size() + " rules: " + SequenceRules.encode(applied).trim()
                .replace('\n', ';'));
        return applied;
    }

    public ProxyRoutes updateProxyRoutes(ProxyRoutes routes) {
        ProxyRoutes applied = proxyRoutes.replace(routes);
        audit.admin(actor, "proxy_routes_changed", "public " + applied.publicPaths() + ", client pages " + applied.clientPages());
        return applied;
    }

    public UserAccount createUser(String username, char[] password) {
        // rows kept by a name whose user is gone (deleted by a version that left them) belong to no one
        if (UserDirectory.nameProblem(username) == null && users.get(username) == null) forgetUserData.accept(username);
        UserAccount account = users.create(username, password, clock.millis());
        audit.admin(actor, "user_created", "user " + username + " created");
        return account;
    }

    /**
     * Revokes every session the user holds and deletes them and their rows. Disabled first, so no login
     * comes in between, and deleted last: a store failing halfway leaves an account to delete again,
     * never sessions or rows of one already gone.
     */
    public void deleteUser(String username) {
        boolean wasDisabled = users.update(username, null, true).before().disabled();
        int revoked;
        try {
            revoked = revokeSessionsOf(username);
            forgetUserData.accept(username); // a user made later with the name must not find these rows
            loginThrottle.forget(username); // nor count the deleted one's browsers as its own
            storeLoginFailures.run();
            users.delete(username);
        } catch (RuntimeException e) {
            // the user stays disabled, to be deleted again: the trail says so, as a disable would
            if (!wasDisabled) {
                audit.admin(actor, "user_disabled", "user " + username + " disabled; the delete failed: " + e.getMessage());
            }
            throw e;
        }
        audit.admin(actor, "user_deleted", "user " + username + " deleted; " + revoked + " sessions revoked");
    }

    /**
     * Sets a user's password and/or disables or enables them (null: unchanged). Disabling revokes
     * every session they hold; a disabled user's correct password is refused with {@code user_disabled}.
     */
    public UserAccount updateUser(String username, char[] password, Boolean disabled) {
        UserUpdate update = users.update(username, password, disabled);
        if (password != null) audit.admin(actor, "user_password_set", "user " + username + ": password set");
        boolean changed = disabled != null && update.turned(disabled);
        if (Boolean.TRUE.equals(disabled)) {
            // also when the user already was disabled: a disable whose revocations the store refused is sent again
            int revoked = revokeSessionsOf(username);
            if (changed || revoked > 0) {
                audit.admin(actor, "user_disabled", "user " + username + " disabled; " + revoked + " sessions revoked");
            }
        } else if (changed) {
            audit.admin(actor, "user_enabled", "user " + username + " enabled");
        }
        return update.after();
    }

    /** Revokes every live session of the user. @return how many */
    public int revokeUserSessions(String username) {
        if (users.get(username) == null) throw new NotFoundException("no user " + username); // also one made elsewhere
        int revoked = revokeSessionsOf(username);
        audit.admin(actor, "user_sessions_revoked", "user " + username + ": " + revoked + " sessions revoked");
        return revoked;
    }

    /**
     * Forgets the user's failed logins, so a throttled user may try again at once; stored before this
     * returns, so a server killed a moment later does not throttle them again.
     */
    public void liftLoginThrottle(String username) {
        if (users.get(username) == null) throw new NotFoundException("no user " + username);
        int lifted = loginThrottle.lift(username);
        storeLoginFailures.run(); // a store that refuses fails the call; the lift made here is written with the next checkpoint
        audit.admin(actor, "login_throttle_lifted", "user " + username + ": failed logins forgotten (" + lifted + " records)");
    }

    /** The user's failed logins lately and the seconds left before the next try: {failures, retryAfterSeconds}. */
    public long[] loginThrottleOf(String username) {
        return loginThrottle.state(username, clock.millis());
    }

    private int revokeSessionsOf(String username) {
        long now = clock.millis();
        // a cluster's other nodes opened sessions of the user this node never saw: take them in, then revoke all
        for (SessionRecord r : sessionStore.sessionsOf(username)) {
            if (r.revokedAt() == 0) sessions.adopt(r);
        }
        return sessions.revokeUser(username, now, sessionStore::saveRevocations).size();
    }

    public CreatedApiKey createApiKey(String name, List<String> scopes) {
        CreatedApiKey created = apiKeys.create(name, scopes, clock.millis());
        audit.admin(actor, "api_key_created", "API key " + created.key().id() + " '" + created.key().name() + "' for "
                + created.key().scopes());
        return created;
    }

    /**
     * Revokes the key, and then every session it opened at login, as disabling a user revokes theirs: also
     * when the key already was revoked, so a revocation whose sessions the store refused is sent again.
     */
    public ApiKey revokeApiKey(String id) {
        ApiKey key = apiKeys.revoke(id, clock.millis());
        int revoked = revokeSessionsOpenedBy(id);
        audit.admin(actor, "api_key_revoked", "API key " + id + " '" + key.name() + "' revoked; " + revoked
                + " sessions revoked");
        return key;
    }

    /**
     * Revokes the live sessions of users deleted or disabled and of API keys revoked. Each of those is
     * stored before its sessions' revocations, and a signed call never looks at its user or key again:
     * a server killed between the two writes (or a store that refused the second, not sent again) left
     * the sessions live. Run at start; one store read per user or key at most.
     */
    void revokeSessionsOfEndedHolders() {
        Map<String, List<Session>> byUser = new HashMap<>();
        Map<String, List<Session>> byKey = new HashMap<>();
        for (Session s : sessions.all()) {
            byUser.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s);
            if (!s.apiKeyId().isEmpty()) byKey.computeIfAbsent(s.apiKeyId(), k -> new ArrayList<>()).add(s);
        }
        long now = clock.millis();
        byUser.forEach((user, held) -> {
            UserAccount account = users.get(user);
            if (account != null && !account.disabled()) return;
            int revoked = sessions.revokeStored(held, now, sessionStore::saveRevocations).size();
            if (revoked > 0) {
                audit.admin(actor, "user_sessions_revoked", "user " + user + (account == null ? " no longer exists" : " is disabled")
                        + ": " + revoked + " sessions a stop had left live revoked at start");
            }
        });
        byKey.forEach((keyId, opened) -> {
            if (apiKeys.stillLive(keyId)) return;
            int revoked = sessions.revokeStored(opened, now, sessionStore::saveRevocations).size();
            if (revoked > 0) {
                audit.admin(actor, "api_key_revoked", "API key " + keyId + " is revoked: " + revoked
                        + " sessions it opened that a stop had left live revoked at start");
            }
        });
    }

    private int revokeSessionsOpenedBy(String keyId) {
        // a cluster's other nodes opened sessions with the key this node never saw: take them in, then revoke all
        for (SessionRecord r : sessionStore.sessionsOpenedBy(keyId)) {
            if (r.revokedAt() == 0) sessions.adopt(r);
        }
        return sessions.revokeOpenedBy(keyId, clock.millis(), sessionStore::saveRevocations).size();
    }
}
