package dev.palisade.state.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.engine.fingerprint.Fingerprint;
import dev.palisade.engine.session.SessionOrigin;
import dev.palisade.engine.session.SessionRecord;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ScoredValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's sessions in Redis: each as JSON (its signing key sealed with the cluster key) in one
 * hash, its revocation apart, set once, so a node's later save of an older copy can never revive it.
 * Every revocation also gets the next number in a sorted set, which the other nodes read from where
 * they last stopped, to revoke their own copies at once.
 */
final class SharedSessions {

    /** Revocations remembered for nodes that have not read them yet; far more than arrive between two reads. */
    private static final int REVOCATIONS_KEPT = 100_000;

    /** KEYS: revoked, revocations, sequence; ARGV: kept, then pairs of an id and when. How many this revokes first. */
    private static final LuaScript REVOKE = new LuaScript("""
            local first = 0
            for i = 2, #ARGV, 2 do
              if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
                redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[i])
                first = first + 1
              end
            end
            if first > 0 then redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[1]) - 1) end
            return first
            """);

    private final RedisLink link;
    private final ClusterKey key;
    private final String all;
    private final String revoked;
    private final String revocations;
    private final String sequence;
    private final String refused;
    private final String rebinds;
    private final String live;
    private final String saved;
    private final NumberedIds savesRead;
    private final NumberedIds revocationsRead;
    private final NumberedIds rebindsRead;
    /**
     * Each session's signing key as sealed once: a session is saved again every few seconds while it is
     * used, and sealing its unchanging key afresh each time would spend a random GCM nonce per save.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, String> sealedKeys = new java.util.concurrent.ConcurrentHashMap<>();

    SharedSessions(RedisLink link, ClusterKey key) {
        this.link = link;
        this.key = key;
        this.all = link.key("sessions");
        this.revoked = all + ":revoked";
        this.revocations = all + ":revocations";
        this.sequence = all + ":sequence";
        this.refused = all + ":refused-fingerprint";
        this.rebinds = all + ":rebinds";
        this.live = all + ":live";
        this.saved = all + ":saved";
        String at = link.call("read the revocation sequence", r -> r.get(sequence));
        double now = at == null ? 0 : Double.parseDouble(at);
        this.revocationsRead = new NumberedIds(revocations, now, true);
        this.rebindsRead = new NumberedIds(rebinds, now, true);
        this.savesRead = new NumberedIds(saved, now, false); // an ended session leaves it; a missed save heals itself
    }

    List<SessionRecord> loadAll() {
        Map<String, String> stored = link.call("read the sessions", r -> r.hgetall(all));
        Map<String, String> ends = link.call("read the revocations", r -> r.hgetall(revoked));
        List<SessionRecord> out = new ArrayList<>(stored.size());
        stored.forEach((id, json) -> out.add(read(id, json, ends.get(id))));
        return out;
    }

    /** The session with this id, as the cluster last saved it; null if none. */
    SessionRecord find(String id) {
        String json = link.call("read a session", r -> r.hget(all, id));
        if (json == null) return null;
        return read(id, json, link.call("read a revocation", r -> r.hget(revoked, id)));
    }

    /**
     * KEYS: the cluster's live set, the saved set, the sequence, the revoked hash, then per session its
     * address's and its user's live sets (a key after them is {@link #SAVE}'s); ARGV: per session the member
     * ({@code createdAt:id}), its last use, and 1 when it is revoked. A live set expires a day after its last write:
     * longer than any session lives idle. The cluster's live set holds ids by last use and never moves one back (a
     * node saving an older copy); a session revoked on any node stays out of every live set, whoever saves it later.
     * The saved set numbers each save for the other nodes to read.
     */
    private static final String INDEXING = """
            local n = redis.call('INCR', KEYS[3])
            for i = 5, #KEYS - 1, 2 do
              local a = (i - 5) / 2 * 3
              local id = string.match(ARGV[a + 1], '^%d+:(.*)$')
              local revoked = ARGV[a + 3] == '1' or redis.call('HEXISTS', KEYS[4], id) == 1
              redis.call('ZADD', KEYS[2], n, id)
              if revoked then
                redis.call('ZREM', KEYS[1], id)
              else
                redis.call('ZADD', KEYS[1], 'GT', ARGV[a + 2], id)
              end
              for j = 0, 1 do
                if revoked then
                  redis.call('ZREM', KEYS[i + j], ARGV[a + 1])
                else
                  redis.call('ZADD', KEYS[i + j], ARGV[a + 2], ARGV[a + 1])
                  redis.call('PEXPIRE', KEYS[i + j], 86400000)
                end
              end
            end
            return n
            """;

