package dev.palisade.engine.event;

/**
 * A request's path as Palisade remembers it: in the ring of recent calls, a session's history and
 * events. A caller chooses its paths, up to the 8 KB a request head may hold; kept whole, a million
 * such calls in the ring would take 8 GB. Decisions still see the whole path.
 */
public final class KeptPath {

    /** The most characters kept; a longer path keeps its first 511 and ends in "…". */
    public static final int MAX = 512;

    private KeptPath() {}

    public static String of(String path) {
        if (path == null || path.length() <= MAX) return path;
        int end = MAX - 1;
        if (Character.isHighSurrogate(path.charAt(end - 1))) end--; // a character made of two is kept whole or not at all
        return path.substring(0, end) + "…";
    }
}
