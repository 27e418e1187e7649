package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.PreviewExampleView;
import dev.palisade.console.client.Dtos.PreviewView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewTextTest {

    @Test
    void aChangeThatDecidesNothingDifferentlySaysSoInOneSentence() {
        assertThat(PreviewText.of(new PreviewView(1, 0, 0, 0, 0, 0, List.of(), null, null, 0)))
                .isEqualTo("Over the last 1 call it could touch, this change would have decided nothing differently.");
    }

    @Test
    void otherwiseItCountsBothWaysAndListsTheFirstCalls() {
        String text = PreviewText.of(new PreviewView(1_204, 2, 1, 2, 1, 3, List.of(
                new PreviewExampleView(0, "POST", "/api/orders", "s1", "", "10.0.0.1", "allowed", "sequence_violation",
                        "requires-prior POST /api/orders GET /api/cart 600")), null, null, 0));
        assertThat(text).startsWith("Over the last 1204 calls it could touch, this change would have refused 2 that were"
                + " let through and let through 1 that were refused (2 sessions, 1 user, 3 addresses).");
        assertThat(text).endsWith("\n• —  POST /api/orders from 10.0.0.1: allowed → sequence_violation"
                + " (requires-prior POST /api/orders GET /api/cart 600)");
    }

    /** A burst within one second gives examples that read the same: one line with their count, not five alike. */
    @Test
    void examplesThatReadTheSameAreOneLineWithTheirCount() {
        PreviewExampleView same = new PreviewExampleView(1_764_800_452_000L, "GET", "/api/notes", "s1", "scenario9", "127.0.0.1",
                "allowed", "rate_limited", "3 per 1 s per session");
        PreviewExampleView other = new PreviewExampleView(1_764_800_453_000L, "GET", "/api/cart", "s1", "scenario9", "127.0.0.1",
                "allowed", "rate_limited", "3 per 1 s per session");
        String text = PreviewText.of(new PreviewView(40, 6, 0, 1, 1, 1, List.of(same, same, same, same, same, other), null, null, 0));
        assertThat(text.lines().skip(1)).hasSize(2);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).startsWith("• ").contains("GET /api/notes by scenario9")
                .endsWith("(3 per 1 s per session) ×5");
        assertThat(text).endsWith("GET /api/cart by scenario9 from 127.0.0.1: allowed → rate_limited (3 per 1 s per session)");
    }

    /*
     * Cluster audit 62, M1: a node of a cluster replays the calls it decided itself, a part of the cluster's; the text
     * said nothing of it, and read as the cluster's. It says whose part it is first; a server alone, the whole
     * cluster's answer and an older server (no scope) read as before.
     */
    @Test
    void aNodesPreviewSaysItIsThisNodesPartOfTheCluster() {
        assertThat(PreviewText.of(new PreviewView(3, 0, 1, 1, 1, 1, List.of(), "node", "k3Jq9x", 2)))
                .startsWith("On this node (1 of 2), which served about half of the cluster's calls: over the last 3 calls it"
                        + " could touch, this change would have refused 0 that were let through and let through 1 that were"
                        + " refused (1 session, 1 user, 1 address).");
        assertThat(PreviewText.of(new PreviewView(9, 0, 0, 0, 0, 0, List.of(), "node", "k3Jq9x", 3)))
                .isEqualTo("On this node (1 of 3), which served about a third of the cluster's calls: over the last 9 calls"
                        + " it could touch, this change would have decided nothing differently.");
        assertThat(PreviewText.of(new PreviewView(9, 0, 0, 0, 0, 0, List.of(), "node", "k3Jq9x", 5)))
                .startsWith("On this node (1 of 5), which served about a fifth of the cluster's calls: over the last 9 calls");
        assertThat(PreviewText.of(new PreviewView(9, 0, 0, 0, 0, 0, List.of(), "node", "k3Jq9x", 1)))
                .startsWith("On this node, the only one up now: over the last 9 calls");
    }

    @Test
    void aServerAloneAndTheWholeClustersAnswerReadAsBefore() {
        String before = "Over the last 9 calls it could touch, this change would have decided nothing differently.";
        assertThat(PreviewText.of(new PreviewView(9, 0, 0, 0, 0, 0, List.of(), "server", null, 0))).isEqualTo(before);
        assertThat(PreviewText.of(new PreviewView(9, 0, 0, 0, 0, 0, List.of(), "cluster", "k3Jq9x", 2))).isEqualTo(before);
    }
}