    /** Sessions written back by {@link #restore} in the live sets: see {@link #INDEXING}. */
    private static final LuaScript INDEX = new LuaScript(INDEXING);

    /**
     * KEYS and ARGV as {@link #INDEXING}'s, then the sessions' hash as the last key and pairs of an id and its record
     * after the other arguments. The records stored and counted in one step, all of it or nothing, by a {@link
     * LuaScript#deadlined deadline} when it is given one: a login's save that timed out while Redis hung was made when
     * Redis woke, in part or whole, a session no node held, counted against its user's max-sessions (audit cluster53 L3).
     */
    private static final LuaScript SAVE = LuaScript.deadlined("""
            for i = (#KEYS - 5) / 2 * 3 + 1, #ARGV, 2 do
              redis.call('HSET', KEYS[#KEYS], ARGV[i], ARGV[i + 1])
            end
            """ + INDEXING);

    /** @return true when one of them was revoked now, for the first time (the other nodes must hear of it) */
    boolean save(Collection<SessionRecord> sessions) {
        Indexing step = indexing(sessions, true);
        // no deadline: a checkpoint or a revocation Redis makes late is still wanted
        link.call("save sessions", r -> SAVE.<Long>runBy(0, r, ScriptOutputType.INTEGER, step.keys(), step.args()));
        return revokeEnded(sessions);
    }

    /**
     * Saves the session a login just opened, before its token goes out, by a deadline on Redis's clock: when this
     * throws, the session was not saved and will not be (the login discards it), also by a Redis that only hung.
     */
    void saveOpened(SessionRecord opened) {
        Indexing step = indexing(List.of(opened), true);
        try {
            link.write("save a new session", (r, by) -> SAVE.<Long>runBy(by, r, ScriptOutputType.INTEGER, step.keys(),
                    step.args()));
        } catch (RuntimeException e) {
            sealedKeys.remove(opened.id()); // the login discards the session: nothing saves it again
            throw e;
        }
    }

