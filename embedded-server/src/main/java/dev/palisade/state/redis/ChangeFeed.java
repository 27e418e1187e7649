package dev.palisade.state.redis;

import dev.palisade.engine.store.StoreChange;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How a change made through one node reaches the others: each shared write raises that part's version
 * in Redis and publishes it; every node hears the message and reads the part again. A message can be
 * missed (a node reconnecting), so each node also compares the versions once a second: a change is in
 * force on every node within about a second either way. Listeners run on the feed's own thread.
 *
 * <p>Redis can lose what it held (restarted without persistence, {@code FLUSHALL}, restored from an
 * older snapshot): the feed's life key is then gone, or a part's count went back below what a node read.
 * Either begins a new life; the first node to notice it (one claim per life, made only while Redis holds that
 * life, leased 30 s from the first claim unless its holder marks it done) writes back every part it kept a copy
 * of where Redis lacks it ({@link KeptCopies}) and announces each; the others read nothing they keep until it is
 * done (or take over from their own copy once its lease lapsed), then every node reads every kept part again
 * whatever its count says, so changes made since are not taken for old ones. Every node writes back the sessions
 * it holds. A part no node keeps a copy of (the sessions: each node holds its own) is not read when its count is
 * gone altogether: reading it empty would throw away what it holds.
 */
