package dev.palisade.engine.session;

import dev.palisade.engine.KeyedTable;
import dev.palisade.engine.SipHash;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Live sessions grouped by one of their fixed facts (login address, user), so "how many sessions
 * does this address hold?" at login looks at that address's sessions, not at all of them: a scan
 * of the registry made every login cost O(sessions) (BENCHMARKS.md). Each group is a small array,
 * replaced on change: most groups hold one or a few sessions, and a set per group would cost more
 * memory than the session itself. A group of one is the session itself rather than an array of one
 * (24 B less for each address with a single session). The groups are slots of a {@link KeyedTable}
 * whose key is the group's own (its first session's), hashed under a secret since callers choose
 * addresses: no map node per group (32 B less per address).
 */
final class SessionsBy {

    private static final Session[] NONE = new Session[0];

    /** A key's group: a {@link Session} when it is alone, else a {@code Session[]} of two or more. */
    private final KeyedTable<String, Object> groups = new KeyedTable<>(true) {
        @Override
        protected long hashOf(String k, long k0, long k1) { return SipHash.hash(k0, k1, k); }

        @Override
        protected String keyIn(Object group) { return key.apply(first(group)); }

        @Override
        protected boolean filedUnder(Object group, String k) { return key.apply(first(group)).equals(k); }
    };
    private final Function<Session, String> key;

    SessionsBy(Function<Session, String> key) {
        this.key = key;
    }

    void add(Session s) {
        groups.update(key.apply(s), had -> {
            if (had == null) return s;
            Session[] them = members(had);
            Session[] more = Arrays.copyOf(them, them.length + 1);
            more[them.length] = s;
            return more;
        });
    }

    void remove(Session s) {
        groups.update(key.apply(s), had -> {
            if (had == null) return null;
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

    private static Session first(Object group) {
        return group instanceof Session one ? one : ((Session[]) group)[0];
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
        Object g = k == null ? null : groups.find(k);
        return g == null ? NONE : members(g);
    }
}
