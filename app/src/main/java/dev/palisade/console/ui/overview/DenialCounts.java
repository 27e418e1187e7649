package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who was refused how often over a sliding window, kept up to date event by event: each second of
 * the window lists the tallies its refusals added to and how much, and a second that leaves the
 * window takes that back. Recounting the whole window on every live batch held the FX thread for
 * 100–200 ms at 10 000 events a second (BENCHMARKS.md).
 *
 * <p>A second is two arrays, not maps of counts: at 10 000 events a second a map per second kept
 * about 200 B per refusal for the window's 15 minutes, and the collector copied all of it from
 * survivor space to survivor space, pausing the window for 25–58 ms every few seconds
 * (BENCHMARKS.md, section 2m). Now a key refused in a second usually costs that second 8 B,
 * however often it was refused. Not thread-safe.
 */
final class DenialCounts {

    /** One key's refusals in the window, the table it is filed in, and where it was counted last. */
    private static final class Tally {
        final String key;
        final Map<String, Tally> table;
        long count;
        /** The second this key was last counted in, and its place there: a repeat in that second adds to it. */
        Second lastIn;
        int lastAt;

        Tally(String key, Map<String, Tally> table) {
            this.key = key;
            this.table = table;
        }
    }

    /** The tallies one second's refusals added to, and how much to each. */
    private static final class Second {
        final long second;
        Tally[] added = new Tally[48];
        int[] times = new int[48];
        int size;

        Second(long second) {
            this.second = second;
        }

        void count(Tally t) {
            if (t.lastIn == this) {
                times[t.lastAt]++;
                return;
            }
            if (size == added.length) {
                added = Arrays.copyOf(added, Math.max(8, size * 2)); // a trimmed second may be empty
                times = Arrays.copyOf(times, added.length);
            }
            t.lastIn = this;
            t.lastAt = size;
            added[size] = t;
            times[size++] = 1;
        }

        /** Gives back the room doubling left unused: the second is kept for the window's length. */
        void trim() {
            if (size < added.length) {
                added = Arrays.copyOf(added, size);
                times = Arrays.copyOf(times, size);
            }
        }
    }

    private final long windowMillis;
    private final Deque<Second> seconds = new ArrayDeque<>();
    private final Map<String, Tally> reasons = new HashMap<>();
    private final Map<String, Tally> ips = new HashMap<>();
    private final Map<String, Tally> sessions = new HashMap<>();

    DenialCounts(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void add(long at, String reason, String ip, String session) {
        long second = Math.floorDiv(at, 1000);
        Second s = seconds.peekLast();
        if (s == null || s.second < second) {
            if (s != null) s.trim();
            s = new Second(second);
            seconds.addLast(s);
        } else if (s.second > second) {
            // a late event: file it under its own second if that is still kept, else under the newest
            for (Second older : seconds) {
                if (older.second == second) {
                    s = older;
                    break;
                }
            }
        }
        if (!reason.isEmpty()) count(reason, reasons, s);
        if (!ip.isEmpty()) count(ip, ips, s);
        if (!session.isEmpty()) count(session, sessions, s);
    }

    private static void count(String key, Map<String, Tally> table, Second in) {
        Tally t = table.get(key);
        if (t == null) {
            t = new Tally(key, table);
            table.put(key, t);
        }
        t.count++;
        in.count(t);
    }

    /** Every refusal in the window, counted under its reason (a refusal without one is not counted). */
    long refusals() {
        long n = 0;
        for (Tally t : reasons.values()) n += t.count;
        return n;
    }

    /** How many reasons the window's refusals had: the top rows may leave some out. */
    int reasonCount() { return reasons.size(); }

    /** Every reason the window's refusals had, the top rows' and the others' (a copy: a dozen or so). */
    java.util.Set<String> reasonKeys() { return java.util.Set.copyOf(reasons.keySet()); }

    /** Forgets what happened before {@code newest} minus the window. */
    void expire(long newest) {
        long horizon = Math.floorDiv(newest - windowMillis, 1000);
        while (!seconds.isEmpty() && seconds.peekFirst().second < horizon) {
            Second gone = seconds.removeFirst();
            for (int i = 0; i < gone.size; i++) {
                Tally t = gone.added[i];
                if (t.lastIn == gone) t.lastIn = null; // holds no second past the window
                if ((t.count -= gone.times[i]) == 0) t.table.remove(t.key);
            }
        }
    }

    /** Forgets everything: the counts are rebuilt from the server's stored events. */
    void clear() {
        seconds.clear();
        reasons.clear();
        ips.clear();
        sessions.clear();
    }

    /**
     * Places the kept seconds hold, for tests: one per key and second (two when a late event came
     * between), however often it was refused.
     */
    int places() {
        int n = 0;
        for (Second s : seconds) n += s.size;
        return n;
    }

    List<Count> topReasons(int k) { return top(reasons, k); }

    List<Count> topIps(int k) { return top(ips, k); }

    List<Count> topSessions(int k) { return top(sessions, k); }

    /** The k largest, most first, ties by key: one pass keeping a short sorted list, no full sort. */
    private static List<Count> top(Map<String, Tally> counts, int k) {
        List<Count> best = new ArrayList<>(k + 1);
        for (Tally t : counts.values()) {
            long n = t.count;
            if (best.size() == k) {
                Count last = best.get(k - 1);
                if (n < last.count() || (n == last.count() && t.key.compareTo(last.key()) > 0)) continue;
            }
            int i = best.size();
            while (i > 0 && (best.get(i - 1).count() < n
                    || (best.get(i - 1).count() == n && best.get(i - 1).key().compareTo(t.key) > 0))) i--;
            best.add(i, new Count(t.key, n));
            if (best.size() > k) best.remove(k);
        }
        return best;
    }
}
