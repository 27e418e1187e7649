package dev.palisade.state.redis;

import dev.palisade.engine.state.NonceAndRates;
import dev.palisade.engine.state.NonceStore;
import dev.palisade.engine.state.SharedRates;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.ScriptOutputType;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * A signed call's nonce and its rate windows in one script, so a cluster node pays one round trip to
 * Redis for an allowed call: a replay (or a full second) counts nothing; a fresh nonce is recorded, and
 * the call counted in every window unless one is exceeded (then in none). A refused call's nonce stays
 * spent, as on a single node: given back, the refused request could be sent again once the window had
 * room, after its client had retried it signed anew (the call made twice). The
 * same keys as {@link RedisNonceStore} (which records through this script, with no window) and
 * {@link RedisRates}. The script records nothing into a store whose life ({@link NonceEpoch}) is not
 * the one the node knows: the node adopts the new one and decides again. A session revoked in Redis (by
 * any node, before it answered its logout or revoke) is refused here too, before anything is recorded:
 * the other nodes hear of a revocation through a feed that takes milliseconds, and a call another node
 * takes in those milliseconds must not be served. A nonce recorded for a signature created ahead of
 * this node's clock is kept by the node too ({@link NoncesAheadKept}), to be spent into the store's next
 * life should Redis lose it.
 */
final class RedisNonceAndRates implements NonceAndRates {

    /**
     * KEYS: nonce set, session counts, then per slot 3 (RedisRates), then the revoked sessions, the epoch;
     * ARGV: nonce, session, perSecond, perSession, keep, then RedisRates', then the session's id (or empty:
     * none to check), the epoch the node knows. The epoch comes first: a store that lost its data is adopted
     * before its (then empty) revocations are believed; the node's own copy of the session still decides.
     */
    private static final LuaScript DECIDE = new LuaScript("""
            local epoch = redis.call('GET', KEYS[#KEYS])
            if epoch ~= ARGV[#ARGV] then return {4, epoch or ''} end
            local id = ARGV[#ARGV - 1]
            if id ~= '' then
              local at = redis.call('HGET', KEYS[#KEYS - 1], id)
              if at then return {5, at} end
            end
            if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return {1} end
            if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[3]) then return {2} end
            local held = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
            if held >= tonumber(ARGV[4]) then return {3} end
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            local now = tonumber(ARGV[6])
            local n = (#KEYS - 4) / 3
            for i = 1, n do
              local limit = tonumber(ARGV[5 + 2 * i])
              local w = tonumber(ARGV[6 + 2 * i])
              local cur = tonumber(redis.call('GET', KEYS[3 * i]) or '0')
              local prev = tonumber(redis.call('GET', KEYS[3 * i + 1]) or '0')
              local rate = prev * (1 - (now % w) / w) + cur + 1
              if rate > limit then
                local first = redis.call('SET', KEYS[3 * i + 2], '1', 'NX', 'PX', w) and 1 or 0
                return {0, i, tostring(rate), first}
              end
            end
            for i = 1, n do
              local w = tonumber(ARGV[6 + 2 * i])
              redis.call('INCR', KEYS[3 * i])
              redis.call('PEXPIRE', KEYS[3 * i], 2 * w + 1000)
            end
            return {0}
            """);
    /**
     * Nonces of calls refused already, of one second, recorded beyond the shares. KEYS: nonce set, session counts,
     * the epoch; ARGV: keep, then each nonce with its session, the epoch the node knows.
     */
    private static final LuaScript SPEND = new LuaScript("""
            local epoch = redis.call('GET', KEYS[3])
            if epoch ~= ARGV[#ARGV] then return {4, epoch or ''} end
            for i = 2, #ARGV - 1, 2 do
              if redis.call('SADD', KEYS[1], ARGV[i]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1) end
            end
            redis.call('EXPIRE', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[2], ARGV[1])
            return {0}
            """);
    private static final NonceStore.Outcome[] OUTCOMES = {NonceStore.Outcome.FRESH, NonceStore.Outcome.REPLAYED,
            NonceStore.Outcome.FULL, NonceStore.Outcome.SESSION_FULL};

    /** A script answer that names another life of the store than the node's. */
    private static final int OTHER_LIFE = 4;
    /** A script answer that the session was revoked, and when. */
    private static final int REVOKED = 5;
    /** Lives adopted in one decision before it gives up: each new one means the store lost its data again. */
    private static final int ADOPTIONS = 2;

    private final RedisLink link;
    private final NonceEpoch epoch;
    /** The hash SharedSessions writes every revocation to before the node that made it answers. */
    private final String revoked;
    private final IntSupplier perSecond;
    private final IntSupplier perSession;

    private final RedisClock clock;

    RedisNonceAndRates(RedisLink link, NonceEpoch epoch, RedisClock clock, IntSupplier perSecond, IntSupplier perSession) {
        this.link = link;
        this.clock = clock;
        this.epoch = epoch;
        this.revoked = link.key("sessions:revoked");
        this.perSecond = perSecond;
        this.perSession = perSession;
    }

