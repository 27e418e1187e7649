package dev.palisade.state.redis;

import dev.palisade.engine.admin.OperatorToken;
import dev.palisade.engine.auth.ApiKey;
import dev.palisade.engine.auth.DebugToken;
import dev.palisade.engine.auth.HolderName;
import dev.palisade.engine.auth.UserAccount;
import dev.palisade.engine.blacklist.BlacklistEntry;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.Rollup;
import dev.palisade.engine.session.SessionRecord;
import dev.palisade.engine.session.SigningKey;
import dev.palisade.engine.store.Store;
import dev.palisade.engine.store.StoreChange;
import dev.palisade.engine.store.StoreException;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.ScriptOutputType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A cluster node's {@link Store}: what every node must agree on (users, API keys, key rings and salts,
 * settings and everything kept in them, the blacklist, debug and operator tokens, sessions) in Redis,
 * shared; what is the node's own for now (events, rollups) in its SQLite file. Every shared write
 * is announced on the change feed, so the other nodes read that part again.
 */
public final class ClusterStore implements Store {

    private static final String SETTINGS = "settings";

    private final RedisLink link;
    private final Store local;
    private final ClusterKey key;
    private final ChangeFeed feed;
    private static final System.Logger LOG = System.getLogger(ClusterStore.class.getName());
    /** The cluster's key check as this node found it at its start: taken back from a node with another key. */
    private volatile String keyCheck;
    /** What this node read of each shared part: written back when Redis lost it. */
    private final KeptCopies kept;
    private volatile boolean closed;
    private final SharedRecords<UserAccount> users;
    private final SharedRecords<ApiKey> apiKeys;
    private final SharedRecords<BlacklistEntry> blacklist;
    private final SharedRecords<DebugToken> debugTokens;
    private final SharedRecords<OperatorToken> operatorTokens;
    private final SharedSessions sessions;
    private final List<Runnable> lossWatchers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Sessions written back in one step after a loss: 100 000 of them go in a hundred, none blocking Redis long. */
    private static final int SESSIONS_A_RESTORE = 1_000;

    ClusterStore(RedisLink link, Store local, ClusterKey key, ChangeFeed feed) {
        this.link = link;
        this.local = local;
        this.key = key;
        this.feed = feed;
        this.kept = new KeptCopies(feed::onTheFeed);
        feed.onLoss(new ChangeFeed.Restorer() {
            @Override
            public boolean keeps(StoreChange part) { return kept.keeps(part); }

            @Override
            public void writeBack() {
                kept.writeBackMarks(link, link.key("founded"));
                for (StoreChange part : StoreChange.values()) kept.writeBack(link, part);
                reclaimKeyCheck();
            }

            @Override
            public void writeBackHeld() {
                for (Runnable watcher : lossWatchers) watcher.run();
            }
        });
        this.sessions = new SharedSessions(link, key);
        this.users = new SharedRecords<>(link, "users", UserAccount.class, Comparator.comparing(UserAccount::username), null,
                StoreChange.USERS, kept);
        this.apiKeys = new SharedRecords<>(link, "api-keys", ApiKey.class,
                Comparator.comparingLong(ApiKey::createdAt).thenComparing(ApiKey::id),
                (k, c) -> new ApiKey(k.id(), k.name(), k.scopes(), k.secretHash(), k.createdAt(), c.revokedAt(), c.lastUsedAt()),
                StoreChange.API_KEYS, kept);
        this.blacklist = new SharedRecords<>(link, "blacklist", BlacklistEntry.class,
                Comparator.comparingLong(BlacklistEntry::createdAt).thenComparing(BlacklistEntry::id), null,
                StoreChange.BLACKLIST, kept);
        this.debugTokens = new SharedRecords<>(link, "debug-tokens", DebugToken.class,
                Comparator.comparingLong(DebugToken::createdAt).thenComparing(DebugToken::id),
                (t, c) -> new DebugToken(t.id(), t.name(), t.secretHash(), t.createdAt(), t.expiresAt(), c.revokedAt(),
                        c.lastUsedAt(), c.uses()),
                StoreChange.DEBUG_TOKENS, kept);
        this.operatorTokens = new SharedRecords<>(link, "operator-tokens", OperatorToken.class,
                Comparator.comparingLong(OperatorToken::createdAt).thenComparing(OperatorToken::id),
                (t, c) -> new OperatorToken(t.id(), t.name(), t.role(), t.secretHash(), t.createdAt(), c.revokedAt(),
                        c.lastUsedAt()),
                StoreChange.OPERATOR_TOKENS, kept);
    }

