package dev.palisade.engine.event;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How often the admin trail tells of calls an actor's role does not allow: the first of each minute per actor,
 * with how many were refused since the last one told. A token probing for what it may change shows; one sending
 * refused calls by the thousand does not push the other admin events off the trail's pages.
 */
final class RoleRefusals {

    static final long WINDOW_MILLIS = 60_000;

    /** Actor name → {when one was last told, refused since}; one entry per operator name (the owner is never refused). */
    private final ConcurrentHashMap<String, long[]> told = new ConcurrentHashMap<>();

    /** @return how many were refused untold before this one, which is to be told; -1 when this one is only counted */
    long refused(String actor, long now) {
        long[] untold = {-1};
        told.compute(actor, (name, seen) -> {
            if (seen != null && now - seen[0] < WINDOW_MILLIS) {
                seen[1]++;
                return seen;
            }
            untold[0] = seen == null ? 0 : seen[1];
            return new long[] {now, 0};
        });
        return untold[0];
    }
}
