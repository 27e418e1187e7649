package dev.palisade.state.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.ScriptOutputType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One kind of record kept in Redis for the whole cluster: a hash of id → the record as JSON, written
 * whole, and beside it the fields that change after creation (revocation time, last use, use count),
 * each its own hash, changed by scripts that hold every node's rule (revoked once, last use never
 * moves back) in one atomic step.
 */
final class SharedRecords<T> {

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * ARGV: id, at, once (1: only if not revoked yet). Recorded whether or not the record is there: a
     * node revokes only what it holds, and a record Redis lacks was lost with its data, to be written back
     * by {@link KeptCopies} (without this revocation, which was answered as made). 1 when the record is
     * there and was revoked now.
     */
    private static final LuaScript REVOKE = LuaScript.deadlined("""
            if ARGV[3] == '1' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            return redis.call('HEXISTS', KEYS[1], ARGV[1])
            """);
    /**
     * KEYS: the hash, last uses, use counts and, for a named batch, its mark; ARGV: triples of id, at,
     * more uses. The last use never moves back, uses add up; a named batch is counted once (kept a day).
     */
    private static final LuaScript TOUCH = new LuaScript("""
            if KEYS[4] and not redis.call('SET', KEYS[4], '1', 'NX', 'EX', 86400) then return 0 end
            for i = 1, #ARGV, 3 do
              local id = ARGV[i]
              if redis.call('HEXISTS', KEYS[1], id) == 1 then
                local at = tonumber(ARGV[i + 1])
                if at > tonumber(redis.call('HGET', KEYS[2], id) or '0') then redis.call('HSET', KEYS[2], id, ARGV[i + 1]) end
                if ARGV[i + 2] ~= '0' then redis.call('HINCRBY', KEYS[3], id, ARGV[i + 2]) end
              end
            end
            return 0
            """);
    /** KEYS: the hash; ARGV: the id, the record. Reads every id: for records an operator adds one at a time (users). */
    private static final LuaScript INSERT_UNLESS_TAKEN_BY_CASE = LuaScript.deadlined("""
            local folded = string.lower(ARGV[1])
            for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
              if string.lower(id) == folded then return 0 end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);
    /**
     * KEYS: the hash, its revocations; ARGV: the id, the record, its name, and its name folded to one
     * case (empty to compare names exactly). Reads every record: for records an operator adds one at a
     * time (API keys, operator tokens), whose name only one live record may have. A record added this
     * way carries its folded name ({@link #FOLDED}), since Lua folds ASCII only; one written before it
     * did is compared in ASCII case, as then.
     */
    private static final LuaScript INSERT_UNLESS_NAME_LIVE = LuaScript.deadlined("""
            local anyCase = ARGV[4] ~= ''
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              if redis.call('HEXISTS', KEYS[2], all[i]) == 0 then
                local stored = cjson.decode(all[i + 1])
                if anyCase then
                  if (stored.nameFolded or string.lower(stored.name)) == ARGV[4] then return 0 end
                elseif stored.name == ARGV[3] then return 0 end
              end
            end
            return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
            """);
    /** The field a record added by {@link #insertNewUnlessNameLive} keeps its folded name in; reading ignores it. */
    static final String FOLDED = "nameFolded";
    /**
     * ARGV: id, json, then pairs of a field's name and the text its value must still have (a string
     * or a boolean). Replaces a record that exists and still holds those values: compared field by
     * field, not as text, so a record another version wrote in another order still matches; a field
     * left out or null counts as false, as Jackson reads it into a boolean.
     */
    private static final LuaScript REPLACE_IF = LuaScript.deadlined("""
            local stored = redis.call('HGET', KEYS[1], ARGV[1])
            if not stored then return 0 end
            local record = cjson.decode(stored)
            for i = 3, #ARGV, 2 do
              local value = record[ARGV[i]]
              if value == nil or value == cjson.null then value = false end -- as the reader takes a field left out
              if tostring(value) ~= ARGV[i + 1] then return 0 end
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);

    /**
     * KEYS: the hash; ARGV: the id, the record, and 1 to add it only if the id is free. 1 when written.
     * (Plain HSET and HSETNX carry no deadline; see {@link LuaScript#deadlined}.)
     */
    private static final LuaScript PUT = LuaScript.deadlined("""
            if ARGV[3] == '1' then return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return 1
            """);
    /** KEYS: the hash; ARGV: the id. 1 when it was there. */
    private static final LuaScript DELETE = LuaScript.deadlined("""
            return redis.call('HDEL', KEYS[1], ARGV[1])
            """);

    /** What a record's changing fields are, read back from their hashes. */
    record Changing(long revokedAt, long lastUsedAt, long uses) {}

    interface Merge<T> {
        T with(T stored, Changing changing);
    }

    private final RedisLink link;
    private final Class<T> type;
    private final String[] keys;
    private final Comparator<T> order;
    private final Merge<T> merge;
    private final dev.palisade.engine.store.StoreChange part;
    private final KeptCopies kept;

    /** @param kept given what each {@link #list} reads, as Redis held it, to write back after a loss */
    SharedRecords(RedisLink link, String kind, Class<T> type, Comparator<T> order, Merge<T> merge,
                  dev.palisade.engine.store.StoreChange part, KeptCopies kept) {
        this.part = part;
        this.kept = kept;
        this.link = link;
        this.type = type;
        String base = link.key(kind);
        this.keys = new String[] {base, base + ":revoked", base + ":used", base + ":uses"};
        this.order = order;
        this.merge = merge;
    }

