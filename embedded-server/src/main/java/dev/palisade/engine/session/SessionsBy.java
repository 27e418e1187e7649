package dev.palisade.engine.session;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Live sessions grouped by one of their fixed facts (login address, user), so "how many sessions
 * does this address hold?" at login looks at that address's sessions, not at all of them: a scan
 * of the registry made every login cost O(sessions) (BENCHMARKS.md). Each group is a small array,
 * replaced on change: most groups hold one or a few sessions, and a set per group would cost more
 * memory than the session itself.
 */
final class SessionsBy {

    private static final Session[] NONE = new Session[0];

    private final ConcurrentHashMap<String, Session[]> groups = new ConcurrentHashMap<>();
    private final Function<Session, String> key;

    SessionsBy(Function<Session, String> key) {
        this.key = key;
    }

    void add(Session s) {
        groups.merge(key.apply(s), new Session[] {s}, (had, one) -> {
            Session[] more = Arrays.copyOf(had, had.length + 1);
            more[had.length] = one[0];
            return more;
        });
    }

    void remove(Session s) {
        groups.computeIfPresent(key.apply(s), (k, had) -> {
            int i = Arrays.asList(had).indexOf(s);
            if (i < 0) return had;
            if (had.length == 1) return null;
            Session[] fewer = new Session[had.length - 1];
            System.arraycopy(had, 0, fewer, 0, i);
            System.arraycopy(had, i + 1, fewer, i, had.length - i - 1);
            return fewer;
        });
    }

    /** {@code k} as the group's sessions already hold it, so a new session shares their string; k if none. */
    String keyOf(String k) {
        Session[] g = of(k);
        return g.length == 0 ? k : key.apply(g[0]);
    }

    /** The group's sessions at this moment (a snapshot; never null). */
    Session[] of(String k) {
        Session[] g = k == null ? null : groups.get(k);
        return g == null ? NONE : g;
    }
}
