package dev.palisade.engine.check;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.ProtectedRequest;
import dev.palisade.engine.Reason;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.rate.ClusterRates;
import dev.palisade.engine.rate.RateLimiter;
import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;
import dev.palisade.engine.state.SharedRates;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RateCheckTest {

    private final MutableClock clock = MutableClock.at2026();
    private final List<RateWindow> windows = List.of(new RateWindow(Scope.IP, 2, 60, null));
    private final RateLimiter limiter = new RateLimiter(() -> windows);

    /*
     * Found beside audit 49's #3: a call this node counted and the cluster's counts refused stayed in this node's count, so
     * the node refused its caller sooner than the cluster's windows say.
     */
    @Test
    void aCallTheClustersCountsRefuseIsTakenBackOutOfThisNodesCount() {
        boolean[] clusterFull = {true};
        RateCheck check = new RateCheck(limiter, new ClusterRates(() -> windows, new SharedRates() {
            @Override public Refused acquire(List<Slot> slots, long now) {
                return clusterFull[0] ? new Refused(0, 3.0, 10, true) : null;
            }

            @Override public void release(List<Slot> slots, long now) {}
        }), SessionPace.whole(), new Audit(e -> {}, new TrafficStats(), new RecentCalls(16), Settings::defaults, clock), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(check.evaluate(call()).reason()).as("the cluster's window is full").isEqualTo(Reason.RATE_LIMITED);
        }
        clusterFull[0] = false;
        assertThat(check.evaluate(call())).as("this node counted none of them").isNull();
        assertThat(check.evaluate(call())).isNull();
        assertThat(check.evaluate(call()).reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    /*
     * Session 49's second review: the undo was not tested on its own. It takes back what this check counted, as of
     * when it counted it; from the cluster's counts only when this check counted the call there.
     */
    @Test
    void anUndoTakesBackWhatThisCheckCountedAsOfWhenItCountedIt() {
        boolean[] clusterDown = {true};
        List<Long> released = new java.util.ArrayList<>();
        RateCheck check = new RateCheck(limiter, new ClusterRates(() -> windows, new SharedRates() {
            @Override public Refused acquire(List<Slot> slots, long now) {
                if (clusterDown[0]) throw new dev.palisade.engine.state.StateUnavailableException("Redis does not answer", null);
                return null;
            }

            @Override public void release(List<Slot> slots, long now) { released.add(now); }
        }), SessionPace.whole(), new Audit(e -> {}, new TrafficStats(), new RecentCalls(16), Settings::defaults, clock), clock);

        ProtectedRequest unshared = call();
        assertThat(check.evaluate(unshared)).isNull();
        check.undo(unshared);
        assertThat(released).as("the cluster never counted it").isEmpty();

        clusterDown[0] = false;
        ProtectedRequest shared = call();
        long countedAt = clock.millis();
        assertThat(check.evaluate(shared)).isNull();
        clock.advance(java.time.Duration.ofMillis(1_500));
        check.undo(shared);
        assertThat(released).as("as of when it was counted").containsExactly(countedAt);
        for (int i = 0; i < 2; i++) assertThat(check.evaluate(call())).as("this node's count taken back too").isNull();
        assertThat(check.evaluate(call()).reason()).isEqualTo(Reason.RATE_LIMITED);
    }

    private static ProtectedRequest call() {
        return new ProtectedRequest("GET", "/api/notes", "10.0.0.1", "ua", null, null,
                new dev.palisade.engine.signature.MessageParts("GET", "h", "/api/notes", null, java.util.Map.of()), null);
    }
}