    List<T> list() {
        Map<String, String> all = link.call("list " + keys[0], r -> r.hgetall(keys[0]));
        Map<String, String> revoked = merge == null ? Map.of() : link.call("list revocations", r -> r.hgetall(keys[1]));
        Map<String, String> used = merge == null ? Map.of() : link.call("list last uses", r -> r.hgetall(keys[2]));
        Map<String, String> uses = merge == null ? Map.of() : link.call("list use counts", r -> r.hgetall(keys[3]));
        kept.remember(part, keys[0], all);
        if (merge != null) {
            kept.remember(part, keys[1], revoked);
            kept.remember(part, keys[2], used);
            kept.remember(part, keys[3], uses);
        }
        List<T> out = new ArrayList<>(all.size());
        all.forEach((id, json) -> {
            T stored = read(json);
            if (stored == null) return;
            out.add(merge == null ? stored : merge.with(stored, new Changing(number(revoked.get(id)), number(used.get(id)),
                    number(uses.get(id)))));
        });
        out.sort(order);
        return out;
    }

    /** The record with this id, its changing fields read back; null if none. */
    T find(String id) {
        String json = link.call("read from " + keys[0], r -> r.hget(keys[0], id));
        if (json == null) return null;
        T stored = read(json);
        if (stored == null || merge == null) return stored;
        return merge.with(stored, new Changing(number(link.call("read a revocation", r -> r.hget(keys[1], id))),
                number(link.call("read a last use", r -> r.hget(keys[2], id))),
                number(link.call("read a use count", r -> r.hget(keys[3], id)))));
    }

    /** Adds the record; false when the id is taken. */
    boolean insertNew(String id, T record) {
        String json = write(record);
        return link.write("add to " + keys[0], (r, by) -> PUT.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0]}, id, json, "1")) == 1;
    }

    /** Adds the record; false when the id is taken, also by one that differs from it only in ASCII case. */
    boolean insertNewUnlessTakenByCase(String id, T record) {
        String json = write(record);
        return link.write("add to " + keys[0], (r, by) -> INSERT_UNLESS_TAKEN_BY_CASE.<Long>runBy(by, r,
                ScriptOutputType.INTEGER, new String[] {keys[0]}, id, json)) == 1;
    }

    /**
     * Adds the record; false when the id is taken, or a record not revoked has this name.
     *
     * @param folded the name folded to one case ({@code HolderName.folded}) to compare names in any
     *               case, kept with the record for the next comparison; null to compare them exactly
     */
    boolean insertNewUnlessNameLive(String id, T record, String name, String folded) {
        String json;
        if (folded == null) {
            json = write(record);
        } else {
            ObjectNode tree = JSON.valueToTree(record);
            json = write(tree.put(FOLDED, folded));
        }
        return link.write("add to " + keys[0], (r, by) -> INSERT_UNLESS_NAME_LIVE.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0], keys[1]}, id, json, name, folded == null ? "" : folded)) == 1;
    }

    /** Adds or replaces the record. */
    void put(String id, T record) {
        String json = write(record);
        link.write("write to " + keys[0], (r, by) -> PUT.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0]}, id, json, "0"));
    }

    /**
     * Replaces the record while the stored one's fields still have these values.
     *
     * @param expected pairs of a field's name and its value as text (strings and booleans only)
     * @return false when there is no such record or one of those fields has changed
     */
    boolean replaceIf(String id, T record, String... expected) {
        String[] args = new String[2 + expected.length];
        args[0] = id;
        args[1] = write(record);
        System.arraycopy(expected, 0, args, 2, expected.length);
        return link.write("replace in " + keys[0], (r, by) -> REPLACE_IF.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0]}, args)) == 1;
    }

    boolean delete(String id) {
        return link.write("delete from " + keys[0], (r, by) -> DELETE.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0]}, id)) == 1;
    }

    boolean revoke(String id, long at, boolean once) {
        return link.write("revoke in " + keys[0], (r, by) -> REVOKE.<Long>runBy(by, r, ScriptOutputType.INTEGER,
                new String[] {keys[0], keys[1]}, id, Long.toString(at), once ? "1" : "0")) == 1;
    }

    /**
     * @param batch names the batch so that one sent again is counted once; null where nothing adds up
     * @param uses  id → {last use, more uses}
     */
    void touch(String batch, Map<String, long[]> uses) {
        if (uses.isEmpty()) return;
        List<String> args = new ArrayList<>(uses.size() * 3);
        uses.forEach((id, u) -> {
            args.add(id);
            args.add(Long.toString(u[0]));
            args.add(Long.toString(u[1]));
        });
        String[] touched = batch == null ? new String[] {keys[0], keys[2], keys[3]}
                : new String[] {keys[0], keys[2], keys[3], keys[0] + ":batch:" + batch};
        link.call("record uses in " + keys[0], r -> TOUCH.<Long>run(r, ScriptOutputType.INTEGER, touched,
                args.toArray(String[]::new)));
    }

    /**
     * The record, or null (with a warning, once) for one this version cannot read: one a newer node wrote
     * during a rolling upgrade (a kind this version does not know) is left out, never every list failed for it.
     */
    private T read(String json) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            warnUnreadable("a " + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")"); // its message may quote a field
            return null;
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SharedRecords.class);
    private static final dev.palisade.engine.FirstTimes WARNED = new dev.palisade.engine.FirstTimes();

    /** Once per kind of record: a list may read the same one at every change. */
    private static void warnUnreadable(String what) {
        if (WARNED.first(what)) {
            LOG.warn("{} in Redis is not what this version reads, and is left out (written by a newer version?)", what);
        }
    }

    private static String write(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + record.getClass().getSimpleName(), e);
        }
    }

    private static long number(String s) { return s == null ? 0 : Long.parseLong(s); }
}
