package dev.palisade.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which things a warning was given for already: each is warned of once, however often it is met (a
 * stored row read at every page, a pattern at every caller), and at most a hundred are remembered, so
 * a flood of different ones cannot grow it without end.
 */
public final class FirstTimes {

    private static final int MOST = 100;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** True the first time {@code what} is met, while fewer than a hundred were. */
    public boolean first(String what) {
        return seen.size() < MOST && seen.add(what);
    }
}
