package dev.palisade.engine.session;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Live sessions grouped by one of their fixed facts (login address, user), so "how many sessions
 * does this address hold?" at login looks at that address's sessions, not at all of them: a scan
 * of the registry made every login cost O(sessions) (BENCHMARKS.md). Each group is a small array,
 * replaced on change: most groups hold one or a few sessions, and a set per group would cost more
 * memory than the session itself. A group of one is the session itself rather than an array of one
 * (24 B less for each address with a single session).
 */
final class SessionsBy {

    private static final Session[] NONE = new Session[0];

    /** A key's group: a {@link Session} when it is alone, else a {@code Session[]} of two or more. */
    private final ConcurrentHashMap<String, Object> groups = new ConcurrentHashMap<>();
    private final Function<Session, String> key;

    SessionsBy(Function<Session, String> key) {
        this.key = key;
    }

    void add(Session s) {
        groups.merge(key.apply(s), s, (had, one) -> {
            Session[] them = members(had);
            Session[] more = Arrays.copyOf(them, them.length + 1);
            more[them.length] = (Session) one;
            return more;
        });
    }

    void remove(Session s) {
        groups.computeIfPresent(key.apply(s), (k, had) -> {
            Session[] them = members(had);
            int i = Arrays.asList(them).indexOf(s);
            if (i < 0) return had;
            if (them.length == 1) return null;
            if (them.length == 2) return them[1 - i];
            Session[] fewer = new Session[them.length - 1];
            System.arraycopy(them, 0, fewer, 0, i);
            System.arraycopy(them, i + 1, fewer, i, them.length - i - 1);
            return fewer;
        });
    }

    private static Session[] members(Object group) {
        return group instanceof Session one ? new Session[] {one} : (Session[]) group;
    }

    /** {@code k} as the group's sessions already hold it, so a new session shares their string; k if none. */
    String keyOf(String k) {
        Session[] g = of(k);
        return g.length == 0 ? k : key.apply(g[0]);
    }

    /** The group's sessions at this moment (a snapshot; never null). */
    Session[] of(String k) {
        Object g = k == null ? null : groups.get(k);
        return g == null ? NONE : members(g);
    }
}
