package dev.palisade.engine.preview;

import java.util.List;

/**
 * What a change would have done to recent real traffic: of {@code calls} replayed, how many it would
 * have refused that were let through and let through that were refused, whose (distinct sessions,
 * users and addresses among those calls), and the first few of them.
 */
public record PreviewResult(long calls, long newlyRefused, long newlyAllowed, long sessions, long users, long addresses,
                            List<Example> examples) {

    /** One call the change would have decided otherwise: {@code before} and {@code after} are codes. */
    public record Example(long at, String method, String path, String sessionId, String user, String ip, String before,
                          String after, String why) {}
}
