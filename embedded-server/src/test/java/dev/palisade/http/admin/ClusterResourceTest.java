package dev.palisade.http.admin;

import dev.palisade.engine.state.NodeBeat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A node's row in {@code GET /admin/cluster}, for nodes whose clocks disagree. */
class ClusterResourceTest {

    private static final long NOW = 1_800_000_000_000L;

    /* Found by the console's helper: the uptime mixed two clocks, this node's now less the node's start on its own. */
    @Test
    void aNodesUptimeIsCountedOnOneClock() {
        // started a minute ago by its own clock, which runs 10 s behind the cluster's: 50 s ago on this node's
        NodeBeat behind = new NodeBeat("b", "", "", "test", NOW - 10_000 - 50_000, NOW, 0, "ok", 10_000);
        assertThat(ClusterResource.shown(behind, false, NOW, 0).get("uptimeSeconds")).isEqualTo(50L);
        // and read by a node whose own clock is 4 s behind the cluster's: on its clock the start was 54 s ago
        assertThat(ClusterResource.shown(behind, false, NOW, 4_000).get("uptimeSeconds")).isEqualTo(54L);
        NodeBeat self = new NodeBeat("s", "", "", "test", NOW - 30_000, NOW, 0, "ok", 4_000);
        assertThat(ClusterResource.shown(self, true, NOW, 4_000).get("uptimeSeconds")).as("its own").isEqualTo(30L);
    }

    /* Session 47's review: before this node's first beat reached Redis, its offset was taken as none. */
    @Test
    void otherNodesUptimesAreOnThisNodesClockBeforeItsFirstBeat() {
        NodeBeat behind = new NodeBeat("b", "", "", "test", NOW - 10_000 - 50_000, NOW, 0, "ok", 10_000);
        NodeBeat self = new NodeBeat("s", "", "", "test", NOW - 1_000, NOW, 0, "ok", 4_000); // its beat not yet stored

        java.util.List<java.util.Map<String, Object>> rows = ClusterResource.rows(self, java.util.List.of(behind));

        assertThat(rows).extracting(r -> r.get("id")).containsExactly("s", "b");
        assertThat(rows.get(1).get("uptimeSeconds")).isEqualTo(54L);
        assertThat(rows.get(0).get("uptimeSeconds")).isEqualTo(1L);
    }
}