    // ---- shared: users

    @Override
    public List<UserAccount> listUsers() { return shared(users::list); }

    @Override
    public boolean insertUser(UserAccount user) { return announced(StoreChange.USERS, () -> users.insertNewUnlessTakenByCase(user.username(), user)); }

    @Override
    public boolean deleteUser(String username) { return announced(StoreChange.USERS, () -> users.delete(username)); }

    @Override
    public boolean updateUser(UserAccount expected, UserAccount next) {
        return announced(StoreChange.USERS, () -> users.replaceIf(next.username(), next,
                "passwordHash", expected.passwordHash(), "disabled", Boolean.toString(expected.disabled())));
    }

    @Override
    public UserAccount findUser(String username) { return shared(() -> users.find(username)); }

    @Override
    public ApiKey findApiKey(String id) { return shared(() -> apiKeys.find(id)); }

    @Override
    public DebugToken findDebugToken(String id) { return shared(() -> debugTokens.find(id)); }

    @Override
    public OperatorToken findOperatorToken(String id) { return shared(() -> operatorTokens.find(id)); }

    // ---- shared: API keys

    @Override
    public List<ApiKey> listApiKeys() { return shared(apiKeys::list); }

    @Override
    public boolean insertApiKey(ApiKey k) { return announced(StoreChange.API_KEYS, () -> apiKeys.insertNewUnlessNameLive(k.id(), k, k.name(), null)); }

    @Override
    public boolean revokeApiKey(String id, long at) { return announced(StoreChange.API_KEYS, () -> apiKeys.revoke(id, at, false)); }

    @Override
    public void touchApiKeys(Map<String, Long> lastUsed) { shared(() -> { apiKeys.touch(null, uses(lastUsed)); return null; }); }

    // ---- shared: debug and operator tokens

    @Override
    public List<DebugToken> listDebugTokens() { return shared(debugTokens::list); }

    @Override
    public void insertDebugToken(DebugToken t) { announced(StoreChange.DEBUG_TOKENS, () -> { debugTokens.put(t.id(), t); return true; }); }

    @Override
    public boolean revokeDebugToken(String id, long at) {
        return announced(StoreChange.DEBUG_TOKENS, () -> debugTokens.revoke(id, at, true));
    }

    @Override
    public void touchDebugTokens(String batch, Map<String, long[]> uses) { shared(() -> { debugTokens.touch(batch, uses); return null; }); }

    @Override
    public List<OperatorToken> listOperatorTokens() { return shared(operatorTokens::list); }

    @Override
    public boolean insertOperatorToken(OperatorToken t) {
        return announced(StoreChange.OPERATOR_TOKENS, () -> operatorTokens.insertNewUnlessNameLive(t.id(), t, t.name(),
                HolderName.folded(t.name())));
    }

    @Override
    public boolean revokeOperatorToken(String id, long at) {
        return announced(StoreChange.OPERATOR_TOKENS, () -> operatorTokens.revoke(id, at, true));
    }

    @Override
    public void touchOperatorTokens(Map<String, Long> lastUsed) { shared(() -> { operatorTokens.touch(null, uses(lastUsed)); return null; }); }

    // ---- shared: key rings, sealed with the cluster key

    @Override
    public List<SigningKey> loadSigningKeys(String ring) {
        String hash = link.key("key-ring:" + ring);
        return shared(() -> {
            List<SigningKey> keys = new ArrayList<>();
            Map<String, String> stored = link.call("read a key ring", r -> r.hgetall(hash));
            kept.remember(StoreChange.KEY_RINGS, hash, stored);
            stored.forEach((kid, json) -> keys.add(openKey(hash, kid, json)));
            keys.sort(Comparator.comparingLong(SigningKey::createdAt).thenComparing(SigningKey::kid));
            return keys;
        });
    }

