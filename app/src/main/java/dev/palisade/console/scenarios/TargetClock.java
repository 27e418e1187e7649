package dev.palisade.console.scenarios;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * The target's clock, learned from an answer's {@code Date}: a run's clients sign by it, as palisade.js does, and its
 * steps are timed on it, so a run against a server whose clock is not this machine's is neither refused {@code stale}
 * nor judged by the wrong "now".
 */
final class TargetClock {

    private TargetClock() {}

    /**
     * How far the target's clock is ahead of this machine's (negative: behind), from one exchange: the target wrote
     * {@code dateMillis}, the start of its {@code Date}'s second, at some moment between {@code sent} and {@code received}
     * (this machine's clock). Zero when that can be so with the clocks agreeing; otherwise the least offset it can be,
     * so what is timed by it is at or before the target's own time of it (by at most a second and the round trip).
     */
    static long offsetMillis(long sent, long received, long dateMillis) {
        long least = dateMillis - received;
        long most = dateMillis + 1_000 - sent;
        return least < 0 && most > 0 ? 0 : least;
    }

    /**
     * {@code machine} set by the target's offset, from one answer of {@code client} (any status: a gateway's 404 is dated
     * too); {@code machine} itself when the answer has no {@code Date} or there is none (the scenarios then say what they
     * meet).
     */
    static Clock of(ScenarioClient client, Clock machine) {
        try {
            // twice on one connection, the quicker kept: the first exchange's round trip holds a handshake (review 55)
            ScenarioClient.Dated first = client.dated("/_palisade/health", machine);
            ScenarioClient.Dated second = client.dated("/_palisade/health", machine);
            ScenarioClient.Dated answer = second.received() - second.sent() <= first.received() - first.sent() ? second : first;
            if (answer.dateMillis() == null) return machine;
            long offset = offsetMillis(answer.sent(), answer.received(), answer.dateMillis());
            return offset == 0 ? machine : Clock.offset(machine, Duration.ofMillis(offset));
        } catch (IOException e) {
            return machine;
        }
    }

    static Long millis(Date date) {
        return date == null ? null : date.getTime();
    }
}
