package dev.palisade.state.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.palisade.engine.state.NodeBeat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The nodes' heartbeats in Redis: a hash of node id → its last beat, and beside it when each beat
 * came, so a node that stopped beating for {@link #FORGET_MILLIS} is dropped by whichever node beats next.
 * Beats are written on the cluster's clock ({@link RedisClock}) and read back on this node's, so a node
 * whose clock runs behind is not shown missing, nor one ahead taken for every other node's silence.
 */
final class Heartbeats {

    static final long FORGET_MILLIS = 300_000;
    /** A node that beat within this long is taken to be running (it beats every second). */
    static final long LIVE_MILLIS = 10_000;

    private final RedisLink link;
    private final String beats;
    private final String seen;
    private final RedisClock clock;
    /** The other nodes that beat within {@link #LIVE_MILLIS} before this node's last beat. */
    private volatile int others;

    Heartbeats(RedisLink link, RedisClock clock) {
        this.link = link;
        this.clock = clock;
        this.beats = link.key("nodes");
        this.seen = link.key("nodes:seen");
    }

    /** @return the beat this one replaced under the same id; null if none (or not in this version's format) */
    NodeBeat beat(NodeBeat local) {
        NodeBeat beat = local.shifted(clock.offsetMillis(), clock.offsetMillis());
        String json;
        try {
            json = SharedRecords.JSON.writeValueAsString(beat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String before = link.call("write a heartbeat", r -> REPLACE.<String>run(r, io.lettuce.core.ScriptOutputType.VALUE,
                new String[] {beats}, beat.id(), json));
        link.call("note a heartbeat", r -> r.zadd(seen, beat.at(), beat.id()));
        long live = link.call("count the running nodes", r -> r.zcount(seen,
                io.lettuce.core.Range.create((double) (beat.at() - LIVE_MILLIS), Double.POSITIVE_INFINITY)));
        others = (int) Math.max(0, live - 1);
        List<String> gone = link.call("find silent nodes", r -> r.zrangebyscore(seen,
                io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) (beat.at() - FORGET_MILLIS))));
        if (!gone.isEmpty()) {
            String[] ids = gone.toArray(String[]::new);
            link.call("forget silent nodes", r -> r.hdel(beats, ids));
            link.call("forget silent nodes", r -> r.zrem(seen, ids));
        }
        NodeBeat replaced = read(before);
        return replaced == null ? null : onThisClock(replaced);
    }

    /** The other nodes running at this node's last beat (0 before it beats). */
    int others() { return others; }

    /** A beat as this node's clock reads its times, with the offset its node measured. */
    private NodeBeat onThisClock(NodeBeat shared) {
        return shared.shifted(-clock.offsetMillis(), shared.clockOffsetMillis());
    }

    /** KEYS: the beats; ARGV: the id, the beat. The beat it replaced, or false. */
    private static final LuaScript REPLACE = new LuaScript("""
            local before = redis.call('HGET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            return before
            """);

    private static NodeBeat read(String json) {
        if (json == null) return null;
        try {
            return SharedRecords.JSON.readValue(json, NodeBeat.class);
        } catch (JsonProcessingException e) {
            return null; // a node of another version
        }
    }

    List<NodeBeat> members() {
        List<NodeBeat> out = new ArrayList<>();
        link.call("read the heartbeats", r -> r.hgetall(beats)).forEach((id, json) -> {
            NodeBeat beat = read(json);
            if (beat != null) out.add(onThisClock(beat)); // a node of another version shows up once it beats in this format
        });
        out.sort(Comparator.comparingLong(NodeBeat::startedAt).thenComparing(NodeBeat::id));
        return out;
    }
}