    @Override
    public void saveSigningKeys(String ring, List<SigningKey> keys) {
        if (keys.isEmpty()) return;
        String hash = link.key("key-ring:" + ring);
        Map<String, String> fields = sealed(hash, keys);
        // one HSET of every field: a node reloading on the announcement never reads a ring half-rotated
        announced(StoreChange.KEY_RINGS, () -> link.write("write a key ring", (r, by) -> HSET.<Long>runBy(by, r,
                ScriptOutputType.INTEGER, new String[] {hash}, pairs(fields))));
    }

    /** KEYS: the ring; ARGV: kid, record, kid, record… Written, in one HSET, only if it holds every current kid. */
    private static final LuaScript ROTATE = LuaScript.deadlined("""
            local writing = {}
            for i = 1, #ARGV, 2 do writing[ARGV[i]] = true end
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              if cjson.decode(all[i + 1]).retiredAt == 0 and not writing[all[i]] then return 0 end
            end
            if #ARGV > 0 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
            return 1
            """);

    @Override
    public boolean saveRotation(String ring, List<SigningKey> keys) {
        String hash = link.key("key-ring:" + ring);
        List<String> args = new ArrayList<>();
        sealed(hash, keys).forEach((kid, record) -> {
            args.add(kid);
            args.add(record);
        });
        boolean stored = shared(() -> link.write("rotate a key ring", (r, by) -> ROTATE.<Long>runBy(by, r,
                ScriptOutputType.INTEGER, new String[] {hash}, args.toArray(String[]::new)))) == 1;
        if (stored) feed.announce(StoreChange.KEY_RINGS);
        return stored;
    }

    /** KEYS: a hash; ARGV: field, value, field, value… One HSET, made only until its deadline. */
    private static final LuaScript HSET = LuaScript.deadlined("""
            if #ARGV > 0 then redis.call('HSET', KEYS[1], unpack(ARGV)) end
            return 0
            """);

    private static String[] pairs(Map<String, String> fields) {
        String[] out = new String[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out[i++] = f.getKey();
            out[i++] = f.getValue();
        }
        return out;
    }

    /** Each key's record as stored, its secret sealed with the cluster key, by kid. */
    private Map<String, String> sealed(String hash, List<SigningKey> keys) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (SigningKey k : keys) {
            Map<String, Object> stored = Map.of("kid", k.kid(), "createdAt", k.createdAt(), "retiredAt", k.retiredAt(),
                    "secret", key.seal(k.secret(), hash + "/" + k.kid()));
            try {
                fields.put(k.kid(), SharedRecords.JSON.writeValueAsString(stored));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return fields;
    }

    private SigningKey openKey(String hash, String kid, String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = SharedRecords.JSON.readTree(json);
            return new SigningKey(kid, key.open(n.get("secret").asText(), hash + "/" + kid), n.get("createdAt").asLong(),
                    n.get("retiredAt").asLong());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a signing key in Redis is not what this version writes", e);
        }
    }

    // ---- shared: settings (and what lives in them: windows, rules, policy, routes, alerts)

    @Override
    public Map<String, String> loadSettings() {
        return shared(() -> {
            Map<String, String> stored = link.call("read the settings", r -> r.hgetall(link.key(SETTINGS)));
            kept.remember(StoreChange.SETTINGS, link.key(SETTINGS), stored);
            return new HashMap<>(stored);
        });
    }

    @Override
    public void saveSettings(Map<String, String> settings) {
        if (settings.isEmpty()) return;
        announced(StoreChange.SETTINGS, () -> link.write("write the settings", (r, by) -> HSET.<Long>runBy(by, r,
                ScriptOutputType.INTEGER, new String[] {link.key(SETTINGS)}, pairs(settings))));
    }

    // ---- shared: the blacklist

    @Override
    public List<BlacklistEntry> listBlacklist() { return shared(blacklist::list); }

