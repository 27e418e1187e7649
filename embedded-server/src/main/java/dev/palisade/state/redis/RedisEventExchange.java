package dev.palisade.state.redis;

import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.state.EventExchange;
import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cluster's events in one Redis stream ({@code palisade:events}), each entry tagged with the node it
 * happened on. The stream is a carrier, not the history: each node keeps the whole history in its own
 * database, and the stream keeps about the last {@link #KEPT} events, enough for a node that was away
 * for a while to catch up. Sending is one script per batch on the shared connection; reading blocks,
 * so it has a connection of its own.
 */
final class RedisEventExchange implements EventExchange {

    /**
     * Entries the stream keeps (trimmed approximately, as Redis does cheaply): with the caps below at
     * most about 350 MB of Redis memory, about 15 MB for events of a usual size.
     */
    static final int KEPT = 50_000;
    /**
     * What a caller chooses (a user name, a header in a detail) is cut to these lengths for the stream;
     * a path is already bounded where the event is made ({@link dev.palisade.engine.event.KeptPath}).
     */
    static final int MAX_TEXT = 256;
    static final int MAX_DETAIL = 4_096;
    private static final int FIELDS = 14;

    /** How long a batch's id is remembered: far longer than a sender retries one batch before sending the next. */
    static final long BATCH_REMEMBERED_MILLIS = 600_000;

    /** KEYS: the stream, the batch's mark; ARGV: entries kept, how long the mark lasts, then 14 fields per event. */
    private static final LuaScript SEND = new LuaScript("""
            if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 0 end
            local kept = ARGV[1]
            for i = 3, #ARGV, 14 do
              redis.call('XADD', KEYS[1], 'MAXLEN', '~', kept, '*',
                'node', ARGV[i], 'at', ARGV[i + 1], 'type', ARGV[i + 2], 'code', ARGV[i + 3],
                'check', ARGV[i + 4], 'session', ARGV[i + 5], 'user', ARGV[i + 6], 'ip', ARGV[i + 7],
                'method', ARGV[i + 8], 'path', ARGV[i + 9], 'status', ARGV[i + 10], 'cost', ARGV[i + 11],
                'detail', ARGV[i + 12], 'actor', ARGV[i + 13])
            end
            return (#ARGV - 2) / 14
            """);

    private final RedisLink link;
    private final String node;
    private final String stream;
    private StatefulRedisConnection<String, String> reading;
    /** After a start or a failure, the next read checks whether entries it wanted were trimmed. */
    private boolean checkMissed = true;

    RedisEventExchange(RedisLink link, String node) {
        this.link = link;
        this.node = node;
        this.stream = link.key("events");
    }

    @Override
    public void send(String batchId, List<Event> batch) {
        if (batch.isEmpty()) return;
        String[] args = new String[2 + batch.size() * FIELDS];
        args[0] = Integer.toString(KEPT);
        args[1] = Long.toString(BATCH_REMEMBERED_MILLIS);
        int i = 2;
        for (Event e : batch) {
            args[i++] = e.node();
            args[i++] = Long.toString(e.at());
            args[i++] = e.type().label();
            args[i++] = cut(e.code(), MAX_TEXT);
            args[i++] = cut(e.check(), MAX_TEXT);
            args[i++] = cut(e.sessionId(), MAX_TEXT);
            args[i++] = cut(e.user(), MAX_TEXT);
            args[i++] = cut(e.ip(), MAX_TEXT);
            args[i++] = cut(e.method(), MAX_TEXT);
            args[i++] = e.path();
            args[i++] = Integer.toString(e.status());
            args[i++] = Long.toString(e.costNanos());
            args[i++] = cut(e.detail(), MAX_DETAIL);
            args[i++] = cut(e.actor(), MAX_TEXT);
        }
        String[] keys = {stream, stream + ":batch:" + node + ":" + batchId};
        link.call("share events", r -> SEND.<Long>run(r, ScriptOutputType.INTEGER, keys, args));
    }

    @Override
    public synchronized Received receive(String position, int max, long waitMillis) {
        String from = position.isEmpty() ? "0-0" : position;
        try {
            if (reading == null) reading = link.connect();
            boolean missed = checkMissed && !position.isEmpty() && trimmedAfter(from);
            checkMissed = false;
            List<StreamMessage<String, String>> read = reading.sync().xread(
                    XReadArgs.Builder.count(max).block(waitMillis), XReadArgs.StreamOffset.from(stream, from));
            List<Event> theirs = new ArrayList<>(read.size());
            String last = from;
            for (StreamMessage<String, String> m : read) {
                last = m.getId();
                Event e = event(m.getBody());
                if (e != null && !e.node().equals(node)) theirs.add(e);
            }
            return new Received(theirs, last, missed);
        } catch (RedisException e) {
            checkMissed = true;
            throw new StateUnavailableException("Redis at " + link.where() + " could not read the cluster's events: "
                    + RedisLink.reason(e), e);
        }
    }

    /**
     * True when the entry at {@code position} is gone: the stream was trimmed past it, so entries after it
     * may have gone too (trimming takes the oldest first; it may also have stopped right after it).
     */
    private boolean trimmedAfter(String position) {
        List<Object> info;
        try {
            info = reading.sync().xinfoStream(stream);
        } catch (RedisCommandExecutionException e) {
            return false; // no stream yet: nothing was trimmed
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            String name = String.valueOf(info.get(i));
            Object value = info.get(i + 1);
            if (name.equals("first-entry") && value instanceof List<?> entry && !entry.isEmpty()) {
                return compare(String.valueOf(entry.get(0)), position) > 0;
            }
        }
        return false; // an empty stream
    }

    /** The text as it is, or its first {@code max} characters and an ellipsis (never half a surrogate pair). */
    static String cut(String text, int max) {
        if (text.length() <= max) return text;
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /** Orders two stream ids ({@code millis-sequence}). */
    static int compare(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int byTime = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }

    /** An entry as an event, or null for one this version cannot read (a newer node's type, say). */
    private static Event event(Map<String, String> f) {
        try {
            return new Event(0, Long.parseLong(f.get("at")), EventType.ofLabel(f.get("type")), f.get("code"),
                    f.get("check"), f.get("session"), f.get("user"), f.get("ip"), f.get("method"), f.get("path"),
                    Integer.parseInt(f.get("status")), Long.parseLong(f.get("cost")), f.get("detail"), f.get("actor"),
                    f.get("node"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        if (reading != null) reading.close();
    }
}
