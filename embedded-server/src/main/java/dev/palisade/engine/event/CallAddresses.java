package dev.palisade.engine.event;

import dev.palisade.engine.Reason;
import dev.palisade.engine.session.Call;
import dev.palisade.engine.session.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * The address each of a session's last calls came from (ladder red team 55, L2: calls from another address of the
 * session's /24 looked like its bootstrap address's). A session's history keeps no address, which would cost every
 * session memory (BENCHMARKS.md 2g) and every call a comparison; the ring of recent calls keeps each allowed call's, so
 * the two are matched on time, method and path here, on the admin thread. A refused call is not in the ring (its event
 * carries its address), and an allowed one the ring has overwritten since is not either: their address stays null.
 */
public final class CallAddresses {

    /** How far back of the oldest call the ring is read: its times run out of order by as much as a writer is delayed. */
    static final long SLACK_MILLIS = 5_000;

    private CallAddresses() {}

    /** {@code calls} (the session's last calls, newest first), each allowed one with its address where the ring has it. */
    public static List<Call> of(Session session, List<Call> calls, RecentCalls ring) {
        List<Call> out = new ArrayList<>(calls);
        long oldest = Long.MAX_VALUE;
        int open = 0;
        for (Call c : calls) {
            if (allowed(c)) {
                oldest = Math.min(oldest, c.at());
                open++;
            }
        }
        if (open == 0) return out;
        int[] left = {open};
        // newest first on both sides, so calls alike in time, method and path get their addresses in their order
        ring.newestOf(session, oldest - SLACK_MILLIS, seen -> {
            for (int i = 0; i < out.size(); i++) {
                Call c = out.get(i);
                if (c.ip() == null && allowed(c) && matches(c, seen)) {
                    out.set(i, c.from(seen.ip()));
                    return --left[0] > 0;
                }
            }
            return true;
        });
        return out;
    }

    private static boolean allowed(Call c) { return c.code().equals(Reason.ALLOWED.code()); }

    /** The ring names a method it does not know {@code OTHER}, and keeps a long path cut as events do. */
    private static boolean matches(Call c, RecentCalls.Call seen) {
        return c.at() == seen.at() && (c.method().equals(seen.method()) || seen.method().equals("OTHER") && !RecentCalls.knows(c.method()))
                && KeptPath.of(c.path()).equals(seen.path());
    }
}