    @Override
    public BlacklistEntry findBlacklist(String id) { return shared(() -> blacklist.find(id)); }

    @Override
    public void insertBlacklist(Collection<BlacklistEntry> entries) {
        if (entries.isEmpty()) return;
        announced(StoreChange.BLACKLIST, () -> {
            for (BlacklistEntry e : entries) blacklist.put(e.id(), e);
            return true;
        });
    }

    @Override
    public boolean deleteBlacklist(String id) { return announced(StoreChange.BLACKLIST, () -> blacklist.delete(id)); }

    /**
     * Not announced: every node drops an expired entry by its own time, and each announcement made every node read
     * the whole list again (each node deleting each expired entry, announced, was the nodes' number squared of reads).
     */
    @Override
    public void deleteExpiredBlacklist(String id) { shared(() -> blacklist.delete(id)); }

    // ---- shared: sessions (each node keeps its own copy of those its clients call; revocations are announced)

    @Override
    public List<SessionRecord> loadSessions() { return shared(sessions::loadAll); }

    @Override
    public void saveSessions(Collection<SessionRecord> records) {
        if (records.isEmpty()) return;
        if (shared(() -> sessions.save(records))) feed.announce(StoreChange.SESSIONS); // a failed one is retried
    }

    @Override
    public void saveOpened(SessionRecord opened) { shared(() -> { sessions.saveOpened(opened); return null; }); }

    @Override
    public void saveRevocations(Collection<SessionRecord> revoked) {
        if (revoked.isEmpty()) return;
        shared(() -> sessions.save(revoked));
        // also when stored already: a revocation sent again after its reply was lost was never announced
        feed.announce(StoreChange.SESSIONS);
    }

    @Override
    public void watchLoss(Runnable lost) { lossWatchers.add(lost); }

    @Override
    public void restoreSessions(Collection<SessionRecord> held) {
        List<SessionRecord> all = List.copyOf(held);
        boolean revoked = false;
        for (int from = 0; from < all.size(); from += SESSIONS_A_RESTORE) {
            List<SessionRecord> chunk = all.subList(from, Math.min(all.size(), from + SESSIONS_A_RESTORE));
            revoked |= shared(() -> sessions.restore(chunk));
        }
        if (revoked) feed.announce(StoreChange.SESSIONS);
    }

    @Override
    public void shareRefusedFingerprint(String sessionId, dev.palisade.engine.fingerprint.Fingerprint refused) {
        shared(() -> { sessions.refused(sessionId, refused); return null; });
    }

    @Override
    public dev.palisade.engine.fingerprint.Fingerprint refusedFingerprint(String sessionId) {
        return shared(() -> sessions.refused(sessionId));
    }

    @Override
    public void announceRebind(String sessionId) {
        shared(() -> { sessions.rebound(sessionId); return null; });
        feed.announce(StoreChange.SESSIONS); // a failed one is retried
    }

    @Override
    public List<String> newRebinds() { return shared(sessions::newRebinds); }

    @Override
    public dev.palisade.engine.store.SessionHold holdSession(String ip, String user, long idleBefore, long createdBefore,
                                                            int perIp, int perUser, long now, long holdUntil) {
        return shared(() -> sessions.hold(ip, user, idleBefore, createdBefore, perIp, perUser, now, holdUntil));
    }

    @Override
    public void releaseSession(dev.palisade.engine.store.SessionHold hold) {
        if (hold.held()) shared(() -> { sessions.release(hold); return null; });
    }

    @Override
    public dev.palisade.engine.store.SessionCount countSessions(long idleBefore) {
        return shared(() -> sessions.count(idleBefore));
    }

    @Override
    public void deleteSessions(Collection<String> ids) { shared(() -> { sessions.delete(ids); return null; }); }

    @Override
    public void deleteEnded(Collection<String> ids, long idleBefore, long createdBefore) {
        shared(() -> { sessions.deleteEnded(ids, idleBefore, createdBefore); return null; });
    }

    @Override
    public SessionRecord findSession(String id) { return shared(() -> sessions.find(id)); }

    @Override
    public Map<String, Long> newSaves() { return shared(sessions::newSaves); }