    @Override
    public Decided decide(String sessionId, long session, long nonce, long createdSecond, List<SharedRates.Slot> slots,
                          long localNow) {
        long now = clock.shared(localNow); // the rate windows' buckets start together on every node
        String[] nonceKeys = RedisNonceStore.keys(link, createdSecond);
        String[] rateKeys = RedisRates.keys(link, slots, now);
        String[] keys = new String[4 + rateKeys.length];
        keys[0] = nonceKeys[0];
        keys[1] = nonceKeys[1];
        System.arraycopy(rateKeys, 0, keys, 2, rateKeys.length);
        keys[keys.length - 2] = revoked;
        keys[keys.length - 1] = epoch.key();
        String[] args = RedisRates.args(slots, now, 5, 2);
        args[0] = Long.toString(nonce);
        args[1] = Long.toString(session);
        args[2] = Integer.toString(perSecond.getAsInt());
        args[3] = Integer.toString(perSession.getAsInt());
        args[4] = Long.toString(RedisNonceStore.KEEP_SECONDS);
        args[args.length - 2] = sessionId == null ? "" : sessionId;
        List<Object> reply = inLife(createdSecond, "record a nonce and count the call", DECIDE, keys, args, true);
        // the store may have lost this second's nonces: a replay could not be told from a first use
        if (reply == null) return new Decided(NonceStore.Outcome.FORGOTTEN, null);
        int answer = ((Long) reply.get(0)).intValue();
        if (answer == REVOKED) return Decided.revoked(Long.parseLong((String) reply.get(1)));
        // recorded (answer 0) 2 s or more ahead of this node's clock: still fresh once a life that lost it is over (one
        // created a second ahead, as browsers' clock corrections often sign, is refused by a new life's floor instead)
        if (answer == 0 && createdSecond > epoch.second() + 1) {
            epoch.ahead().keep(session, nonce, createdSecond, perSecond.getAsInt());
        }
        return new Decided(OUTCOMES[answer], RedisRates.refused(reply, 1, slots, now));
    }

    /** {@link NonceStore#spend}: one round trip for the second's nonces given. */
    void spend(long createdSecond, long[] sessions, long[] nonces) {
        String[] keys = spendKeys(link, epoch.key(), createdSecond);
        String[] args = spendArgs(sessions, nonces);
        // a forgotten second refuses them
        if (inLife(createdSecond, "spend the nonces of refused calls", SPEND, keys, args, false) != null
                && createdSecond > epoch.second() + 1) {
            for (int i = 0; i < nonces.length; i++) {
                epoch.ahead().keep(sessions[i], nonces[i], createdSecond, perSecond.getAsInt());
            }
        }
    }

    /**
     * Spends nonces of {@code createdSecond} into the life {@code life} (in one round trip, beyond the shares): the
     * script's answer, {@code {0}}, or {@code {4, the life found}} when it is not the one in Redis.
     */
    static List<Object> spendIn(RedisLink link, String epochKey, String life, long createdSecond, long[] sessions,
                                long[] nonces) {
        String[] keys = spendKeys(link, epochKey, createdSecond);
        String[] args = spendArgs(sessions, nonces);
        args[args.length - 1] = life;
        return link.call("spend the nonces recorded ahead of the clock into the nonce store's new life",
                r -> SPEND.<List<Object>>run(r, ScriptOutputType.MULTI, keys, args));
    }

    /** SPEND's KEYS: the second's nonces, its sessions' counts, the epoch. */
    private static String[] spendKeys(RedisLink link, String epochKey, long createdSecond) {
        String[] nonceKeys = RedisNonceStore.keys(link, createdSecond);
        return new String[] {nonceKeys[0], nonceKeys[1], epochKey};
    }

    /** SPEND's ARGV: how long a second is kept, each nonce and its session, and a last place for the life. */
    private static String[] spendArgs(long[] sessions, long[] nonces) {
        String[] args = new String[2 + 2 * nonces.length];
        args[0] = Long.toString(RedisNonceStore.KEEP_SECONDS);
        for (int i = 0; i < nonces.length; i++) {
            args[1 + 2 * i] = Long.toString(nonces[i]);
            args[2 + 2 * i] = Long.toString(sessions[i]);
        }
        return args;
    }

    /** Forgets the nonces kept ahead of the clock of seconds before {@code second}: stale on every node now. */
    void forgetBefore(long second) {
        epoch.ahead().forgetBefore(second);
    }

    /**
     * Runs {@code script} (KEYS and ARGV end with the epoch's key and the life the node knows) in the store's life,
     * adopting a new one it names; null when {@code createdSecond} lies in or before the life's first second.
     * {@code deciding}: a call to decide, refused while the life is young ({@link NonceEpoch.Life#stillYoung}).
     */
    private List<Object> inLife(long createdSecond, String what, LuaScript script, String[] keys, String[] args,
                                boolean deciding) {
        for (int adopted = 0; ; adopted++) {
            NonceEpoch.Life life = epoch.life();
            if (createdSecond <= life.floor()) return null;
            if (deciding && life.stillYoung()) {
                // another node may hold a nonce it recorded ahead of its clock before the loss, not spent into this
                // life yet: a copy of its call would be new here
                throw new StateUnavailableException("Redis at " + link.where() + " lost the nonce store's data a moment"
                        + " ago; the nodes are spending the nonces they recorded ahead of their clocks into its new life",
                        null);
            }
            args[args.length - 1] = life.value();
            List<Object> reply = link.call(what, r -> script.<List<Object>>run(r, ScriptOutputType.MULTI, keys, args));
            if (((Long) reply.get(0)).intValue() != OTHER_LIFE) return reply;
            if (adopted == ADOPTIONS) {
                throw new StateUnavailableException("Redis at " + link.where()
                        + " keeps losing the nonce store's data", null);
            }
            epoch.adopt((String) reply.get(1));
        }
    }
}
