package dev.palisade.engine.state;

import java.util.List;

/**
 * When each session last made an allowed call of a kind a sequence rule looks at ({@code GET
 * /api/cart}), as every node of a cluster saw it: behind a round-robin balancer the look at the cart
 * and the order go to different nodes, and each node's own history holds only its share. A single
 * node keeps them too ({@link MemoryCallMarks}): a history holds a session's last 16 calls only.
 */
public interface CallMarks {

    /** The longest a rule may look back (a {@code requires-prior} window of a day): marks are kept so long. */
    long KEEP_MILLIS = 86_400_000L;

    /**
     * Records an allowed call of {@code method pattern} (the rule's path, e.g. {@code /api/notes/*}) at
     * {@code at}; kept a day, the longest window a rule may have.
     *
     * @throws StateUnavailableException when the shared store does not answer
     */
    void mark(String sessionId, String method, String pattern, long at);

    /**
     * @return when the session last made such a call on any node, or -1
     * @throws StateUnavailableException when the shared store does not answer
     */
    long last(String sessionId, String method, String pattern);

    /**
     * A kind of call a pacing rule looks at: the call is marked as {@code method} on {@code pattern},
     * and a call of one of {@code pacedMethods} on it at or after {@code since} refuses it.
     */
    record Paced(String method, String pattern, List<String> pacedMethods, long since) {}

    /** The first kind that refused a paced call, by its index, and when the session last made such a call. */
    record TooSoon(int kind, long last) {}

    /**
     * A paced call, looked at and marked in one step for all the kinds its rules name, so calls sent
     * at once cannot all pass and one rule never finds the mark another just made: unless one of
     * {@code kinds} refuses it (a call of the session on any node), marks it as each at {@code at}.
     *
     * @return the first kind that refuses, or null when the call was marked
     * @throws StateUnavailableException when the shared store does not answer
     */
    TooSoon pace(String sessionId, List<Paced> kinds, long at);

    /** Forgets what no rule may look back to any more; a store that expires its marks itself does nothing. */
    default void sweep(long now) {}

    /** Forgets the marks of sessions that ended; a store that expires its marks itself does nothing. */
    default void forget(java.util.Collection<String> sessionIds) {}

    /**
     * The marks made or moved on since the last call, for the engine to write; none for a store that
     * keeps its marks itself.
     */
    default java.util.List<CallMark> takeChanged() {
        return java.util.List.of();
    }

    /** Marks {@link #takeChanged} gave that could not be written: they are given again next time. */
    default void changedAgain(java.util.List<CallMark> marks) {}

    /** Takes back marks written before a restart; none are given to a store that keeps its marks itself. */
    default void restore(java.util.List<CallMark> marks) {}
}
