package dev.palisade.engine.state;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A single node's {@link CallMarks}: its sessions' histories hold their last 16 calls, refused ones
 * included, so a session could push the call a rule looks back at out of its history with 16 others
 * (or 16 it sends to be refused) and pace or order as it liked. The marks keep, per session, the last
 * allowed call of each kind a rule names, for a day as in Redis; {@link #sweep} forgets older ones.
 */
public final class MemoryCallMarks implements CallMarks {

    /** The longest a rule may look back (a {@code requires-prior} window of a day). */
    static final long KEEP_MILLIS = 86_400_000L;

    private record Kind(String sessionId, String method, String pattern) {}

    private final ConcurrentHashMap<Kind, Long> last = new ConcurrentHashMap<>();

    @Override
    public void mark(String sessionId, String method, String pattern, long at) {
        last.merge(new Kind(sessionId, method, pattern), at, Math::max);
    }

    @Override
    public long last(String sessionId, String method, String pattern) {
        Long at = last.get(new Kind(sessionId, method, pattern));
        return at == null ? -1 : at;
    }

    @Override
    public void sweep(long now) {
        last.values().removeIf(at -> at < now - KEEP_MILLIS);
    }

    /** Marks held, for tests. */
    int size() { return last.size(); }
}
