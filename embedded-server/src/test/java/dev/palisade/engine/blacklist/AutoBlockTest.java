package dev.palisade.engine.blacklist;

import dev.palisade.engine.MutableClock;
import dev.palisade.engine.Reason;
import dev.palisade.engine.config.Settings;
import dev.palisade.engine.event.Audit;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.RecentCalls;
import dev.palisade.engine.event.TrafficStats;
import dev.palisade.engine.state.DenialCounts;
import dev.palisade.engine.state.StateUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An address's automatic block on a node of a cluster whose store comes and goes. */
class AutoBlockTest {

    /** The cluster's counts, away until told otherwise. */
    private static final class Counts implements DenialCounts {
        boolean away = true;
        long counted;
        boolean claimed;

        @Override
        public long count(String address, long now, long windowMillis) {
            counted++; // every node's refusals are counted there, so the count goes on when it answers again
            if (away) throw new StateUnavailableException("away", null);
            return counted;
        }

        @Override
        public boolean claimBlock(String address) {
            if (away) throw new StateUnavailableException("away", null);
            if (claimed) return false;
            claimed = true;
            return true;
        }

        @Override
        public void releaseBlock(String address) {
            claimed = false;
        }
    }

    /** The blacklist's store, refusing writes while the cluster is away. */
    private static final class Store implements dev.palisade.engine.store.BlacklistStore {
        final Counts cluster;
        final List<BlacklistEntry> entries = new ArrayList<>();

        Store(Counts cluster) { this.cluster = cluster; }

        @Override public List<BlacklistEntry> listBlacklist() { return List.copyOf(entries); }
        @Override public BlacklistEntry findBlacklist(String id) { return null; }
        @Override public boolean deleteBlacklist(String id) { return false; }

        @Override
        public void insertBlacklist(java.util.Collection<BlacklistEntry> added) {
            if (cluster.away) throw new StateUnavailableException("away", null);
            entries.addAll(added);
        }
    }

    /*
     * The cluster audit of session 53 (L4): a block this node could not store while the cluster's store was away kept
     * its window marked "blocked", so once the store answered again the address's next refusals, over the limit,
     * blocked nothing for the rest of the window.
     */
    @Test
    void aBlockThatCouldNotBeStoredIsTriedAgainAtTheNextRefusal() {
        MutableClock clock = MutableClock.at2026();
        Counts cluster = new Counts();
        Store store = new Store(cluster);
        Blacklist blacklist = new Blacklist(store, new dev.palisade.http.JettyAddressSets(), clock.millis());
        List<Event> events = new ArrayList<>();
        Settings settings = Settings.defaults().with(Map.of("autoBlockDenials", 3L, "autoBlockWindowSeconds", 60L));
        AutoBlock autoBlock = new AutoBlock(() -> settings, blacklist,
                new Audit(events::add, new TrafficStats(), new RecentCalls(16), () -> settings, clock), cluster);

        for (int i = 0; i < 3; i++) autoBlock.denied("203.0.113.9", Reason.MISSING_CREDENTIALS, clock.millis());
        assertThat(store.entries).as("the limit reached while the store is away: not stored").isEmpty();

        cluster.away = false;
        autoBlock.denied("203.0.113.9", Reason.MISSING_CREDENTIALS, clock.millis());
        assertThat(store.entries).as("the next refusal blocks it").singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("203.0.113.9"));
        assertThat(blacklist.matchClient("203.0.113.9", "Mozilla/5.0")).isNotNull();
    }
}