    @Override
    public Map<String, Long> newRevocations() { return shared(sessions::newRevocations); }

    @Override
    public List<SessionRecord> sessionsOf(String user) {
        return shared(() -> sessions.loadAll().stream().filter(r -> r.user().equals(user)).toList());
    }

    @Override
    public List<SessionRecord> sessionsOpenedBy(String apiKeyId) {
        return shared(() -> sessions.loadAll().stream().filter(r -> r.apiKeyId().equals(apiKeyId)).toList());
    }

    // ---- the node's own (for now): events, rollups

    @Override
    public long lastEventId() { return local.lastEventId(); }

    @Override
    public void appendEvents(List<Event> batch) { local.appendEvents(batch); }

    @Override
    public void appendEventsDurably(List<Event> batch) { local.appendEventsDurably(batch); }

    @Override
    public void appendMirrored(List<Event> batch, String position) { local.appendMirrored(batch, position); }

    @Override
    public String mirrorPosition() { return local.mirrorPosition(); }

    @Override
    public List<Event> queryEvents(EventQuery query) { return local.queryEvents(query); }

    @Override
    public long countEvents(EventQuery query) { return local.countEvents(query); }

    @Override
    public Map<Long, Long> refusalSeries(long from, long to, long step) { return local.refusalSeries(from, to, step); }

    @Override
    public List<Rollup.Total> topRefusals(String column, long from, long to, int limit) {
        return local.topRefusals(column, from, to, limit);
    }

    @Override
    public long deleteEventsBefore(long epochMillis, long mostRows) { return local.deleteEventsBefore(epochMillis, mostRows); }

    @Override
    public void addRollups(List<Rollup> rows) { local.addRollups(rows); }

    @Override
    public List<Rollup.Total> topRollups(Rollup.Dimension dimension, long from, long to, int limit) {
        return local.topRollups(dimension, from, to, limit);
    }

    @Override
    public dev.palisade.engine.store.PreviousRun startRun() { return local.startRun(); }

    @Override
    public void stoppedCleanly() { local.stoppedCleanly(); }

    @Override
    public List<Rollup.Total> rollupsOf(Rollup.Dimension dimension, long from, long to, java.util.Collection<String> keys) {
        return local.rollupsOf(dimension, from, to, keys);
    }

    @Override
    public Map<Long, Long> rollupSeries(long from, long to, long step) { return local.rollupSeries(from, to, step); }

    @Override
    public long deleteRollupsBefore(long epochMillis) { return local.deleteRollupsBefore(epochMillis); }

    // ---- shared: the upstream key and the configuration file's seed

    /**
     * Gives a new cluster what every new installation starts with (the usual suspects' blacklist entries), once,
     * unless running nodes write back a cluster whose Redis lost its data ({@link Founding}): they may take as long
     * as their claim's lease to bring the founding mark back.
     */
    void found() {
        new Founding(link, feed, Founding.CLAIM_WAIT, java.time.Duration.ofMillis(ChangeFeed.CLAIM_LEASE_MILLIS))
                .found(() -> insertBlacklist(dev.palisade.engine.blacklist.UsualSuspects.entries()));
    }

    /**
     * Keeps the cluster's marks as this node found them at its start (founded, the cluster key's check),
     * so a Redis that lost them gets them back: a node starting after the loss does not found the
     * cluster again, nor seal it with another key.
     */
    void keepMarks() {
        // founded, whatever Redis holds: a cluster made before the mark, or one this node joined while another was
        // still founding it, must not be founded again by a node started after a loss
        kept.rememberSingle(link.key("founded"), "1");
        String check = link.key("cluster-key-check");
        kept.rememberSingle(check, shared(() -> link.call("read " + check, r -> r.get(check))));
        keyCheck = shared(() -> link.call("read the cluster key check", r -> r.get(link.key("cluster-key-check"))));
        keepConfigurationRecord();
    }

