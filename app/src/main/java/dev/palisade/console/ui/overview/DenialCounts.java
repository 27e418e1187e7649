package dev.palisade.console.ui.overview;

import dev.palisade.console.ui.common.Count;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who was refused how often over a sliding window, kept up to date event by event: counts per
 * second of the window, subtracted as each second leaves it. Recounting the whole window on every
 * live batch held the FX thread for 100–200 ms at 10 000 events a second (BENCHMARKS.md).
 */
final class DenialCounts {

    private record Second(long second, Map<String, int[]> reasons, Map<String, int[]> ips, Map<String, int[]> sessions) {}

    private final long windowMillis;
    private final Deque<Second> seconds = new ArrayDeque<>();
    private final Map<String, long[]> reasons = new HashMap<>();
    private final Map<String, long[]> ips = new HashMap<>();
    private final Map<String, long[]> sessions = new HashMap<>();

    DenialCounts(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    void add(long at, String reason, String ip, String session) {
        long second = Math.floorDiv(at, 1000);
        Second s = seconds.peekLast();
        if (s == null || s.second() < second) {
            s = new Second(second, new HashMap<>(), new HashMap<>(), new HashMap<>());
            seconds.addLast(s);
        } else if (s.second() > second) {
            // a late event: file it under its own second if that is still kept, else under the newest
            for (Second older : seconds) {
                if (older.second() == second) {
                    s = older;
                    break;
                }
            }
        }
        if (!reason.isEmpty()) count(reason, s.reasons(), reasons);
        if (!ip.isEmpty()) count(ip, s.ips(), ips);
        if (!session.isEmpty()) count(session, s.sessions(), sessions);
    }

    private static void count(String key, Map<String, int[]> inSecond, Map<String, long[]> total) {
        inSecond.computeIfAbsent(key, k -> new int[1])[0]++;
        total.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    /** Forgets what happened before {@code newest} minus the window. */
    void expire(long newest) {
        long horizon = Math.floorDiv(newest - windowMillis, 1000);
        while (!seconds.isEmpty() && seconds.peekFirst().second() < horizon) {
            Second gone = seconds.removeFirst();
            uncount(gone.reasons(), reasons);
            uncount(gone.ips(), ips);
            uncount(gone.sessions(), sessions);
        }
    }

    private static void uncount(Map<String, int[]> inSecond, Map<String, long[]> total) {
        inSecond.forEach((key, n) -> {
            long[] t = total.get(key);
            if (t != null && (t[0] -= n[0]) <= 0) total.remove(key);
        });
    }

    /** Forgets everything: the counts are rebuilt from the server's stored events. */
    void clear() {
        seconds.clear();
        reasons.clear();
        ips.clear();
        sessions.clear();
    }

    List<Count> topReasons(int k) { return top(reasons, k); }

    List<Count> topIps(int k) { return top(ips, k); }

    List<Count> topSessions(int k) { return top(sessions, k); }

    /** The k largest, most first, ties by key: one pass keeping a short sorted list, no full sort. */
    private static List<Count> top(Map<String, long[]> counts, int k) {
        List<Count> best = new ArrayList<>(k + 1);
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long n = e.getValue()[0];
            if (best.size() == k) {
                Count last = best.get(k - 1);
                if (n < last.count() || (n == last.count() && e.getKey().compareTo(last.key()) > 0)) continue;
            }
            int i = best.size();
            while (i > 0 && (best.get(i - 1).count() < n
                    || (best.get(i - 1).count() == n && best.get(i - 1).key().compareTo(e.getKey()) > 0))) i--;
            best.add(i, new Count(e.getKey(), n));
            if (best.size() > k) best.remove(k);
        }
        return best;
    }
}
