package dev.palisade.engine.alert;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The successful logins of each user within the last 10 minutes and the addresses they came from, as the alert
 * thread reads them from the login events ({@code loginsPerUserPer10Minutes}). A user's logins are counted in 20 steps
 * of 30 s, so a login leaves the count between 9½ and 10 minutes after it.
 *
 * <p>Bounded: only successful logins are counted (a name a caller makes up opens no session, so cycling names costs
 * an attacker a password each), at most {@value #USERS} users (those that logged in last: a farm logs in all the time,
 * so pushing it out takes that many accounts' passwords within its minutes) and {@value #ADDRESSES} addresses per user;
 * a user or address with no login in the window is dropped at the next login. The alert thread's alone: not shared.
 */
final class LoginsPerUser {

    static final long WINDOW_MILLIS = 600_000;
    static final int USERS = 10_000;
    static final int ADDRESSES = 64;
    private static final int STEPS = 20;
    private static final long STEP_MILLIS = WINDOW_MILLIS / STEPS;

    /** One user's logins in the window; {@link #alerted} when an alert last named them. */
    static final class Logins {
        private final SteppedCount logins = new SteppedCount(STEPS);
        /** Each address's newest login step, least recent first. */
        private final Map<String, Long> addresses = new LinkedHashMap<>(8, 0.75f, true);
        private long alertedAt = Long.MIN_VALUE;

        private boolean add(String ip, long step) {
            if (!logins.add(step)) return false; // older than the window: an event that waited long in a queue
            Long before = addresses.get(ip);
            addresses.put(ip, before == null ? step : Math.max(before, step));
            for (Iterator<Long> it = addresses.values().iterator(); it.hasNext(); ) {
                if (it.next() > logins.newestStep() - STEPS && addresses.size() <= ADDRESSES) break;
                it.remove(); // out of the window, or the least recent past the cap
            }
            return true;
        }

        private boolean stale(long step) { return logins.newestStep() <= step - STEPS; }

        /** The logins within the window. */
        long count() { return logins.count(); }

        /** The addresses they came from; {@value #ADDRESSES} means that many or more. */
        int addresses() { return addresses.size(); }

        /** Whether no alert named them within the last 10 minutes before {@code at}. */
        boolean alertDue(long at) { return alertedAt == Long.MIN_VALUE || at - alertedAt >= WINDOW_MILLIS; }

        void alerted(long at) { alertedAt = at; }
    }

    private final Map<String, Logins> users = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Logins> eldest) { return size() > USERS; }
    };

    /**
     * Counts a login of {@code user} from {@code ip} at {@code at} (the event's time), dropping users with no login in
     * the window.
     *
     * @return the user's logins now, or null when {@code at} is older than the window
     */
    Logins login(String user, String ip, long at) {
        long step = Math.floorDiv(at, STEP_MILLIS);
        for (Iterator<Logins> it = users.values().iterator(); it.hasNext(); ) {
            if (!it.next().stale(step)) break; // least recent first: the rest are newer
            it.remove();
        }
        Logins logins = users.computeIfAbsent(user, u -> new Logins());
        return logins.add(ip, step) ? logins : null;
    }

    /** The users tracked now. */
    int users() { return users.size(); }

    /** Forgets every count: the alert was turned off, and nothing is kept while it is. */
    void clear() { users.clear(); }
}
