package dev.palisade.engine;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.admin.OperatorTokens;
import dev.palisade.engine.alert.AlertWatch;
import dev.palisade.engine.alert.LiveAlertSettings;
import dev.palisade.engine.auth.ApiKeyRing;
import dev.palisade.engine.auth.AuthFlow;
import dev.palisade.engine.auth.DebugTokens;
import dev.palisade.engine.auth.KdfGate;
import dev.palisade.engine.bootstrap.LoginPressure;
import dev.palisade.engine.auth.LoginThrottle;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.CallerRecord;
import dev.palisade.engine.bootstrap.WorkDifficulty;
import dev.palisade.engine.auth.PasswordHasher;
import dev.palisade.engine.auth.UserDirectory;
import dev.palisade.engine.blacklist.AddressSet;
import dev.palisade.engine.blacklist.AutoBlock;
import dev.palisade.engine.blacklist.Blacklist;
import dev.palisade.engine.bootstrap.BootstrapProof;
import dev.palisade.engine.check.BlacklistCheck;
import dev.palisade.engine.check.ApiKeyCheck;
import dev.palisade.engine.check.BootstrapCheck;
import dev.palisade.engine.check.PriceCheck;
import dev.palisade.engine.check.CredentialCheck;
import dev.palisade.engine.check.FingerprintCheck;
import dev.palisade.engine.check.FreshnessCheck;
import dev.palisade.engine.check.RateCheck;
import dev.palisade.engine.check.SequenceCheck;
import dev.palisade.engine.check.SessionPace;
import dev.palisade.engine.check.NonceCheck;
import dev.palisade.engine.check.SignatureCheck;
import dev.palisade.engine.check.SignerCheck;
import dev.palisade.engine.check.SessionCheck;
import dev.palisade.engine.check.TokenCheck;
import dev.palisade.engine.config.LiveProxyRoutes;
import dev.palisade.engine.config.LiveSettings;
import dev.palisade.engine.config.ProxyRoutes;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.EventHub;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.event.CallRollups;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.fingerprint.FingerprintBinding;
import dev.palisade.engine.fingerprint.FingerprintPolicy;
import dev.palisade.engine.fingerprint.LiveFingerprintPolicy;
import dev.palisade.engine.rate.LiveRateWindows;
import dev.palisade.engine.rate.RateLimiter;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.sequence.LiveSequenceRules;
import dev.palisade.engine.sequence.SequenceRule;
import dev.palisade.engine.session.KeyRing;
import dev.palisade.engine.session.Session;
import dev.palisade.engine.session.SessionPolicy;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SessionRegistry;
import dev.palisade.engine.session.TokenService;
import dev.palisade.engine.state.HotState;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.store.PreviousRun;
import dev.palisade.engine.store.Store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The protection engine, wired: settings, key ring, sessions, users, API keys, bootstrap proof,
 * the pipeline of checks and the event hub. Plain Java; HTTP adapters call {@link #protect},
 * {@link #auth()} and {@link #operator()}.
 */
public final class Engine implements AutoCloseable {

    private static final Logger LOG = System.getLogger(Engine.class.getName());
    private static final long MAINTENANCE_SECONDS = 5;
    private static final long RETENTION_EVERY_MILLIS = 3_600_000;
    /** Old events one maintenance run deletes at most (a few of the store's steps); the next runs delete the rest. */
    static final long RETENTION_ROWS_PER_RUN = 50_000;
    /** How long a stop waits, after the timer's 10 s, for a maintenance run still going before its own last one. */
    private static final long LAST_RUN_WAIT_SECONDS = 5;
    static final long UNCLEAN_ID_GAP = 1_000_000;

    private final Store store;
    private final Clock clock;
    private final long startedAt;
    private final dev.palisade.engine.signature.StartFloor startFloor;
    private final LiveSettings settings;
    private final SessionPace sessionPace;
    private final KeyRing keyRing;
    private final KeyRing salts;
    private final LiveFingerprintPolicy fingerprintPolicy;
    private final SessionRegistry sessions;
    private final UserDirectory users;
    private final ApiKeyRing apiKeys;
    private final BootstrapProof bootstrap;
    private final CallerRecord callers;
    private final WorkDifficulty difficulty;
    /** Nonces of signed calls refused while the cluster's store was away, spent once it answers (both pipelines). */
    private final dev.palisade.engine.state.UnspentNonces unspentNonces = new dev.palisade.engine.state.UnspentNonces();
    private final DebugTokens debugTokens;
    private final OperatorTokens operatorTokens;
    private final TrafficStats stats = new TrafficStats();
    private final RecentCalls recentCalls;
    private final CallRollups rollups;
    private final Blacklist blacklist;
    private final AutoBlock autoBlock;
    private final dev.palisade.engine.blacklist.RefusalMarks refusalMarks;
    private final LiveRateWindows rateWindows;
    private final RateLimiter rateLimiter;
    private final LiveSequenceRules sequenceRules;
    private final LiveProxyRoutes proxyRoutes;
    private final EventHub events;
    /** In a cluster, what carries events between this node and the others; null alone. */
    private final dev.palisade.engine.event.ClusterEvents clusterEvents;
    private final Audit audit;
    private final dev.palisade.engine.event.UpstreamRefusals upstreamRefusals;
    private final Pipeline pipeline;
    private final Pipeline signedLogout;
    private final SequenceCheck sequenceCheck;
    private final FingerprintBinding fingerprintBinding;
    private final AuthFlow auth;
    private final Operator operator;
    private final LiveAlertSettings alerts;
    private final AlertWatch alertWatch;
    private final ScheduledExecutorService maintenance;
    private final Meter meter;
    private final NonceStore nonces;
    /** A single node's; null on a cluster. */
    private final dev.palisade.engine.signature.NoncesAhead noncesAhead;
    private final HotState hotState;
    /** The sequence rules' calls: this node's, or every node's in a cluster. */
    private final dev.palisade.engine.state.CallMarks callMarks;
    /** A single node's sessions refused a fingerprint since the last maintenance run: written with it. */
    private final Checkpoints checkpoints;
    private final List<java.util.function.Consumer<String>> userDataHolders = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Whether the start's revocation of sessions whose user or key ended has been done (retried by maintenance until it is). */
    private volatile boolean endedHoldersChecked;
    private final LiveCounts liveCounts;
    private final java.util.concurrent.atomic.AtomicBoolean storeFailing = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastRetentionRun;
    /** Old events left to delete after a run's share: the next runs go on with them. */
    private boolean retentionUnfinished;
    /** When the retention last said how far it got, while behind. */
    private long retentionToldAt;
    /** Old events deleted since the retention's last report. */
    private long retentionRemoved;
    private final java.util.concurrent.locks.ReentrantLock maintaining = new java.util.concurrent.locks.ReentrantLock();

    /**
     * @param addresses builds the address sets the blacklist matches with (the HTTP layer's)
     */
    public Engine(Store store, Clock clock, EngineOptions options, AddressSet.Factory addresses) {
        this(store, clock, options, addresses, Meter.NONE);
    }

    /**
     * @param addresses builds the address sets the blacklist matches with (the HTTP layer's)
     * @param meter     counts decisions, logins and upstream failures as they happen
     */
    public Engine(Store store, Clock clock, EngineOptions options, AddressSet.Factory addresses, Meter meter) {
        this(store, clock, options, addresses, meter, new MemoryHotState());
    }

    /**
     * @param addresses builds the address sets the blacklist matches with (the HTTP layer's)
     * @param meter     counts decisions, logins and upstream failures as they happen
     * @param hotState  where nonces, page nonces and tickets live: memory, or a cluster's shared store;
     *                  the engine closes it
     */
    public Engine(Store store, Clock clock, EngineOptions options, AddressSet.Factory addresses, Meter meter,
                  HotState hotState) {
        this.store = store;
        this.hotState = hotState;
        dev.palisade.engine.state.CallerCounts callerCounts = hotState.callerCounts();
        this.callers = new CallerRecord(callerCounts);
        this.meter = meter;
        this.clock = clock;
        this.startedAt = clock.millis();
        this.settings = new LiveSettings(store);
        this.keyRing = new KeyRing(store, KeyRing.JWT, () -> settings.get().keyGrace().toMillis(), startedAt,
                hotState.shared());
        this.salts = new KeyRing(store, KeyRing.FINGERPRINT, () -> settings.get().keyGrace().toMillis(), startedAt,
                hotState.shared());
        this.fingerprintPolicy = new LiveFingerprintPolicy(store);
        FingerprintBinding fingerprints = new FingerprintBinding(salts, fingerprintPolicy);
        this.fingerprintBinding = fingerprints;
        this.sessions = new SessionRegistry(() -> settings.get().maxSessions(), this::sessionPolicy);
        this.sessions.restore(store.loadSessions());
        // a fingerprint refused before a restart is still there to accept (one accepted since is the bound one)
        store.loadRefusedFingerprints().forEach((id, refused) -> {
            Session s = sessions.get(id);
            if (s != null && !refused.equals(s.fingerprint())) s.refused(refused);
        });
        this.users = new UserDirectory(store, new PasswordHasher(options.passwordIterations()));
        this.apiKeys = new ApiKeyRing(store, hotState.shared());

        this.bootstrap = new BootstrapProof(settings, options.bootstrapCapacity(), hotState);
        PreviousRun previousRun = store.startRun();
        long lastEventId = store.lastEventId();
        // after a run that did not stop cleanly, ids it handed out may not be stored: a listener saw them, so none is
        // given to another event (a million is far more than a run hands out and does not write); the same holds
        // for the ids the server a backup was copied from handed out after the copy
        this.events = new EventHub(store, options.eventQueueCapacity(), previousRun == PreviousRun.CLEAN
                ? lastEventId : lastEventId + UNCLEAN_ID_GAP, hotState.node());
        this.recentCalls = new RecentCalls(options.recentCalls());
        this.rollups = new CallRollups(recentCalls, store);
        this.audit = new Audit(events, stats, recentCalls, settings, clock);
        this.upstreamRefusals = new dev.palisade.engine.event.UpstreamRefusals(audit, meter, clock);
        this.debugTokens = new DebugTokens(store, audit, clock, hotState.shared());
        this.operatorTokens = new OperatorTokens(store, audit, clock);
        this.blacklist = new Blacklist(store, addresses, startedAt);
        this.autoBlock = new AutoBlock(settings, blacklist, audit, hotState.denialCounts());
        this.refusalMarks = new dev.palisade.engine.blacklist.RefusalMarks(autoBlock, callers, fingerprintPolicy, addresses);
        this.rateWindows = new LiveRateWindows(store);
        this.rateLimiter = new RateLimiter(rateWindows);
        this.sequenceRules = new LiveSequenceRules(store, options.demoApi());
        this.proxyRoutes = new LiveProxyRoutes(store);
        NonceStore held = hotState.nonces(() -> settings.get().noncesPerSecond(),
                () -> settings.get().noncesPerSessionSecond());
        // a single node's nonces are in memory: those of signatures created ahead of its clock are kept across
        // a restart, which would otherwise accept them again (a cluster's shared store keeps its own)
        this.noncesAhead = hotState.shared() ? null : new dev.palisade.engine.signature.NoncesAhead(held, clock);
        if (noncesAhead != null) noncesAhead.restore(store.loadSpentNonces(Math.floorDiv(startedAt, 1000)));
        this.nonces = noncesAhead != null ? noncesAhead : held;
        this.startFloor = dev.palisade.engine.signature.StartFloor.of(startedAt,
                noncesAhead != null ? store.loadSignedThrough() : Long.MIN_VALUE, settings.get().signatureSkew().toSeconds());
        if (hotState.shared()) {
            // nonces this node kept for calls it refused while Redis was away, written before it stopped: spent now
            // (a node starts only once Redis answers), or else kept and refused here as replays until they are
            unspentNonces.restore(store.loadSpentNonces(Math.floorDiv(startedAt, 1000)
                    - dev.palisade.engine.config.Setting.SIGNATURE_SKEW.max() - 2));
            unspentNonces.spend(nonces, Integer.MAX_VALUE);
        }
        dev.palisade.engine.rate.ClusterRates clusterRates = hotState.rates() == null ? null
                : new dev.palisade.engine.rate.ClusterRates(rateWindows, hotState.rates());
        TokenService tokens = new TokenService(keyRing, options.issuer(), options.audience(),
                () -> settings.get().clockLeeway().toMillis());
        this.callMarks = hotState.callMarks();
        // what a sequence rule looks back to, as written before a restart (a cluster's shared state keeps its own)
        callMarks.restore(store.loadCallMarks(clock.millis() - dev.palisade.engine.state.CallMarks.KEEP_MILLIS));
        this.sequenceCheck = new SequenceCheck(sequenceRules, clock, callMarks);
        LoginPressure loginPressure = new LoginPressure(clock::millis);
        this.difficulty = new WorkDifficulty(settings, callers, sessions, loginPressure);
        this.sessionPace = new SessionPace(fingerprintPolicy, settings);
        this.pipeline = new Pipeline(List.of(
                new BlacklistCheck(blacklist),
                new CredentialCheck(),
                new TokenCheck(tokens, keyRing, sessions, store::findSession, clock),
                new ApiKeyCheck(apiKeys, clock),
                new SessionCheck(sessions, blacklist, clock),
                new BootstrapCheck(),
                new FreshnessCheck(settings, clock, startFloor.second(), startedAt),
                new SignatureCheck(),
                new NonceCheck(nonces, unspentNonces, hotState::catchingUp, hotState.nonceAndRates(() -> settings.get().noncesPerSecond(),
                        () -> settings.get().noncesPerSessionSecond()), clusterRates, sessionPace, sessions::revoke, audit, clock),
                // after the signature and the nonce: only the key's holder, once, may move the session's
                // binding, leave a fingerprint for an operator to accept, or learn what the binding holds
                new FingerprintCheck(fingerprints, audit),
                // after the fingerprint's refusals, which tell a stolen token apart: this one only prices a neighbour
                new PriceCheck(difficulty::addressBitsFor, clock),
                new RateCheck(rateLimiter, clusterRates, sessionPace, audit, clock),
                sequenceCheck));
        // a logout whose token no longer verifies: the session its signature names, proven by its key, once
        // (the session's state is told only to its key's holder: checked after the signature and the nonce)
        this.signedLogout = new Pipeline(List.of(
                new BlacklistCheck(blacklist),
                new SignerCheck(sessions, store::findSession),
                new FreshnessCheck(settings, clock, startFloor.second(), startedAt),
                new SignatureCheck(),
                new NonceCheck(nonces, unspentNonces, hotState::catchingUp, audit, clock),
                new SessionCheck(sessions, blacklist, clock)));
        // a user's live sessions name browsers of theirs under the salt and policy in force: at most the
        // newest few are hashed, and only for a login's throttle
        dev.palisade.engine.state.LoginFailures loginFailures = hotState.loginFailures();
        // a restart must not give a password guesser five free tries again (a cluster's shared state keeps its own)
        loginFailures.restore(store.loadLoginFailures(clock.millis() - LoginThrottle.WINDOW_MILLIS));
        // nor make a user's own browser, whose session ended, a stranger that waits with the guessers
        loginFailures.restoreKnown(store.loadKnownClients());
        this.checkpoints = new Checkpoints(store, sessions, callMarks, loginFailures);
        LoginThrottle loginThrottle = new LoginThrottle(loginFailures, (user, client) -> sessions.anyOfLast(user,
                LoginThrottle.KNOWN_CLIENTS, s -> s.fingerprint() != null
                        && Secrets.constantTimeEquals(client.getBytes(java.nio.charset.StandardCharsets.US_ASCII), // a MAC
                        Secrets.base64Url(fingerprints.reauthDigest(s.fingerprint())).getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        this.auth = new AuthFlow(bootstrap, difficulty, callers, debugTokens,
                loginThrottle, new KdfGate(Math.max(1, Runtime.getRuntime().availableProcessors()), 8, loginPressure), fingerprints, blacklist, refusalMarks, sequenceRules, users, apiKeys, sessions, store, tokens,
                settings, audit, meter, clock);
        this.operator = new Operator(sessions, store, users, apiKeys, keyRing, salts, settings, fingerprintPolicy,
                blacklist, rateWindows, sequenceRules, fingerprints, proxyRoutes, loginThrottle, checkpoints::writeLoginFailures,
                name -> userDataHolders.forEach(holder -> holder.accept(name)), audit, clock, Actor.OWNER);
        try {
            revokeSessionsOfEndedHolders();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Revoking the sessions of disabled or deleted users and revoked keys failed; the"
                    + " maintenance will try again", e);
        }
        this.alerts = new LiveAlertSettings(store, audit);
        this.alertWatch = AlertWatch.start(events, alerts, audit);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "palisade-maintenance");
            t.setDaemon(true);
            return t;
        });
        if (callerCounts != null) {
            this.maintenance.scheduleWithFixedDelay(callers::share, 200, 200, TimeUnit.MILLISECONDS);
        }
        this.liveCounts = new LiveCounts(stats, hotState.traffic(), sessions, store);
        if (liveCounts.clustered()) {
            this.maintenance.scheduleWithFixedDelay(this::shareTrafficQuietly, 1, 1, TimeUnit.SECONDS);
            this.maintenance.scheduleWithFixedDelay(this::followSavesQuietly, 1, 1, TimeUnit.SECONDS);
        }
        this.maintenance.scheduleWithFixedDelay(this::maintainQuietly, MAINTENANCE_SECONDS, MAINTENANCE_SECONDS,
                TimeUnit.SECONDS);
        this.clusterEvents = hotState.events() == null ? null
                : dev.palisade.engine.event.ClusterEvents.start(events, hotState.events(), store, audit);
        store.watchChanges(this::reload);
        // a shared store that lost its data gets back the sessions this node holds, used since or not
        store.watchLoss(() -> {
            audit.system("shared_state_lost", "Redis lost the cluster's data (restarted without persistence, restored from"
                    + " an older snapshot, or flushed): signatures made before this are refused as stale, and what the nodes"
                    + " hold is written back (a change made since an older snapshot was taken may come back as it was);"
                    + " run Redis with persistence");
            store.restoreSessions(sessions.records());
        });
        hotState.watch(problem -> {
            if (problem != null) {
                audit.system(Reason.STATE_UNAVAILABLE.code(), problem + "; signed calls, page loads and logins are"
                        + " refused with state_unavailable until it answers again");
            } else {
                audit.system("state_restored", "the cluster's shared state answers again");
            }
        });
        if (previousRun == PreviousRun.FROM_BACKUP) {
            audit.system("restored_backup", "started from a backup copy (--backup, put in place by --restore or by hand): what the server it was copied from did"
                    + " after the copy is not in it (events after id " + lastEventId + ", sessions, users and settings"
                    + " changed since); event ids go on after a gap, since that server may have handed out the next ones");
        } else if (previousRun == PreviousRun.UNCLEAN) {
            audit.system("unclean_stop", "the previous run did not stop cleanly (killed, or its machine stopped): events"
                    + " after id " + lastEventId + " and the calls counted per minute in its last moments may be lost,"
                    + " as may what changed in sessions, failed logins and call marks, and when API keys, debug tokens"
                    + " and operators were last used (and a debug token's count of uses), since its last checkpoint"
                    + " (a few seconds)");
        }
        if (startFloor.clockBehind() > 0) clockWentBack();
        audit.system("engine_started", sessions.size() + " sessions restored, " + users.list().size() + " users");
    }

    /**
     * Reads a part of the store again after another node of the cluster changed it.
     *
     * @throws RuntimeException when the store does not answer: the change feed tries again
     */
    private void reload(dev.palisade.engine.store.StoreChange change) {
        switch (change) {
            case SETTINGS -> {
                settings.reload();
                fingerprintPolicy.reload();
                sequenceRules.reload();
                proxyRoutes.reload();
                rateWindows.reload();
                alerts.reload();
            }
            case KEY_RINGS -> {
                keyRing.reload();
                salts.reload();
            }
            case USERS -> users.reload();
            case API_KEYS -> apiKeys.reload();
            case BLACKLIST -> blacklist.reload(clock.millis());
            case DEBUG_TOKENS -> debugTokens.reload();
            case OPERATOR_TOKENS -> operatorTokens.reload();
            case SESSIONS -> {
                store.newRevocations().forEach((id, at) -> sessions.revoke(id, at));
                for (String id : store.newRebinds()) {
                    // an operator accepted a new fingerprint on another node: this node's copy takes it too
                    Session local = sessions.get(id);
                    dev.palisade.engine.session.SessionRecord saved = local == null ? null : store.findSession(id);
                    if (saved != null && saved.fingerprint() != null) fingerprintBinding.rebind(local, saved.fingerprint());
                }
            }
        }
    }

    /** Sessions swept from memory whose rows the store refused to delete: deleted with the next maintenance. */
    private final java.util.Set<String> endedNotDeleted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Sessions saved on other nodes whose record this node could not read yet (Redis went away): read next time. */
    private final java.util.Set<String> toAdopt = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * In a cluster, every second: the sessions other nodes made are taken in (this node lists them too),
     * and those they served have their last use moved on here (so none looks idle here, or is swept).
     */
    private void followSavesQuietly() {
        try {
            store.newSaves().forEach((id, usedAt) -> {
                Session local = sessions.get(id);
                if (local == null) toAdopt.add(id);
                else if (usedAt >= 0) local.usedElsewhere(usedAt);
            });
            for (String id : toAdopt) {
                try {
                    if (sessions.get(id) == null) sessions.adopt(store.findSession(id));
                } catch (dev.palisade.engine.store.StoreException away) {
                    throw away;
                } catch (RuntimeException unreadable) {
                    // one record this node cannot read (a newer node's, a key sealed under another cluster key) must not
                    // keep it from the others saved after it (cluster audit 62, I3); a call with it adopts it, if it can
                    if (UNREADABLE_SESSIONS.first(id)) {
                        LOG.log(Level.WARNING, "A session saved by another node cannot be read here, and is not listed: "
                                + unreadable.getMessage());
                    }
                }
                toAdopt.remove(id);
            }
        } catch (RuntimeException e) {
            // Redis is away: the ids not read yet stay in toAdopt; the health and its event say so
        }
    }

    private static final FirstTimes UNREADABLE_SESSIONS = new FirstTimes();

    private void shareTrafficQuietly() {
        try {
            liveCounts.share(clock.millis());
        } catch (RuntimeException e) {
            // Redis is away: the health and the state_unavailable event say so; the next send makes it good
        }
    }

    /**
     * In a cluster, the fingerprint just refused goes where an operator on any node can accept it; a
     * single node writes it with its next checkpoint, so it can be accepted after a restart too.
     */
    private void shareRefused(Session session) {
        dev.palisade.engine.fingerprint.Fingerprint refused = session.refusedFingerprint();
        if (refused == null) return;
        if (!hotState.shared()) {
            checkpoints.refused(session);
            return;
        }
        try {
            store.shareRefusedFingerprint(session.id(), refused);
        } catch (RuntimeException e) {
            // the refusal stands; an operator on this node can still accept it
        }
    }

    /** A session policy and the settings it was made from: made again only when the settings change. */
    private record PolicyOfSettings(Settings settings, SessionPolicy policy) { }

    private volatile PolicyOfSettings policyInForce;

    /** Asked on every call (the session check), so not two {@code Duration}s and a policy each time. */
    private SessionPolicy sessionPolicy() {
        Settings now = settings.get();
        PolicyOfSettings last = policyInForce;
        if (last == null || last.settings() != now) {
            last = new PolicyOfSettings(now, new SessionPolicy(now.sessionIdleTtl(), now.sessionAbsoluteTtl()));
            policyInForce = last;
        }
        return last.policy();
    }

    /** Decides one call to the protected API, remembers it in its session and records the event. */
    public Verdict protect(ProtectedRequest request) {
        Verdict verdict = decide(pipeline, request);
        boolean cutShort = cutShort(verdict);
        // read again, not the call's instant: a session's history is kept in the order its calls end, newest last,
        // which its scans rely on, and a call that waited on Redis may end after one that began later (review 56)
        long now = clock.millis();
        Session session = request.session();
        if (session != null) {
            session.recordCall(now, request.method(), request.path(), verdict.reason());
            if (verdict.allowed()) sequenceCheck.allowed(request, session, now);
            // a fingerprint refused, for an operator on any node to accept (not a price: nothing to accept)
            else if (verdict.reason() == Reason.REAUTH_REQUIRED && !Denial.PRICE_CHECK.equals(verdict.check())) shareRefused(session);
        }
        audit.decision(request, verdict, now);
        meter.decision(verdict);
        // a body cut short is a flaky network's as often as anyone's: recorded, but no mark against the address
        if (!verdict.allowed() && !cutShort) markAgainst(request.clientIp(), verdict, now);
        return verdict;
    }

    /**
     * A protected call refused for its form before it could be decided ({@link dev.palisade.engine.event.Audit#refusedForForm}):
     * an event, and counted toward no block or price, as a malformed login is not (a developer's own client that
     * sends {@code fetch(url, {method: "patch"})} is refused alike).
     */
    public void refusedForForm(Reason reason, String method, String path, String clientIp, String why) {
        audit.refusedForForm(reason, method, path, clientIp, why);
    }

    /**
     * Counts a refusal against the caller's address, unless it tells of the server's state or the address is a
     * trusted proxy's ({@link dev.palisade.engine.blacklist.RefusalMarks}): towards its auto-block and its pages' price.
     */
    private void markAgainst(String clientIp, Verdict refused, long now) {
        refusalMarks.refused(clientIp, refused.reason(), refused.check(), now);
    }

    /**
     * {@code POST /auth/refresh}: a new token for a session that proves possession of its key. The
     * call passes the whole pipeline, signed like an API call, so a token without its key, or from
     * another client, gets no fresh token.
     *
     * @return the pipeline's refusal, or the new token with an allowing verdict
     */
    public Refreshed refresh(ProtectedRequest request, dev.palisade.engine.auth.ClientFacts client) {
        Verdict verdict = protect(request);
        return new Refreshed(verdict, verdict.allowed() ? auth.refresh(request.bearerToken(), client) : null);
    }

    /**
     * {@code POST /auth/logout}: ends the bearer token's session, or, when that token no longer verifies,
     * the session whose key signed the request, as a call is signed (docs/protocol.md, "Logout").
     */
    public void logout(ProtectedRequest request, dev.palisade.engine.auth.ClientFacts client) {
        auth.logout(request.bearerToken(), client, new AuthFlow.LogoutSigner() {
            @Override
            public Session signer(Denial tokenRefused) {
                if (request.header("signature-input") == null) throw tokenRefused; // unsigned: the token's refusal stands
                Verdict verdict = decide(signedLogout, request);
                boolean cutShort = cutShort(verdict);
                if (verdict.allowed() && request.session() != null) return request.session();
                if (verdict.allowed()) verdict = Verdict.deny(tokenRefused.reason(), "signer", tokenRefused.getMessage());
                // anyone may send one: refusals count against the address as a refused call's do, but for a
                // session that has ended already (browsers end kept sessions that went idle long ago) and a
                // body cut short (a flaky network's as often as anyone's)
                Reason reason = verdict.reason();
                if (!cutShort && reason != Reason.SESSION_EXPIRED && reason != Reason.SESSION_REVOKED) {
                    markAgainst(request.clientIp(), verdict, clock.millis());
                }
                throw new Denial(reason, verdict.explanation(), verdict.retryAfterSeconds());
            }

            @Override
            public Session named() { return request.session(); }

            @Override
            public String unproven(Session session) {
                if (request.header("signature-input") == null) return AuthFlow.LogoutSigner.UNSIGNED;
                Verdict verdict = decide(signedLogout, request); // a body over the limit or cut short: not verified
                boolean sameSession = request.session() != null && request.session().id().equals(session.id());
                // the nonce and the session's state are checked after the MAC (the store away while the nonce is
                // checked included): the keyid's session's key made this signature, whatever the later refusal
                boolean verified = verdict.allowed() || "nonce".equals(verdict.check()) || "session".equals(verdict.check());
                if (verified) return sameSession ? null : AuthFlow.LogoutSigner.OTHER_SESSION;
                Reason reason = verdict.reason();
                if (reason == Reason.BAD_SIGNATURE || reason == Reason.BAD_DIGEST || reason == Reason.MISSING_SIGNATURE) {
                    return AuthFlow.LogoutSigner.refused(reason);
                }
                // refused by its time (stale, check freshness) or before its MAC was looked at (blacklisted, an
                // unknown keyid): a thief's junk and a moved clock alike; told as not verified, never as the
                // client's own logout
                return AuthFlow.LogoutSigner.unverified(reason);
            }
        });
    }

    /** {@code pipeline}'s verdict on {@code request}; a body over the limit or cut short is a refusal of check {@code body}. */
    private static Verdict decide(Pipeline pipeline, ProtectedRequest request) {
        try {
            return pipeline.evaluate(request);
        } catch (BodyRefused e) {
            return Verdict.deny(e.reason(), "body", e.getMessage());
        }
    }

    /** Whether the body was cut short (a flaky network's as often as anyone's), not over the limit. */
    private static boolean cutShort(Verdict verdict) {
        return verdict.reason() == Reason.BAD_REQUEST && "body".equals(verdict.check());
    }

    /** A refresh's outcome: {@code token} is null when {@code verdict} refuses. */
    public record Refreshed(Verdict verdict, LoginResult token) {}

    /**
     * The admin listener refused the caller at {@code ip} (too many wrong tokens): an admin event, its actor
     * {@code palisade}, its {@code ip} the caller's, so a filter by address finds it.
     */
    public void adminRefused(String code, String ip, String detail) {
        audit.adminNotice(Actor.PALISADE, code, ip, detail); // queued as a refusal is: a caller chooses how many
    }

    /** A change the caller's role does not allow: see {@link Audit#roleRefused}. */
    public void adminForbidden(Actor actor, String call) {
        audit.roleRefused(actor, call);
    }

    /** A start stopped applying a configuration file half-way: a {@code config_incomplete} event says which. */
    public void configIncomplete(String detail) {
        audit.system("config_incomplete", detail);
    }

    /**
     * What the server around the engine found that the operator must see, as a system event (so the console shows
     * it, not only the log): at start, the owner's token file {@code owner_token_made} (it was missing in a data
     * directory a server ran in, and a new one was made) or {@code owner_token_exposed} (other users of the
     * machine may read it) or {@code secrets_exposed} (the database or a key file was open to them); as time passes, the served TLS certificate's {@code tls_certificate_expiring} and
     * {@code tls_certificate_expired}.
     */
    public void serverNotice(String code, String detail) {
        audit.system(code, detail);
    }

    /** Another process beats under this node's cluster id: a {@code node_id_shared} event says where. */
    public void nodeIdShared(String detail) {
        audit.system("node_id_shared", detail);
    }

    /**
     * The protected upstream's verifying middleware refused a call Palisade had allowed (reverse-proxy
     * mode), for {@code fault} as its answer names it (null when none): counted, and recorded.
     */
    public void upstreamRefused(String path, String fault) {
        upstreamRefusals.refused(path, fault);
    }

    /** The protected upstream API failed a call that Palisade had allowed (reverse-proxy mode). */
    public void upstreamFailed(Reason reason, String path, String detail) {
        meter.upstreamFailure(reason);
        audit.system(reason.code(), path + ": " + detail);
    }

    /**
     * The server's health, read now: the database answers a read, and the event queue has room. Never
     * throws. The database's and the queue's problems are in words fit for an unauthenticated caller;
     * the shared state's names Redis's address and error, for the cluster view (the public health check
     * shows its own words for it).
     */
    public Health health() {
        boolean storeAnswers = true;
        try {
            this.store.ping();
            storeFailing.set(false);
        } catch (RuntimeException e) {
            // probed every few seconds by load balancers: logged when it starts failing, not at every probe
            if (!storeFailing.getAndSet(true)) LOG.log(Level.ERROR, "The health check finds the database failing", e);
            storeAnswers = false;
        }
        // asked once: it pings Redis, which waits out its time-out while Redis hangs
        String shared = hotState.shared() ? hotState.problem() : null;
        // on a cluster node the store is Redis's too: a full disk was the wrong lead while Redis was away
        String store = storeAnswers ? null : shared != null
                ? "the cluster's shared store does not answer (see shared_state); the server log says more"
                : "the database does not answer, or a write to it failed lately (a full disk, a read-only file system);"
                + " the server log says more";
        int depth = events.queueDepth();
        int capacity = events.queueCapacity();
        String queue = events.writerStopped()
                ? "the event writer stopped (the server log says why): no event is stored any more; restart the server"
                : depth < capacity ? null : "the event queue is full (" + depth + " of " + capacity
                + " events wait for the database writer); the events of new calls are dropped";
        List<Health.Check> checks = new java.util.ArrayList<>(List.of(new Health.Check(Health.STORE, store),
                new Health.Check(Health.EVENT_QUEUE, queue)));
        if (hotState.shared()) checks.add(new Health.Check(Health.SHARED_STATE, shared));
        return new Health(checks);
    }

    /**
     * How full the nonce store is, read now: the nonces held for the seconds inside the skew window, and
     * the fullest of those seconds against the most one second may hold (at 1 that second refuses new
     * signed calls with {@code nonce_store_full}). Walks the window once; for scrapes, not the request path.
     */
    public NonceFill nonceFill() {
        long now = Math.floorDiv(clock.millis(), 1000);
        long skew = settings.get().signatureSkew().toSeconds();
        long held = 0;
        int fullest = 0;
        try {
            for (long s = now - skew; s <= now + skew; s++) {
                int n = nonces.size(s);
                held += n;
                fullest = Math.max(fullest, n);
            }
        } catch (dev.palisade.engine.state.StateUnavailableException e) {
            // a shared store that does not answer: what was counted so far; the health check names the outage
        }
        return new NonceFill(held, fullest, settings.get().noncesPerSecond());
    }

    /**
     * @param held          nonces held for the seconds of the skew window
     * @param fullestSecond nonces of the fullest of those seconds
     * @param perSecond     the most one second may hold
     */
    public record NonceFill(long held, int fullestSecond, int perSecond) {
        public double ratio() { return perSecond <= 0 ? 0 : (double) fullestSecond / perSecond; }
    }

    /**
     * Sweeps expired sessions, nonces and tickets, writes changed sessions, call marks and key use times, and
     * applies event retention. Runs every few seconds and once more at close.
     */
    public void maintain() {
        // one run at a time: two overlapping runs wrote checkpoints out of order (audit 61, L2)
        maintaining.lock();
        try {
            maintainAlone();
        } finally {
            maintaining.unlock();
        }
    }

    private void maintainAlone() {
        long now = clock.millis();
        // each step runs whatever failed before it (a store that keeps refusing, a full disk, must not
        // stop the sweeps of what lives in memory alone); the first failure is thrown at the end
        MaintenanceSteps run = new MaintenanceSteps();
        // seconds behind the skew window (and 2 s more for calls in flight) hold only dead nonces
        long deadBefore = Math.floorDiv(now, 1000) - settings.get().signatureSkew().toSeconds() - 2;
        run.step(() -> nonces.forgetBefore(deadBefore));
        run.step(() -> {
            unspentNonces.forgetBefore(deadBefore);
            unspentNonces.spend(nonces, Integer.MAX_VALUE); // a node that decides no signed call meanwhile spends them too
        });
        if (noncesAhead != null) run.step(() -> noncesAhead.write(store, deadBefore));
        if (hotState.shared()) run.step(() -> unspentNonces.write(store, deadBefore));
        run.step(() -> callMarks.sweep(now));
        run.step(() -> {
            List<String> gone = sessions.sweep(now);
            if (!gone.isEmpty()) callMarks.forget(gone);
            // those the store refused to delete last time too: gone from memory, they are swept no more
            List<String> ended = new java.util.ArrayList<>(gone);
            ended.addAll(endedNotDeleted);
            if (ended.isEmpty()) return;
            var policy = sessions.policy();
            try {
                store.deleteEnded(ended, now - policy.idleTtl().toMillis(), now - policy.absoluteTtl().toMillis());
                store.deleteCallMarksOf(ended);
                endedNotDeleted.removeAll(ended);
            } catch (RuntimeException e) {
                endedNotDeleted.addAll(gone);
                throw e;
            }
        });
        // a revocation or a call count must not be lost with a write, and an order after a restart must
        // still find the look at the cart: what the store refuses is written next time (Checkpoints)
        if (!endedHoldersChecked) run.step(this::revokeSessionsOfEndedHolders);
        run.step(checkpoints::writeSessions);
        run.step(checkpoints::writeCallMarks);
        run.step(checkpoints::writeRefusedFingerprints);
        run.step(() -> keyRing.buryEnded(now));
        run.step(() -> salts.buryEnded(now));
        run.step(() -> bootstrap.sweep(now));
        run.step(() -> blacklist.expire(now));
        run.step(() -> autoBlock.sweep(now));
        run.step(() -> callers.sweep(now));
        run.step(() -> auth.sweepThrottles(now));
        run.step(auth::releaseHeldPlaces);
        run.step(checkpoints::writeLoginFailures);
        run.step(debugTokens::flushUses);
        run.step(operatorTokens::flushUses);
        run.step(() -> rateLimiter.sweep(now));
        run.step(apiKeys::flushLastUsed);
        run.step(() -> rollups.run(now));
        boolean due = now - lastRetentionRun >= RETENTION_EVERY_MILLIS;
        if (due) {
            lastRetentionRun = now;
            run.step(() -> store.deleteRollupsBefore(now - settings.get().eventRetention().toMillis()));
            run.step(() -> store.deleteCallMarksBefore(now - dev.palisade.engine.state.CallMarks.KEEP_MILLIS));
            // older ones are never read again (a start reads those created after it): only their room is given back
            run.step(() -> store.deleteSpentNoncesBefore(deadBefore));
        }
        // a few steps a run (durability audit 61, L2): a retention shortened after a flood held the checkpoints of one
        // run for as long as millions of rows took, and a crash meanwhile lost all they had not written
        if (due || retentionUnfinished) run.step(() -> {
            long deleted = store.deleteEventsBefore(now - settings.get().eventRetention().toMillis(), RETENTION_ROWS_PER_RUN);
            if (!retentionUnfinished) retentionToldAt = now; // behind from this run on, if it is
            retentionUnfinished = deleted >= RETENTION_ROWS_PER_RUN;
            retentionRemoved += deleted;
            if (!retentionUnfinished && retentionRemoved > 0) {
                LOG.log(Level.INFO, "Event retention removed {0} old events", retentionRemoved);
                retentionRemoved = 0;
            } else if (retentionUnfinished && now - retentionToldAt >= RETENTION_EVERY_MILLIS) {
                // a flood heavier than the deletions keeps it behind: said once an hour, not only once it catches up
                LOG.log(Level.INFO, "Event retention is still behind: {0} old events removed in the last hour, at most {1}"
                        + " a run; the events table grows meanwhile", retentionRemoved, RETENTION_ROWS_PER_RUN);
                retentionRemoved = 0;
                retentionToldAt = now;
            }
        });
        run.done();
    }

    /** Says that the clock went back across the restart, and what it costs signed calls (audit 61, L4). */
    private void clockWentBack() {
        String detail = "this server's clock is at least " + startFloor.clockBehind() + " s behind its previous run's: a"
                + " restart forgets used nonces, so signed calls created before " + java.time.Instant.ofEpochSecond(startFloor.second())
                + " are refused as stale until then (palisade.js signs again)"
                + (startFloor.capped() ? "; the clock went back further than the signature skew window, so a call that run"
                        + " accepted, created later than that, may be accepted once more when this clock reaches it" : "");
        LOG.log(Level.WARNING, detail);
        audit.system("clock_went_back", detail);
    }

    /**
     * At start: the sessions a stop left live after their user's disable or delete or their key's
     * revocation (Operator). A store that refuses: the next maintenance runs tries again.
     */
    private void revokeSessionsOfEndedHolders() {
        operator.as(Actor.PALISADE).revokeSessionsOfEndedHolders();
        endedHoldersChecked = true;
    }

    /**
     * The stop's last run, once a timer's run still going (its store stuck) has ended; a stop does not wait for one that
     * does not end within a few seconds more (review 61, L5): what it would have written is what a crash loses.
     */
    private void lastMaintenance() {
        try {
            if (!maintaining.tryLock(LAST_RUN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "The last maintenance run was left out: a run still writing after "
                        + (10 + LAST_RUN_WAIT_SECONDS) + " s; the sessions and counts changed since it began are not written");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            maintainQuietly();
        } finally {
            maintaining.unlock();
        }
    }

    private void maintainQuietly() {
        try {
            maintain();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Maintenance failed; will retry", e);
        }
    }

    /**
     * Data kept by user name outside the engine (the demo API's): {@code forget} deletes a user's rows
     * when the user is deleted, before the account goes (a failure leaves the user to delete again).
     */
    public void whenUserDeleted(java.util.function.Consumer<String> forget) {
        userDataHolders.add(forget);
    }

    public AuthFlow auth() { return auth; }
    /**
     * The admin operations, acting for {@code actor}, who is named in every event they write.
     *
     * @throws Denial {@code forbidden_role} for an actor who may only read
     */
    public Operator operator(Actor actor) {
        actor.mustChange();
        return operator.as(actor);
    }

    public OperatorTokens operatorTokens() { return operatorTokens; }
    /** The alert settings (GET and PUT {@code /admin/alerts}); their changes name their actor. */
    public LiveAlertSettings alerts() { return alerts; }
    public SessionRegistry sessions() { return sessions; }

    /** How much of its session windows each session may use: what the rate checks hold it to. */
    public SessionPace sessionPace() { return sessionPace; }
    public UserDirectory users() { return users; }
    public Blacklist blacklist() { return blacklist; }
    public List<RateWindow> rateWindows() { return rateWindows.get(); }
    public List<SequenceRule> sequenceRules() { return sequenceRules.get(); }
    public ProxyRoutes proxyRoutes() { return proxyRoutes.get(); }
    public ApiKeyRing apiKeys() { return apiKeys; }
    public DebugTokens debugTokens() { return debugTokens; }
    public KeyRing keyRing() { return keyRing; }
    public KeyRing fingerprintSalts() { return salts; }
    public FingerprintPolicy fingerprintPolicy() { return fingerprintPolicy.get(); }
    public Settings settings() { return settings.get(); }

    /** What a client page served to {@code ip} asks now, term by term ({@code GET /admin/price}). */
    public WorkDifficulty.Price priceFor(String ip) { return difficulty.priceFor(ip, clock.millis()); }
    public TrafficStats stats() { return stats; }
    public LiveCounts liveCounts() { return liveCounts; }

    /** In a cluster, this node's events the others never got (Redis was away longer than the backlog lasts); 0 alone. */
    public long eventsUnshared() { return clusterEvents == null ? 0 : clusterEvents.unsent(); }
    public RecentCalls recentCalls() { return recentCalls; }
    public CallRollups rollups() { return rollups; }
    public EventHub events() { return events; }
    public Pipeline pipeline() { return pipeline; }
    public BootstrapProof bootstrap() { return bootstrap; }
    public Clock clock() { return clock; }
    public long startedAt() { return startedAt; }

    /** Stops the timer, saves sessions, and writes every queued event before returning. */
    @Override
    public void close() {
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lastMaintenance();
        if (liveCounts.clustered()) shareTrafficQuietly(); // the last calls' counts too
        try {
            rollups.flush(clock.millis()); // the minute in progress too: a restart adds to the same rows
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write the last call rollups", e);
        }
        alertWatch.close();
        audit.system("engine_stopped", "clean stop");
        if (clusterEvents != null) clusterEvents.close(); // sends this node's last events, engine_stopped too
        events.close();
        try {
            // only once every event is written: the next start gives the ids on from the last one
            if (events.closedWhole()) store.stoppedCleanly();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not mark the run stopped cleanly; the next start will say it was not", e);
        }
        hotState.close();
    }
}