final class ChangeFeed implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());
    static final long CHECK_EVERY_MILLIS = 1_000;

    /** KEYS: the version; ARGV: the channel, the part. */
    private static final LuaScript ANNOUNCE = new LuaScript("""
            local v = redis.call('INCR', KEYS[1])
            redis.call('PUBLISH', ARGV[1], ARGV[2] .. ' ' .. v)
            return v
            """);
    private static final StoreChange[] PARTS = StoreChange.values();

    private final RedisLink link;
    private final String channel;
    /** The write-back's claim: "life mark" while its writer writes, "life mark done" after. */
    private final String claimKey;
    /** Each part's version, then the feed's life: a random text set once, gone when Redis lost its data. */
    private final String[] versionKeys = new String[PARTS.length + 1];
    private String life; // the feed's thread, once constructed
    private final Map<StoreChange, Long> seen = new EnumMap<>(StoreChange.class); // the feed's thread only
    private final List<Consumer<StoreChange>> listeners = new CopyOnWriteArrayList<>();
    /** What this node holds of the shared parts, given back when Redis lost them. */
    interface Restorer {
        /** Whether the node keeps a copy of {@code part} (not of the sessions). */
        boolean keeps(StoreChange part);

        /** Writes back what the node holds where Redis lacks it: the cluster's marks and every part it keeps. */
        void writeBack();

        /** Writes back what every node writes back for itself where Redis lacks it: the sessions it holds. */
        void writeBackHeld();
    }

    /**
     * KEYS: the write-back's claim, the feed's life; ARGV: the life, this feed's mark, the claim's lease. 1: this
     * node writes back (first, again, or in place of a writer whose claim lapsed). Only for the life Redis holds: a
     * node still waiting on an older life must not take the claim of the new one's writer. A claim lapses after its
     * first lease unless its writer marked it done, also while its writer tries again and again: a writer that
     * stopped, or keeps failing, leaves the write-back to another node.
     */
    private static final LuaScript CLAIM = new LuaScript("""
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            local claimed = redis.call('GET', KEYS[1])
            local mine = ARGV[1] .. ' ' .. ARGV[2]
            if claimed == mine then return 1 end
            if claimed and string.sub(claimed, 1, #ARGV[1] + 1) == ARGV[1] .. ' ' then return 0 end
            redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
            return 1
            """);
    /**
     * KEYS: the claim, the feed's life; ARGV: the life, the claim as this node made it. Marks the write-back done,
     * for good, unless the claim lapsed and another node took it over: its write-back is not done until it says so.
     */
    private static final LuaScript MARK_DONE = new LuaScript("""
            if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
            local claimed = redis.call('GET', KEYS[1])
            if claimed and claimed ~= ARGV[2] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2] .. ' done')
            return 1
            """);
    /** Far more than a write-back of every part takes; a writer stopped halfway is taken over after it. */
    static final long CLAIM_LEASE_MILLIS = 30_000;
    private static final String DONE = " done";
    /** KEYS: the life; ARGV: the life seen, a new one. Begins a new life only in place of the one seen. */
    private static final LuaScript RENEW = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) end
            return 0
            """);

    private volatile Restorer restorer = new Restorer() {
        @Override
        public boolean keeps(StoreChange part) { return false; }

        @Override
        public void writeBack() {}

        @Override
        public void writeBackHeld() {}
    };
    /** This feed's own mark, in the write-back's claim. */
    private final String mark = java.util.UUID.randomUUID().toString();
    private volatile Thread feedThread;
    /** Changes stored whose announcement failed; announced by the next check. */
    private final java.util.Set<StoreChange> unannounced = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "palisade-cluster-feed");
        t.setDaemon(true);
        feedThread = t;
        return t;
    });
    private final StatefulRedisPubSubConnection<String, String> subscription;
    /** Each part this node could not read again, and why: its health fails until it reads them. */
    private final Map<StoreChange, String> problems = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * The life whose write-back another node claimed and has not marked done, or null; the feed's thread only.
     * Meanwhile this node reads none of the parts it keeps: its copy stays whole, to write back itself should
     * that node stop halfway (reading a part now would read it half written back, or empty).
     */
    private String awaited;

    ChangeFeed(RedisLink link) {
        this.link = link;
        this.channel = link.key("changes");
        this.claimKey = link.key("feed:written-back");
        for (int i = 0; i < PARTS.length; i++) versionKeys[i] = link.key("version:" + PARTS[i].name());
        versionKeys[PARTS.length] = link.key("feed:life");
        long asOf = link.failures();
        this.life = adoptLife();
        List<io.lettuce.core.KeyValue<String, String>> now = link.call("read the versions", r -> r.mget(versionKeys));
        for (int i = 0; i < PARTS.length; i++) seen.put(PARTS[i], number(now.get(i).getValueOrElse(null)));
        this.subscription = link.subscribe();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                int space = message.indexOf(' ');
                if (space < 0) return;
                try {
                    StoreChange part = StoreChange.valueOf(message.substring(0, space));
                    long version = Long.parseLong(message.substring(space + 1));
                    thread.execute(() -> deliver(part, version, false));
                } catch (IllegalArgumentException e) {
                    // another version's part: its periodic check is what this node relies on
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the feed is closing
                }
            }
        });
        subscription.sync().subscribe(channel);
        link.caughtUp(asOf);
        thread.scheduleWithFixedDelay(this::check, CHECK_EVERY_MILLIS, CHECK_EVERY_MILLIS, TimeUnit.MILLISECONDS);

    }

    void listen(Consumer<StoreChange> listener) { listeners.add(listener); }

    /** What gives back what this node holds when Redis lost the cluster's data. */
    void onLoss(Restorer restorer) { this.restorer = restorer; }

    /** Whether the caller is the feed's thread, which reads every part again after each change. */
    boolean onTheFeed() { return Thread.currentThread() == feedThread; }

    /** Why a part cannot be read again (a key ring sealed with another key), or null: the node's health. */
    String problem() {
        for (String p : problems.values()) return p;
        return null;
    }

    /**
     * After a shared write: every node (this one too) reads {@code part} again. When Redis fails between
     * the write and this, the announcement is kept and made by the feed's next check, so the other
     * nodes still hear of a change that was stored.
     */
    void announce(StoreChange part) {
        try {
            link.call("announce a change", r -> ANNOUNCE.<Long>run(r, ScriptOutputType.INTEGER,
                    new String[] {versionKeys[part.ordinal()]}, channel, part.name()));
        } catch (RuntimeException e) {
            unannounced.add(part);
        }
    }

    /** The version check: what a missed message did not bring. */
    private void check() {
        long asOf = link.failures();
        for (StoreChange part : PARTS) {
            if (unannounced.remove(part)) announce(part);
        }
        try {
            if (awaited != null) awaitWriteBack();
            List<io.lettuce.core.KeyValue<String, String>> now = link.call("read the versions", r -> r.mget(versionKeys));
            if (!java.util.Objects.equals(now.get(PARTS.length).getValueOrElse(null), life)) lost();
            for (int i = 0; i < PARTS.length; i++) deliver(PARTS[i], number(now.get(i).getValueOrElse(null)), true);
            link.caughtUp(asOf); // a read of a part that failed meanwhile counted as a failure: still behind then
        } catch (RuntimeException e) {
            // Redis is away: the hot state's watch reports it; the next check catches up
        }
    }

    /**
     * Redis lost what it held: the feed's life is gone (a restart without persistence, {@code FLUSHALL})
     * or another node began a new one. Its counts of changes started again, so they can come back to
     * what this node read, and a change made since would go unread. Every part this node kept is written
     * back where Redis lacks it, then read again whatever its version says.
     */
    private void lost() {
        String now = adoptLife();
        // one node writes back for each life: a node that noticed later would bring back with its older copy what
        // was deleted in between (a user, a blacklist entry)
        boolean writer = writeBackIfClaimed(now);
        LOG.log(System.Logger.Level.WARNING, "Redis lost the cluster's data (run it with persistence): " + (writer
                ? "wrote back what this node holds" : "another node writes back what it held; reading it again then"));
        // every node, not the writer alone: a node may hold a session the others have not taken in yet, and a session
        // is never replaced, so what was ended or used through another node since stays as it is
        restorer.writeBackHeld();
        // the sessions' count of changes starts again with the new life: below what was read is no loss of its own
        seen.put(StoreChange.SESSIONS, -1L);
        life = now; // only once written back: a write-back Redis broke off is made again at the next check
        awaited = writer ? null : now;
        if (writer) readKeptPartsAgain();
    }

    /** Writes back every kept part if this node wins the claim for {@code forLife}; marks it done. @return whether it did */
    private boolean writeBackIfClaimed(String forLife) {
        String[] keys = {claimKey, versionKeys[PARTS.length]};
        String mine = forLife + " " + mark;
        boolean writer = link.call("claim the write-back", r -> CLAIM.<Long>run(r, ScriptOutputType.INTEGER,
                keys, forLife, mark, Long.toString(CLAIM_LEASE_MILLIS))) == 1;
        if (!writer) return false;
        restorer.writeBack();
        for (StoreChange part : PARTS) {
            if (restorer.keeps(part)) announce(part); // also to a node that started while Redis was empty
        }
        // refused when this node took longer than its lease and another took over: that one marks it done; what this
        // node wrote back stands either way (nothing is replaced)
        if (link.call("mark the write-back done", r -> MARK_DONE.<Long>run(r, ScriptOutputType.INTEGER, keys, forLife, mine)) == 0) {
            LOG.log(System.Logger.Level.WARNING, "The write-back of what Redis lost took longer than its claim's lease ("
                    + CLAIM_LEASE_MILLIS / 1000 + " s): another node took it over, or Redis lost its data again");
        }
        return true;
    }

    /**
     * Another node claimed the write-back of {@link #awaited}: once it marked it done, this node reads every kept
     * part again; if its claim lapsed (the node stopped halfway), this node claims it and writes back.
     */
    private void awaitWriteBack() {
        String claimed = link.call("read the write-back's claim", r -> r.get(claimKey));
        boolean ofThisLife = claimed != null && claimed.startsWith(awaited + " ");
        if (ofThisLife && !claimed.endsWith(DONE)) return; // still writing
        if (!ofThisLife) {
            if (!writeBackIfClaimed(awaited)) return; // another node took it over first, or the life moved on (lost() next)
            LOG.log(System.Logger.Level.WARNING, "The node that claimed the write-back of what Redis lost stopped before"
                    + " it was done: wrote back what this node holds");
        }
        awaited = null;
        readKeptPartsAgain();
    }

    /** Whether another node listens to this feed (this one does); no when Redis will not say (PUBSUB refused). */
    boolean othersListen() {
        try {
            Long listening = link.probe("count the nodes listening", r -> r.pubsubNumsub(channel)).get(channel);
            return listening != null && listening > 1;
        } catch (RuntimeException refused) {
            return false;
        }
    }

    /** Whether a node claimed the write-back of the life Redis holds now. */
    boolean writeBackClaimed() {
        String now = link.call("read the change feed's life", r -> r.get(versionKeys[PARTS.length]));
        String claimed = link.call("read the write-back's claim", r -> r.get(claimKey));
        return now != null && claimed != null && claimed.startsWith(now + " ");
    }

    private void readKeptPartsAgain() {
        for (StoreChange part : PARTS) {
            if (restorer.keeps(part)) seen.put(part, -1L); // read again at the next delivery, whatever its version
        }
    }

    /** The feed's life: this node's new one if Redis holds none, else the one it holds. */
    private String adoptLife() {
        String key = versionKeys[PARTS.length];
        link.call("begin the change feed's life", r -> r.setnx(key, java.util.UUID.randomUUID().toString()));
        return link.call("read the change feed's life", r -> r.get(key));
    }

    /** @param counted whether {@code version} is Redis's count now (the check), not a message that may be late */
    private void deliver(StoreChange part, long version, boolean counted) {
        // nobody listens yet (the engine is still loading): the change stays unseen, so it is read once it listens
        long read = seen.get(part);
        if (listeners.isEmpty() || version == read || (version < read && !counted)) return;
        if (awaited != null && restorer.keeps(part)) return; // read once the write-back is done (awaitWriteBack)
        try {
            if (!counted) {
                List<io.lettuce.core.KeyValue<String, String>> now = link.call("read the change feed's life",
                        r -> r.mget(versionKeys[PARTS.length], versionKeys[part.ordinal()]));
                if (!java.util.Objects.equals(now.get(0).getValueOrElse(null), life)) {
                    // a change announced after Redis lost its data, before the check saw it: what was lost goes back first,
                    // then the delivery starts over in the new life
                    lost();
                    deliver(part, version, counted);
                    return;
                }
                // read below: every change counted by now, so the messages queued behind this one for them are skipped
                // (one read for a burst of announcements, not one read of the whole part each)
                version = Math.max(version, number(now.get(1).getValueOrElse(null)));
            }
            if (version < read) {
                LOG.log(System.Logger.Level.WARNING, "The cluster's count of " + part + " changes went back from " + read
                        + " to " + version + ": Redis lost data it had (run it with persistence)");
                if (restorer.keeps(part) || part == StoreChange.SESSIONS) {
                    // restored from an older snapshot, which holds the feed's life too: a new life tells every node,
                    // and each writes back what it holds (the sessions, with revocations the snapshot lacks)
                    String seenLife = life;
                    link.call("begin a new life of the change feed", r -> RENEW.<Long>run(r, ScriptOutputType.INTEGER,
                            new String[] {versionKeys[PARTS.length]}, seenLife, java.util.UUID.randomUUID().toString()));
                    lost();
                    if (part != StoreChange.SESSIONS) { // read again once written back; the sessions are read below
                        deliver(part, version, counted);
                        return;
                    }
                } else if (version == 0) {
                    seen.put(part, 0L); // nothing kept to give back: reading it empty would drop what the node holds
                    return;
                }
            }
            for (Consumer<StoreChange> l : listeners) l.accept(part);
            seen.put(part, version);
            problems.remove(part);
        } catch (RuntimeException e) {
            // the next check tries again (the part's version still differs from what was read); logged once a part
            String was = problems.put(part, "cannot read the cluster's " + part.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + " from Redis: " + e.getMessage());
            if (was == null) LOG.log(System.Logger.Level.WARNING, "Could not read the cluster's " + part + " again; retrying"
                    + " every second", e);
        }
    }

    private static long number(String s) { return s == null ? 0 : Long.parseLong(s); }

    @Override
    public void close() {
        thread.shutdownNow();
        subscription.close();
    }
}
