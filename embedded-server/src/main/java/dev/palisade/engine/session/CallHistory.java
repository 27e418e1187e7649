package dev.palisade.engine.session;

import dev.palisade.engine.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * The last N calls of a session in parallel primitive arrays (a ring), so a session with its history
 * stays a few hundred bytes. Method and path strings are the request's own, not copies.
 * Guarded by the owning session's monitor.
 */
final class CallHistory {

    private final long[] at;
    private final String[] methods;
    private final String[] paths;
    private final byte[] reasons;
    private int next;
    private int size;

    CallHistory(int capacity) {
        at = new long[capacity];
        methods = new String[capacity];
        paths = new String[capacity];
        reasons = new byte[capacity];
    }

    void add(long when, String method, String path, Reason reason) {
        at[next] = when;
        methods[next] = method;
        paths[next] = path;
        reasons[next] = (byte) reason.ordinal();
        next = (next + 1) % at.length;
        if (size < at.length) size++;
    }

    /**
     * The time of the newest allowed call matching, at or after {@code since}; -1 if none.
     *
     * @param paths matches a path (rules use exact paths or prefixes)
     */
    long lastAllowed(String method, java.util.function.Predicate<String> paths, long since) {
        for (int i = 1; i <= size; i++) {
            int slot = Math.floorMod(next - i, at.length);
            if (at[slot] < since) return -1;
            if (reasons[slot] == Reason.ALLOWED.ordinal() && methods[slot].equals(method) && paths.test(this.paths[slot])) {
                return at[slot];
            }
        }
        return -1;
    }

    /** Newest first. */
    List<Call> snapshot() {
        List<Call> calls = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            int slot = Math.floorMod(next - i, at.length);
            Reason reason = Reason.ofOrdinal(reasons[slot]);
            calls.add(new Call(at[slot], methods[slot], paths[slot], reason.status(), reason.code()));
        }
        return calls;
    }

}