    /** The record of the configuration file applied: written back with the rest, or the next start with it is refused. */
    private void keepConfigurationRecord() {
        String record = shared(() -> link.call("read who configured the cluster", r -> r.get(link.key("configured"))));
        if (record != null && !record.startsWith(UNFINISHED)) kept.rememberSingle(link.key("configured"), record);
    }

    /**
     * After Redis lost its data, a node given another key file that started in the moment before the
     * nodes noticed found Redis empty and sealed its own key check (and key rings): every node with the
     * cluster's key started afterwards was then refused, while the running ones went on. The running
     * nodes hold the cluster: a check that does not open with their key is theirs again, and key ring
     * entries sealed with another key are removed.
     */
    private void reclaimKeyCheck() {
        String where = link.key("cluster-key-check");
        String ours = keyCheck;
        String stored = link.call("read the cluster key check", r -> r.get(where));
        if (ours == null || stored == null || stored.equals(ours) || opens(stored, where)) return;
        LOG.log(System.Logger.Level.WARNING, "A node with another cluster key wrote its key check while Redis was empty;"
                + " the cluster's is written back, and key ring entries sealed with another key are removed");
        link.call("write back the cluster key check", r -> r.set(where, ours));
        for (String ring : new String[] {dev.palisade.engine.session.KeyRing.JWT, dev.palisade.engine.session.KeyRing.FINGERPRINT}) {
            String hash = link.key("key-ring:" + ring);
            link.call("read a key ring", r -> r.hgetall(hash)).forEach((kid, json) -> {
                boolean foreign;
                try {
                    openKey(hash, kid, json);
                    foreign = false;
                } catch (ClusterKey.WrongKeyException e) {
                    foreign = true;
                }
                if (foreign) link.call("remove a key sealed with another key", r -> r.hdel(hash, kid));
            });
        }
    }

    private boolean opens(String sealed, String where) {
        try {
            key.open(sealed, where);
            return true;
        } catch (ClusterKey.WrongKeyException e) {
            return false;
        }
    }

    /**
     * The key every node signs forwarded calls with: {@code candidate} (this node's {@code upstream.key})
     * if no node set one yet, or when it {@code replaces} the cluster's (a rotation), else the one set first.
     * Sealed in Redis.
     */
    public byte[] upstreamKey(byte[] candidate, boolean replaces) {
        String where = link.key("upstream-key");
        return shared(() -> {
            if (replaces) {
                link.call("replace the upstream key", r -> r.set(where, key.seal(candidate, where)));
            } else {
                link.call("offer the upstream key", r -> r.setnx(where, key.seal(candidate, where)));
            }
            String sealed = link.call("read the upstream key", r -> r.get(where));
            kept.rememberSingle(where, sealed);
            return key.open(sealed, where);
        });
    }

    /**
     * What the cluster's record of its configuration file starts with from a node's claim until that
     * node has applied the file in full: a node killed half-way leaves it so, and the next start with
     * the same file applies it again rather than keep a cluster configured in part.
     */
    public static final String UNFINISHED = "unfinished: ";

    /**
     * Claims the first application of a configuration file ({@code --config}) for this cluster; the
     * record reads {@link #UNFINISHED} and {@code by} until {@link #configurationApplied} says it is done.
     *
     * @param by what applies it (node and file), kept for the message another node gets
     * @return null when this node is the first; else the record of who applied one before
     */
    public String claimConfiguration(String by) {
        // the claim and its lease in one step: a node that finds the claim finds its lease too
        return shared(() -> link.call("claim the configuration", r -> CLAIM.<String>run(r,
                io.lettuce.core.ScriptOutputType.VALUE, new String[] {link.key("configured"), link.key("configuring")},
                UNFINISHED + by, by, Long.toString(LEASE_MILLIS))));
    }

    /** KEYS: the record, the lease; ARGV: the claim, who, the lease's length. The record before, or false when none. */
    private static final LuaScript CLAIM = new LuaScript("""
            local before = redis.call('GET', KEYS[1])
            if before then return before end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            return false
            """);

    /**
     * How long a claim counts as being applied: a node that finds another's unfinished claim waits this
     * long for it before it takes it for a node that stopped half-way.
     */
    public static final long LEASE_MILLIS = 120_000;


