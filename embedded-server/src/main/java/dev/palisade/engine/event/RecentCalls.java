package dev.palisade.engine.event;

import dev.palisade.engine.session.Session;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The most recent allowed calls, in memory: a ring of parallel arrays (time, session, principal,
 * address, path, method), about 33 bytes a call, that keeps no copy of a string it already holds.
 * Adding a call takes one atomic increment, one compare-and-set and a few array writes; a reader
 * checks each slot's sequence number before and after reading it, so it never returns a half-written
 * or overwritten call.
 * Allowed calls are not stored as events by default (setting {@code allowedEvents}); this ring and
 * the per-minute rollups built from it are what is known of them.
 */
public final class RecentCalls {

    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    private static final int CANONICAL_MAX = 65_536;

    /** One allowed call as read back. */
    public record Call(long seq, long at, String sessionId, String principal, String ip, String method, String path) {}

    private final int capacity;
    private final long[] seqs;
    private final long[] at;
    /**
     * A call's session: the {@link Session} itself, whose id is two longs with no text to share (an
     * allowed call makes no string of it; the text is made when the call is read), or an id as
     * text from {@link #add(long, String, String, String, String, String)}. A session that ended
     * stays reachable until its calls leave the ring.
     */
    private final Object[] sessions;
    private final String[] principals;
    private final String[] ips;
    private final String[] paths;
    private final byte[] methods;
    private final AtomicLong next = new AtomicLong();
    /** Paths and addresses arrive as a new string per request; the ring keeps one instance of each. */
    private final ConcurrentHashMap<String, String> canonical = new ConcurrentHashMap<>();

    public RecentCalls(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        this.seqs = new long[capacity];
        java.util.Arrays.fill(seqs, -1);
        this.at = new long[capacity];
        this.sessions = new Object[capacity];
        this.principals = new String[capacity];
        this.ips = new String[capacity];
        this.paths = new String[capacity];
        this.methods = new byte[capacity];
    }

    public int capacity() { return capacity; }

    /** Calls added since the start; the next call gets this sequence number. */
    public long added() { return next.get(); }

    public void add(long now, String sessionId, String principal, String ip, String method, String path) {
        put(now, sessionId, principal, ip, method, path);
    }

    /** An allowed call of {@code session} (null for an API key's). */
    public void add(long now, Session session, String principal, String ip, String method, String path) {
        put(now, session, principal, ip, method, path);
    }

    private void put(long now, Object session, String principal, String ip, String method, String path) {
        long seq = next.getAndIncrement();
        int slot = (int) (seq % capacity);
        if (!claim(slot, seq)) return; // another writer holds the slot: see claim
        at[slot] = now;
        sessions[slot] = session;
        principals[slot] = principal;
        ips[slot] = canonical(ip);
        paths[slot] = canonical(KeptPath.of(path));
        methods[slot] = methodIndex(method);
        SEQ.setRelease(seqs, slot, seq);
    }

    /**
     * Takes the slot for the writer of {@code seq}. A slot holds {@code -1} when empty, its call's
     * sequence number when written, and {@code -(seq + 2)} while the writer of {@code seq} fills it.
     * Two writers meet on a slot only when the ring wraps during one write (a writer was descheduled
     * mid-call); then one of the two calls is dropped rather than let a reader see them mixed, and
     * no writer ever waits: this runs on the request path.
     */
    private boolean claim(int slot, long seq) {
        long current = (long) SEQ.getVolatile(seqs, slot);
        return current >= -1 && current < seq && SEQ.compareAndSet(seqs, slot, current, -(seq + 2));
    }

    /**
     * Calls with sequence numbers in {@code [from, added())} still in the ring, oldest first, that
     * {@code filter} accepts; at most {@code limit}.
     */
    public List<Call> since(long from, Predicate<Call> filter, int limit) {
        long end = next.get();
        long start = Math.max(from, end - capacity);
        List<Call> out = new ArrayList<>();
        for (long seq = start; seq < end && out.size() < limit; seq++) {
            Call c = read(seq);
            if (c != null && filter.test(c)) out.add(c);
        }
        return out;
    }

