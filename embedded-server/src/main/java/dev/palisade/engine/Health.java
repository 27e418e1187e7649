package dev.palisade.engine;

import java.util.List;

/**
 * The server's own health, read now (for {@code GET /_palisade/health}): each check by name, with a
 * sentence for a person when it fails.
 *
 * @param checks every check, in a fixed order
 */
public record Health(List<Check> checks) {

    /** The database answers a read. */
    public static final String STORE = "store";
    /** The event queue has room: a full one drops the events of new calls. */
    public static final String EVENT_QUEUE = "event_queue";
    /** A cluster's shared state (Redis) answers; only on a node started with {@code --cluster}. */
    public static final String SHARED_STATE = "shared_state";

    /** @param problem what is wrong, for a person; null when the check passes */
    public record Check(String name, String problem) {
        public boolean ok() { return problem == null; }
    }

    public Health {
        checks = List.copyOf(checks);
    }

    public boolean ok() { return checks.stream().allMatch(Check::ok); }

    public List<Check> failing() { return checks.stream().filter(c -> !c.ok()).toList(); }
}
