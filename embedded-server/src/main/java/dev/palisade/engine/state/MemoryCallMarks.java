package dev.palisade.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A single node's {@link CallMarks}: its sessions' histories hold their last 16 calls, refused ones
 * included, so a session could push the call a rule looks back at out of its history with 16 others
 * (or 16 it sends to be refused) and pace or order as it liked. The marks keep, per session, the last
 * allowed call of each kind a rule names, for a day as in Redis, or until the session is swept. The
 * engine writes those that changed with its checkpoints and gives them back at a restart.
 */
public final class MemoryCallMarks implements CallMarks {

    private record Kind(String method, String pattern) {}

    private final ConcurrentHashMap<String, ConcurrentHashMap<Kind, Long>> bySession = new ConcurrentHashMap<>();
    /** Sessions with marks not yet written. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    @Override
    public void mark(String sessionId, String method, String pattern, long at) {
        // compute holds the session's entry while it changes: a sweep cannot drop a map a mark is going into
        bySession.compute(sessionId, (id, marks) -> {
            ConcurrentHashMap<Kind, Long> m = marks == null ? new ConcurrentHashMap<>(4) : marks;
            m.merge(new Kind(method, pattern), at, Math::max);
            return m;
        });
        changed.add(sessionId);
    }

    @Override
    public TooSoon pace(String sessionId, List<Paced> kinds, long at) {
        TooSoon[] refused = {null};
        // compute holds the session's entry: the look and the marks are one step for calls at once
        bySession.compute(sessionId, (id, marks) -> {
            ConcurrentHashMap<Kind, Long> m = marks == null ? new ConcurrentHashMap<>(4) : marks;
            for (int i = 0; i < kinds.size() && refused[0] == null; i++) {
                Paced p = kinds.get(i);
                long last = -1;
                for (String paced : p.pacedMethods()) {
                    Long before = m.get(new Kind(paced, p.pattern()));
                    if (before != null && before >= p.since()) last = Math.max(last, before);
                }
                if (last >= 0) refused[0] = new TooSoon(i, last);
            }
            if (refused[0] == null) {
                for (Paced p : kinds) m.merge(new Kind(p.method(), p.pattern()), at, Math::max);
            }
            return m.isEmpty() ? null : m;
        });
        if (refused[0] == null) changed.add(sessionId);
        return refused[0];
    }

    @Override
    public long last(String sessionId, String method, String pattern) {
        ConcurrentHashMap<Kind, Long> marks = bySession.get(sessionId);
        Long at = marks == null ? null : marks.get(new Kind(method, pattern));
        return at == null ? -1 : at;
    }

    @Override
    public void sweep(long now) {
        for (String id : bySession.keySet()) {
            bySession.computeIfPresent(id, (k, marks) -> {
                marks.values().removeIf(at -> at < now - KEEP_MILLIS);
                return marks.isEmpty() ? null : marks;
            });
        }
    }

    @Override
    public void forget(Collection<String> sessionIds) {
        for (String id : sessionIds) bySession.remove(id);
    }

    @Override
    public List<CallMark> takeChanged() {
        List<CallMark> out = new ArrayList<>();
        for (String id : changed) {
            changed.remove(id); // before reading: a mark made meanwhile marks the session changed again
            ConcurrentHashMap<Kind, Long> marks = bySession.get(id);
            if (marks == null) continue; // swept or forgotten since
            marks.forEach((kind, at) -> out.add(new CallMark(id, kind.method(), kind.pattern(), at)));
        }
        return out;
    }

    @Override
    public void changedAgain(List<CallMark> marks) {
        for (CallMark m : marks) changed.add(m.sessionId());
    }

    @Override
    public void restore(List<CallMark> marks) {
        for (CallMark m : marks) {
            bySession.computeIfAbsent(m.sessionId(), id -> new ConcurrentHashMap<>(4))
                    .merge(new Kind(m.method(), m.pattern()), m.at(), Math::max);
        }
    }

    /** Marks held, for tests. */
    int size() {
        return bySession.values().stream().mapToInt(ConcurrentHashMap::size).sum();
    }
}
