package dev.palisade.http.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * One page of a list in a given order, and how many items match: what sorting every match and
 * skipping to the page gives, found while keeping only the first {@code offset + limit} matches.
 * With 100 000 sessions, sorting them all for a page of 50 on every poll of the console ran
 * during a 79 ms pause of the bundled console's window (BENCHMARKS.md, section 2m).
 */
record Page<T>(int total, List<T> items) {

    static <T> Page<T> of(Iterable<T> all, Predicate<T> matches, Comparator<T> order, int offset, int limit) {
        int keep = (int) Math.min((long) offset + limit, Integer.MAX_VALUE);
        PriorityQueue<T> first = new PriorityQueue<>(Collections.reverseOrder(order)); // its head: the last one kept
        int total = 0;
        for (T item : all) {
            if (!matches.test(item)) continue;
            total++;
            if (keep == 0) continue; // counted only
            if (first.size() < keep) {
                first.add(item);
            } else if (order.compare(item, first.peek()) < 0) {
                first.poll();
                first.add(item);
            }
        }
        List<T> kept = new ArrayList<>(first);
        kept.sort(order);
        return new Page<>(total, List.copyOf(kept.subList(Math.min(offset, kept.size()), kept.size())));
    }
}