    /** Stores the revocation of each revoked one, once. @return true when one was revoked now, for the first time */
    private boolean revokeEnded(Collection<SessionRecord> sessions) {
        List<String> args = null; // one round trip for them all (a write-back may hold thousands)
        for (SessionRecord s : sessions) {
            if (s.revokedAt() == 0) continue;
            if (args == null) args = new ArrayList<>(List.of(Integer.toString(REVOCATIONS_KEPT)));
            args.add(s.id());
            args.add(Long.toString(s.revokedAt()));
        }
        if (args == null) return false;
        String[] argv = args.toArray(String[]::new);
        return link.call("revoke sessions", r -> REVOKE.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {revoked, revocations, sequence}, argv)) > 0;
    }

    /** KEYS: the sessions; ARGV: pairs of an id and its record. The positions (1-based) of those Redis lacked, now set. */
    private static final LuaScript RESTORE = new LuaScript("""
            local set = {}
            for i = 1, #ARGV, 2 do
              if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then set[#set + 1] = (i + 1) / 2 end
            end
            return set
            """);

    /**
     * Writes back sessions Redis lost, where it lacks them; one it holds (saved or revoked since) stays.
     * Those written back are counted as live (or ended) again, and a revoked one goes back revoked.
     *
     * @return true when one of them was revoked now, for the first time (the other nodes must hear of it)
     */
    boolean restore(List<SessionRecord> held) {
        if (held.isEmpty()) return false;
        // revocations first: a record written back before its revocation, with Redis failing in between, would be
        // taken as live by every node that reads it (and the retry finds the record there, so writes nothing)
        boolean revokedNow = revokeEnded(held);
        String[] args = new String[held.size() * 2];
        int a = 0;
        for (SessionRecord s : held) {
            args[a++] = s.id();
            args[a++] = write(s);
        }
        List<Long> set = link.call("write back sessions", r -> RESTORE.<List<Long>>run(r, ScriptOutputType.MULTI,
                new String[] {all}, args));
        if (set.isEmpty()) return revokedNow;
        List<SessionRecord> written = new ArrayList<>(set.size());
        for (Long position : set) written.add(held.get(position.intValue() - 1));
        index(written);
        return revokedNow;
    }

    /** Each session in its address's and its user's live sets (what max-sessions counts), or out of them once revoked. */
    private void index(Collection<SessionRecord> sessions) {
        Indexing step = indexing(sessions, false);
        link.call("index sessions", r -> INDEX.<Long>run(r, ScriptOutputType.INTEGER, step.keys(), step.args()));
    }

    private record Indexing(String[] keys, String[] args) {}

    /** {@link #INDEXING}'s keys and arguments for {@code sessions}, with {@link #SAVE}'s records after them when {@code stored}. */
    private Indexing indexing(Collection<SessionRecord> sessions, boolean stored) {
        String[] keys = new String[4 + sessions.size() * 2 + (stored ? 1 : 0)];
        String[] args = new String[sessions.size() * (stored ? 5 : 3)];
        keys[0] = live;
        keys[1] = saved;
        keys[2] = sequence;
        keys[3] = revoked;
        int k = 4;
        int a = 0;
        for (SessionRecord s : sessions) {
            keys[k++] = ofAddress(s.clientIp());
            keys[k++] = ofUser(s.user());
            args[a++] = s.createdAt() + ":" + s.id();
            args[a++] = Long.toString(s.lastSeenAt());
            args[a++] = s.revokedAt() != 0 ? "1" : "0";
        }
        if (stored) {
            keys[k] = all;
            for (SessionRecord s : sessions) {
                args[a++] = s.id();
                args[a++] = write(s);
            }
        }
        return new Indexing(keys, args);
    }

    /** Sessions saved (by any node) since the last call, each with its last use on any node (-1 once revoked). */
    Map<String, Long> newSaves() {
        return savesRead.sinceLastRead("read new session saves", ids -> {
            Map<String, Long> out = new LinkedHashMap<>();
            if (ids.isEmpty()) return out;
            List<Double> used = link.call("read when sessions were used", r -> r.zmscore(live, ids.toArray(String[]::new)));
            for (int i = 0; i < ids.size(); i++) out.put(ids.get(i), used.get(i) == null ? -1 : used.get(i).longValue());
            return out;
        });
    }

    /** The sessions the cluster holds, and how many of them are not revoked and were used at or after {@code idleBefore}. */
    dev.palisade.engine.store.SessionCount count(long idleBefore) {
        long total = link.call("count the sessions", r -> r.hlen(all));
        long active = link.call("count the live sessions", r -> r.zcount(live,
                io.lettuce.core.Range.create((double) idleBefore, Double.POSITIVE_INFINITY)));
        return new dev.palisade.engine.store.SessionCount(total, active);
    }

    /**
     * KEYS: an address's live set, a user's, then their held places; ARGV: idle before, created before,
     * the most per address and per user (0: no limit), now, until when a place is held, the place's
     * token. How many live or held in each, and 1 when both were under their limit and the place is held.
     */
    private static final LuaScript COUNT_AND_HOLD = new LuaScript("""
            local out = {}
            for i = 1, 2 do
              redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[1])
              local n = 0
              for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], ARGV[1], '+inf')) do
                local created = tonumber(string.match(m, '^(%d+):'))
                if created and created >= tonumber(ARGV[2]) then n = n + 1 end
              end
              redis.call('ZREMRANGEBYSCORE', KEYS[i + 2], '-inf', ARGV[5])
              out[i] = n + redis.call('ZCARD', KEYS[i + 2])
            end
            local ip, user = tonumber(ARGV[3]), tonumber(ARGV[4])
            if (ip == 0 or out[1] < ip) and (user == 0 or out[2] < user) then
              for i = 3, 4 do
                redis.call('ZADD', KEYS[i], ARGV[6], ARGV[7])
                redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[6]) - tonumber(ARGV[5]))
              end
              out[3] = 1
            else
              out[3] = 0
            end
            return out
            """);

    /**
     * Counts the live sessions from this address and of this user on every node, and the places logins
     * hold (counted, not saved yet), and holds one more when both are under their limits: two logins
     * racing on two nodes cannot both take the last place.
     */
    dev.palisade.engine.store.SessionHold hold(String ip, String user, long idleBefore, long createdBefore, int perIp,
                                               int perUser, long now, long holdUntil) {
        String token = dev.palisade.engine.Secrets.randomToken(12);
        List<Long> n = link.call("count live sessions", r -> COUNT_AND_HOLD.<List<Long>>run(r, ScriptOutputType.MULTI,
                new String[] {ofAddress(ip), ofUser(user), ofAddress(ip) + ":held", ofUser(user) + ":held"},
                Long.toString(idleBefore), Long.toString(createdBefore), Integer.toString(perIp),
                Integer.toString(perUser), Long.toString(now), Long.toString(holdUntil), token));
        return new dev.palisade.engine.store.SessionHold(n.get(0).intValue(), n.get(1).intValue(), ip, user,
                n.get(2) == 1 ? token : null);
    }

    /** Gives back a place {@link #hold} held (the login's session is saved, or the login failed). */
    void release(dev.palisade.engine.store.SessionHold held) {
        link.call("release a held place", r -> r.zrem(ofAddress(held.ip()) + ":held", held.token()));
        link.call("release a held place", r -> r.zrem(ofUser(held.user()) + ":held", held.token()));
    }

    /** A caller's sessions, under the address it is counted by (an IPv6 caller's /64). */
    private String ofAddress(String ip) { return all + ":of-address:" + dev.palisade.engine.AddressKey.of(ip); }

    private String ofUser(String user) { return all + ":of-user:" + RedisLoginFailures.hashed(user); }

    /** KEYS: rebinds, sequence, refused fingerprints; ARGV: id, kept. */
    private static final LuaScript REBOUND = new LuaScript("""
            local n = redis.call('INCR', KEYS[2])
            redis.call('ZADD', KEYS[1], n, ARGV[1])
            redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[2]) - 1)
            redis.call('HDEL', KEYS[3], ARGV[1])
            return n
            """);

    /** The fingerprint a node refused for the session, for an operator on any node to accept. */
    void refused(String id, Fingerprint fingerprint) {
        ObjectNode fp = SharedRecords.JSON.createObjectNode();
        fingerprint.components().forEach(fp::put);
        link.call("share a refused fingerprint", r -> r.hset(refused, id, fp.toString()));
    }

    Fingerprint refused(String id) {
        String json = link.call("read a refused fingerprint", r -> r.hget(refused, id));
        if (json == null) return null;
        try {
            Map<String, String> components = new LinkedHashMap<>();
            SharedRecords.JSON.readTree(json).fields().forEachRemaining(e -> components.put(e.getKey(), e.getValue().asText()));
            return new Fingerprint(components);
        } catch (JsonProcessingException e) {
            return null; // not what this version writes: as if none was refused
        }
    }

    /** Numbers a re-bind for the other nodes, and forgets the refused fingerprint it accepted. */
    void rebound(String id) {
        link.call("announce a re-bind", r -> REBOUND.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {rebinds, sequence, refused}, id, Integer.toString(REVOCATIONS_KEPT)));
    }

    /** Sessions re-bound (by any node) since the last call, oldest first. */
    List<String> newRebinds() {
        return rebindsRead.sinceLastRead("read new re-binds");
    }

    /** KEYS: sessions, revoked, refused fingerprints, live, saved; ARGV: idle before, created before, then the ids. */
    private static final LuaScript DELETE_ENDED = new LuaScript("""
            local deleted = 0
            for i = 3, #ARGV do
              local json = redis.call('HGET', KEYS[1], ARGV[i])
              if json then
                local s = cjson.decode(json)
                if tonumber(s.lastSeenAt) < tonumber(ARGV[1]) or tonumber(s.createdAt) < tonumber(ARGV[2]) then
                  redis.call('HDEL', KEYS[1], ARGV[i])
                  redis.call('HDEL', KEYS[2], ARGV[i])
                  redis.call('HDEL', KEYS[3], ARGV[i])
                  redis.call('ZREM', KEYS[4], ARGV[i])
                  redis.call('ZREM', KEYS[5], ARGV[i])
                  deleted = deleted + 1
                end
              end
            end
            return deleted
            """);

    /**
     * Deletes the sessions whose record in Redis has ended too: one this node saw idle may have been
     * served by another node since (its save moved the record's last use on).
     */
    void deleteEnded(Collection<String> ids, long idleBefore, long createdBefore) {
        if (ids.isEmpty()) return;
        String[] args = new String[2 + ids.size()];
        args[0] = Long.toString(idleBefore);
        args[1] = Long.toString(createdBefore);
        int i = 2;
        for (String id : ids) args[i++] = id;
        link.call("delete ended sessions", r -> DELETE_ENDED.<Long>run(r, ScriptOutputType.INTEGER,
                new String[] {all, revoked, refused, live, saved}, args));
        for (String id : ids) sealedKeys.remove(id);
    }

    void delete(Collection<String> ids) {
        if (ids.isEmpty()) return;
        String[] keys = ids.toArray(String[]::new);
        link.call("delete sessions", r -> r.hdel(all, keys));
        for (String id : ids) sealedKeys.remove(id);
        link.call("delete revocations", r -> r.hdel(revoked, keys));
        link.call("delete refused fingerprints", r -> r.hdel(refused, keys));
        link.call("delete from the live sessions", r -> r.zrem(live, keys));
        link.call("delete from the saved sessions", r -> r.zrem(saved, keys));
    }

    /** Sessions revoked (by any node) since the last call, each with when; oldest first. */
    Map<String, Long> newRevocations() {
        List<String> ids = revocationsRead.sinceLastRead("read new revocations");
        Map<String, Long> out = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            List<io.lettuce.core.KeyValue<String, String>> at = link.call("read revocation times",
                    r -> r.hmget(revoked, ids.toArray(String[]::new)));
            for (io.lettuce.core.KeyValue<String, String> kv : at) {
                if (kv.hasValue()) out.put(kv.getKey(), Long.parseLong(kv.getValue()));
            }
        }
        return out;
    }

    /**
     * Session ids in a sorted set scored by the sessions' one sequence (revocations, re-binds), which
     * this node reads on from where it stopped.
     */
    private final class NumberedIds {
        private final String key;
        private double readUpTo;
        /** Whether ids stay in the set once numbered (but for the oldest, trimmed), so a missing one means a loss. */
        private final boolean idsStay;
        /** The id read last, at {@code readUpTo}: gone or numbered lower, Redis lost what this node had read. */
        private String lastRead;

        NumberedIds(String key, double readUpTo, boolean idsStay) {
            this.key = key;
            this.readUpTo = readUpTo;
            this.idsStay = idsStay;
        }

        /** The ids numbered since the last read, oldest first. */
        List<String> sinceLastRead(String what) {
            return sinceLastRead(what, ids -> ids);
        }

        /**
         * What {@code use} makes of the ids numbered since the last read; they count as read only once it
         * returns (when it throws, the next read has them again).
         */
        synchronized <T> T sinceLastRead(String what, java.util.function.Function<List<String>, T> use) {
            String counted = link.call("read the revocation sequence", r -> r.get(sequence));
            if ((counted == null ? 0 : Double.parseDouble(counted)) < readUpTo || lostLastRead()) {
                // Redis lost data and numbers again from lower down: every id it holds may be one not read yet
                // (also once its count has grown past this node's mark again, when the last id read is gone)
                readUpTo = Double.NEGATIVE_INFINITY;
            }
            List<ScoredValue<String>> fresh = link.call(what, r -> r.zrangebyscoreWithScores(key,
                    io.lettuce.core.Range.create(readUpTo, Double.POSITIVE_INFINITY)));
            List<String> ids = new ArrayList<>();
            double upTo = readUpTo;
            String last = lastRead;
            for (ScoredValue<String> v : fresh) {
                if (v.getScore() <= readUpTo) continue;
                ids.add(v.getValue());
                if (v.getScore() >= upTo) {
                    upTo = v.getScore();
                    last = v.getValue();
                }
            }
            T out = use.apply(ids);
            readUpTo = upTo;
            lastRead = last;
            return out;
        }

        /** An id only moves up (saved again, it is numbered again, higher): lower or gone is a loss. */
        private boolean lostLastRead() {
            if (!idsStay || lastRead == null) return false;
            Double score = link.call("check the sequence's last read id", r -> r.zscore(key, lastRead));
            return score == null || score < readUpTo;
        }
    }

    private String write(SessionRecord s) {
        ObjectNode n = SharedRecords.JSON.createObjectNode();
        n.put("user", s.user()).put("origin", s.origin().name()).put("createdAt", s.createdAt())
                .put("bootstrapAt", s.bootstrapAt()).put("clientIp", s.clientIp()).put("userAgent", s.userAgent())
                .put("lastSeenAt", s.lastSeenAt()).put("calls", s.calls());
        if (s.revokedAt() > 0) {
            sealedKeys.remove(s.id()); // no one signs with a revoked session's key again: it is not kept
        } else if (s.signingKey() != null) {
            n.put("signingKey", sealedKeys.computeIfAbsent(s.id(), id -> key.seal(s.signingKey(), all + "/" + id)));
        }
        if (s.fingerprint() != null) {
            ObjectNode fp = n.putObject("fingerprint");
            s.fingerprint().components().forEach(fp::put); // in order: the salted hash is taken over this order
        }
        if (s.automation() != null) n.put("automation", s.automation());
        if (!s.apiKeyId().isEmpty()) n.put("apiKeyId", s.apiKeyId());
        if (s.bootstrap() != null) {
            n.put("bootstrapBits", s.bootstrap().storedBits()).put("sincePageMillis", s.bootstrap().sincePageMillis());
        }
        return n.toString();
    }

    /** Opens a sealed key and keeps the sealed form, so saving this session again reuses it. */
    private byte[] opened(String id, String sealed) {
        byte[] plain = key.open(sealed, all + "/" + id);
        sealedKeys.putIfAbsent(id, sealed);
        return plain;
    }

    private SessionRecord read(String id, String json, String revokedAt) {
        JsonNode n;
        try {
            n = SharedRecords.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a session in Redis is not what this version writes", e);
        }
        Fingerprint fingerprint = null;
        if (n.has("fingerprint")) {
            Map<String, String> components = new LinkedHashMap<>();
            n.get("fingerprint").fields().forEachRemaining(e -> components.put(e.getKey(), e.getValue().asText()));
            fingerprint = new Fingerprint(components);
        }
        // an origin this version does not know fails loudly: a revocation that skipped such a session would
        // report it ended while a newer node still served it
        return new SessionRecord(id, n.get("user").asText(), SessionOrigin.valueOf(n.get("origin").asText()),
                n.get("createdAt").asLong(), n.get("bootstrapAt").asLong(), n.get("clientIp").asText(),
                n.get("userAgent").asText(), n.get("lastSeenAt").asLong(), n.get("calls").asInt(),
                revokedAt == null ? 0 : Long.parseLong(revokedAt),
                // an older copy saved after the revocation wrote the key again
                revokedAt == null && n.has("signingKey") ? opened(id, n.get("signingKey").asText()) : null, fingerprint,
                n.has("automation") ? n.get("automation").asText() : null,
                n.has("apiKeyId") ? n.get("apiKeyId").asText() : null,
                // a session a node of an older version wrote has none; members no version writes read as none (review farm56 L7)
                dev.palisade.engine.session.BootstrapCost.stored(n.path("bootstrapBits").asInt(-1),
                        n.path("sincePageMillis").asLong(-1)));
    }
}