    /**
     * Whether operators configured this cluster through the admin API: it holds users, API keys, debug or
     * operator tokens, or settings (a new cluster holds none of them; its blacklist, which auto-blocks
     * add to as well, does not count).
     */
    public boolean configuredLive() {
        return shared(() -> {
            for (String part : new String[] {"users", "api-keys", "debug-tokens", "operator-tokens", SETTINGS}) {
                if (link.call("look for the cluster's " + part, r -> r.hlen(link.key(part))) > 0) return true;
            }
            return false;
        });
    }

    /** Whether a node's claim of the configuration is being applied now (its lease has not run out). */
    public boolean configurationBeingApplied() {
        return shared(() -> link.call("read the configuration's lease", r -> r.exists(link.key("configuring"))) > 0);
    }

    /** The cluster's record of its configuration file; null if none. */
    public String configurationRecord() {
        return shared(() -> link.call("read who configured the cluster", r -> r.get(link.key("configured"))));
    }

    /**
     * Takes the claim over whatever the record says ({@code --config-overwrite}, or the same file again
     * after an application that did not finish).
     */
    public void overwroteConfiguration(String by) {
        shared(() -> link.call("record the configuration", r -> TAKE.<String>run(r, io.lettuce.core.ScriptOutputType.STATUS,
                new String[] {link.key("configured"), link.key("configuring")}, UNFINISHED + by, by, Long.toString(LEASE_MILLIS))));
    }

    /** {@code by}'s application finished: the record says so, unless another node has claimed it since. */
    public void configurationApplied(String by) {
        shared(() -> link.call("record the configuration as applied", r -> FINISH.<Long>run(r,
                io.lettuce.core.ScriptOutputType.INTEGER, new String[] {link.key("configured"), link.key("configuring")},
                UNFINISHED + by, by)));
        keepConfigurationRecord();
    }

    /** KEYS: the record, the lease; ARGV: the claim, who, the lease's length. */
    private static final LuaScript TAKE = new LuaScript("""
            redis.call('SET', KEYS[1], ARGV[1])
            return redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
            """);

    /** KEYS: the record, the lease; ARGV: the claim, the record once applied. 1 when it was this claim's. */
    private static final LuaScript FINISH = new LuaScript("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1
            """);

    // ---- the whole

    @Override
    public void ping() {
        if (closed) throw new StoreException("the store is closed", null);
        local.ping();
        String problem = link.problem();
        if (problem == null) problem = feed.problem(); // Redis answers, but a part cannot be read (another cluster key)
        if (problem != null) throw new StoreException(problem, null);
    }

    @Override
    public void watchChanges(Consumer<StoreChange> listener) { feed.listen(listener); }

    /** Stops the change feed alone: the node failed to start, and the local store is its caller's to close. */
    void closeFeed() { feed.close(); }

    /** Stops the change feed and closes the local store; the Redis connection is the hot state's to close. */
    @Override
    public void close() {
        closed = true;
        feed.close();
        local.close();
    }

    // ---- the node's own: nonces it kept for calls refused while Redis was away, spent at its next start

    @Override
    public List<dev.palisade.engine.state.SpentNonce> loadSpentNonces(long fromSecond) { return local.loadSpentNonces(fromSecond); }

    @Override
    public void saveSpentNonces(Collection<dev.palisade.engine.state.SpentNonce> nonces) { local.saveSpentNonces(nonces); }

    @Override
    public void deleteSpentNoncesBefore(long second) { local.deleteSpentNoncesBefore(second); }

    private <T> T announced(StoreChange change, Supplier<T> write) {
        T result = shared(write);
        feed.announce(change);
        return result;
    }

    /** A shared part that Redis cannot serve is the store failing, as a broken database file would be. */
    private static <T> T shared(Supplier<T> work) {
        try {
            return work.get();
        } catch (StateUnavailableException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }

    private static Map<String, long[]> uses(Map<String, Long> lastUsed) {
        Map<String, long[]> out = new HashMap<>();
        lastUsed.forEach((id, at) -> out.put(id, new long[] {at, 0}));
        return out;
    }
}
