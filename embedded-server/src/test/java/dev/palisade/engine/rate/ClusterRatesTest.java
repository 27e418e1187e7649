package dev.palisade.engine.rate;

import dev.palisade.engine.state.SharedRates;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterRatesTest {

    @Test
    void eachWindowThatCoversTheCallIsAskedForWithItsOwnKeyAndTheSameIdOnEveryNode() {
        List<List<SharedRates.Slot>> asked = new ArrayList<>();
        List<RateWindow> windows = List.of(new RateWindow(Scope.SESSION, 20, 1, null), new RateWindow(Scope.IP, 5, 60, "/api/orders"),
                new RateWindow(Scope.API_KEY, 50, 1, null));
        ClusterRates rates = new ClusterRates(() -> windows, answering(slots -> {
            asked.add(slots);
            return null;
        }));
        assertThat(rates.acquire("/api/notes", "s1", "10.0.0.1", null, 5)).isNull();
        assertThat(asked.get(0)).singleElement().satisfies(s -> {
            assertThat(s.id()).endsWith(":s1");
            assertThat(s.limit()).isEqualTo(20);
            assertThat(s.windowMillis()).isEqualTo(1_000);
        });
        rates.acquire("/api/orders/7", "s1", "10.0.0.1", "k9", 5);
        assertThat(asked.get(1)).extracting(SharedRates.Slot::id).hasSize(3);
        assertThat(ClusterRates.id(windows.get(0), "s1")).isEqualTo(ClusterRates.id(new RateWindow(Scope.SESSION, 20, 1, null), "s1"));
        // a limit changed keeps the count (audit conc55 L2); another length is another count
        assertThat(ClusterRates.id(windows.get(0), "s1")).isEqualTo(ClusterRates.id(new RateWindow(Scope.SESSION, 21, 1, null), "s1"));
        assertThat(ClusterRates.id(windows.get(0), "s1")).isNotEqualTo(ClusterRates.id(new RateWindow(Scope.SESSION, 20, 2, null), "s1"));
        assertThat(ClusterRates.id(windows.get(0), "s1")).isNotEqualTo(ClusterRates.id(new RateWindow(Scope.IP, 20, 1, null), "s1"));
        assertThat(ClusterRates.id(windows.get(1), "x")).isNotEqualTo(ClusterRates.id(new RateWindow(Scope.IP, 5, 60, "/api/cart"), "x"));
    }

    @Test
    void aRefusalNamesTheWindowAndKeyThatWereExceeded() {
        List<RateWindow> windows = List.of(new RateWindow(Scope.SESSION, 20, 1, null), new RateWindow(Scope.IP, 5, 60, null));
        ClusterRates rates = new ClusterRates(() -> windows, answering(slots -> new SharedRates.Refused(1, 6.0, 42, true)));
        RateLimiter.Exceeded e = rates.acquire("/api/notes", "s1", "10.0.0.1", null, 5);
        assertThat(e.window()).isEqualTo(windows.get(1));
        assertThat(e.key()).isEqualTo("10.0.0.1");
        assertThat(e.observed()).isEqualTo(6.0);
        assertThat(e.retryAfterSeconds()).isEqualTo(42);
        assertThat(e.firstInWindow()).isTrue();
        assertThat(new ClusterRates(() -> windows, answering(slots -> {
            throw new AssertionError("nothing to ask");
        })).acquire("/api/notes", null, null, null, 5)).isNull();
    }

    /** Shared counts whose answer to a call is {@code answer}'s. */
    private static SharedRates answering(java.util.function.Function<List<SharedRates.Slot>, SharedRates.Refused> answer) {
        return new SharedRates() {
            @Override public Refused acquire(List<Slot> slots, long now) {
                return answer.apply(slots);
            }

            @Override public void release(List<Slot> slots, long now) {
                throw new AssertionError("nothing to take back");
            }
        };
    }

    /* A session held to a share of its windows is held to it on every node: its slots carry the cut limit, no other's do. */
    @Test
    void aSlowedSessionsSlotsCarryItsShareOfTheSessionWindowsOnly() {
        List<List<SharedRates.Slot>> asked = new ArrayList<>();
        List<RateWindow> windows = List.of(new RateWindow(Scope.SESSION, 20, 1, null), new RateWindow(Scope.SESSION, 300, 60, null),
                new RateWindow(Scope.IP, 50, 1, null), new RateWindow(Scope.SESSION, 1, 60, "/api/one"));
        ClusterRates rates = new ClusterRates(() -> windows, answering(slots -> {
            asked.add(slots);
            return slots.size() > 3 ? new SharedRates.Refused(3, 2.0, 60, true) : null;
        }));
        assertThat(rates.acquire("/api/notes", "s1", 50, "10.0.0.1", null, 5)).isNull();
        assertThat(asked.get(0)).extracting(SharedRates.Slot::limit).containsExactly(10, 150, 50);
        assertThat(rates.applying("/api/notes", "s1", "10.0.0.1", null).slots()).extracting(SharedRates.Slot::limit)
                .as("a whole session's").containsExactly(20, 300, 50);
        RateLimiter.Exceeded refused = rates.acquire("/api/one", "s1", 50, "10.0.0.1", null, 5);
        assertThat(refused.limit()).as("a limit of 1 stays 1").isEqualTo(1);
        assertThat(refused.slowed()).isFalse();
    }
}
