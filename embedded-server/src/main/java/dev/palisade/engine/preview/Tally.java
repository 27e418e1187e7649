package dev.palisade.engine.preview;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Counts the calls a replay decides otherwise, and keeps the first few as examples. */
final class Tally {

    static final int EXAMPLES = 5;

    private long calls;
    private long refused;
    private long allowed;
    private final Set<String> sessions = new HashSet<>();
    private final Set<String> users = new HashSet<>();
    private final Set<String> addresses = new HashSet<>();
    private final List<PreviewResult.Example> examples = new ArrayList<>();

    /** A replayed call and its decision under the change: {@code after} is a code, {@code why} says what decided it. */
    void decided(ReplayedCall c, String after, String why) {
        calls++;
        boolean wasAllowed = c.allowed();
        boolean nowAllowed = ReplayedCall.ALLOWED.equals(after);
        if (wasAllowed == nowAllowed) return;
        if (nowAllowed) allowed++;
        else refused++;
        if (!c.sessionId().isEmpty()) sessions.add(c.sessionId());
        if (!c.user().isEmpty()) users.add(c.user());
        if (!c.ip().isEmpty()) addresses.add(c.ip());
        if (examples.size() < EXAMPLES) {
            examples.add(new PreviewResult.Example(c.at(), c.method(), c.path(), c.sessionId(), c.user(), c.ip(), c.code(),
                    after, why));
        }
    }

    PreviewResult result() {
        return new PreviewResult(calls, refused, allowed, sessions.size(), users.size(), addresses.size(), List.copyOf(examples));
    }
}