    /**
     * Hands each call with a sequence number in {@code [from, added())} still in the ring to
     * {@code each}, oldest first. A call whose writer is still filling its slot is skipped (the
     * rollups read past it: a few calls a run at most, on a busy node).
     */
    public void forEachSince(long from, java.util.function.Consumer<Call> each) {
        long end = next.get();
        for (long seq = Math.max(from, end - capacity); seq < end; seq++) {
            Call c = read(seq);
            if (c != null) each.accept(c);
        }
    }

    /** The newest calls {@code filter} accepts, newest first; at most {@code limit}. */
    public List<Call> newest(Predicate<Call> filter, int limit) {
        long end = next.get();
        long start = Math.max(0, end - capacity);
        List<Call> out = new ArrayList<>();
        for (long seq = end - 1; seq >= start && out.size() < limit; seq--) {
            Call c = read(seq);
            if (c != null && filter.test(c)) out.add(c);
        }
        return out;
    }

    /**
     * The newest calls of one session, principal and address (each null for any), newest first; at
     * most {@code limit}. Compared where they lie, so the calls that do not match make no object (a
     * session's id no text): asking after a quiet session walks a ring of a million calls without
     * leaving a million calls' garbage.
     */
    public List<Call> newestOf(String sessionId, String principal, String ip, int limit) {
        long end = next.get();
        long start = Math.max(0, end - capacity);
        List<Call> out = new ArrayList<>();
        for (long seq = end - 1; seq >= start && out.size() < limit; seq--) {
            int slot = (int) (seq % capacity);
            if ((long) SEQ.getAcquire(seqs, slot) != seq || !lies(slot, sessionId, principal, ip)) continue;
            Call c = read(seq); // read again whole: the slot may have been written over meanwhile
            if (c != null && (sessionId == null || sessionId.equals(c.sessionId()))
                    && (principal == null || principal.equals(c.principal())) && (ip == null || ip.equals(c.ip()))) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * Hands {@code each} the calls of {@code session} (the object itself, as {@link #add(long, Session, String, String,
     * String, String)} was given it), newest first, until one older than {@code since} or until {@code each} says
     * enough. Calls of other sessions make no object.
     */
    public void newestOf(Session session, long since, Predicate<Call> each) {
        long end = next.get();
        long start = Math.max(0, end - capacity);
        for (long seq = end - 1; seq >= start; seq--) {
            int slot = (int) (seq % capacity);
            if ((long) SEQ.getAcquire(seqs, slot) != seq) continue;
            if (at[slot] < since) return;
            if (sessions[slot] != session) continue;
            Call c = read(seq); // read again whole: the slot may have been written over meanwhile
            if (c != null && !each.test(c)) return;
        }
    }

    private boolean lies(int slot, String sessionId, String principal, String ip) {
        if (principal != null && !principal.equals(principals[slot])) return false;
        if (ip != null && !ip.equals(ips[slot])) return false;
        if (sessionId == null) return true;
        Object session = sessions[slot];
        return session instanceof Session s ? s.idIs(sessionId) : sessionId.equals(session);
    }

    /** The call with this sequence number, or null if it was overwritten or is still being written. */
    Call read(long seq) {
        int slot = (int) (seq % capacity);
        if ((long) SEQ.getAcquire(seqs, slot) != seq) return null;
        Object session = sessions[slot];
        Call c = new Call(seq, at[slot], session instanceof Session s ? s.id() : (String) session, principals[slot], ips[slot],
                method(methods[slot]), paths[slot]);
        VarHandle.acquireFence();
        return (long) SEQ.getVolatile(seqs, slot) == seq ? c : null;
    }

    private String canonical(String s) {
        if (s == null) return null;
        String known = canonical.get(s);
        if (known != null) return known;
        if (canonical.size() >= CANONICAL_MAX) canonical.clear(); // a new generation: bounded, never a leak
        String previous = canonical.putIfAbsent(s, s);
        return previous == null ? s : previous;
    }

    private static byte methodIndex(String method) {
        for (int i = 0; i < METHODS.length; i++) {
            if (METHODS[i].equals(method)) return (byte) i;
        }
        return -1;
    }

    /** Whether the ring keeps {@code method} by name, not as {@code OTHER}. */
    static boolean knows(String method) {
        return methodIndex(method) >= 0;
    }

    private static String method(byte index) {
        return index < 0 ? "OTHER" : METHODS[index];
    }
}
