package dev.palisade.engine.session;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The paths calls were made to, each numbered once, so a session's call history holds numbers
 * instead of each request's own path string. Shared by all sessions and bounded: once it holds
 * {@link #CAPACITY} paths, and for paths longer than {@link #LONGEST}, a call keeps its path as a
 * string in the history that has it (an attacker walking ids fills it once, and no further).
 */
final class CallPaths {

    /** The number of a path that has none. */
    static final int NONE = 0;
    static final int CAPACITY = 65_535;
    static final int LONGEST = 200;

    private final ConcurrentHashMap<String, Integer> numbers = new ConcurrentHashMap<>();
    private volatile String[] paths = new String[1024];
    private int count = 1; // guarded by this; 0 is NONE

    /** The path's number, numbering it if there is room; {@link #NONE} if it stays a string. */
    int numberOf(String path) {
        Integer known = numbers.get(path);
        if (known != null) return known;
        return path.length() > LONGEST ? NONE : assign(path);
    }

    private synchronized int assign(String path) {
        Integer known = numbers.get(path);
        if (known != null) return known;
        if (count > CAPACITY) return NONE;
        String[] all = paths;
        if (count == all.length) all = Arrays.copyOf(all, Math.min(all.length * 2, CAPACITY + 1));
        all[count] = path;
        paths = all; // published before the number, so whoever reads the number finds the path
        numbers.put(path, count);
        return count++;
    }

    String path(int number) { return paths[number]; }
}
