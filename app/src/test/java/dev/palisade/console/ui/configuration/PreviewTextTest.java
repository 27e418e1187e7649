package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.Dtos.PreviewExampleView;
import dev.palisade.console.client.Dtos.PreviewView;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewTextTest {

    @Test
    void aChangeThatDecidesNothingDifferentlySaysSoInOneSentence() {
        assertThat(PreviewText.of(new PreviewView(1, 0, 0, 0, 0, 0, List.of())))
                .isEqualTo("Over the last 1 call it could touch, this change would have decided nothing differently.");
    }

    @Test
    void otherwiseItCountsBothWaysAndListsTheFirstCalls() {
        String text = PreviewText.of(new PreviewView(1_204, 2, 1, 2, 1, 3, List.of(
                new PreviewExampleView(0, "POST", "/api/orders", "s1", "", "10.0.0.1", "allowed", "sequence_violation",
                        "requires-prior POST /api/orders GET /api/cart 600"))));
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
        String text = PreviewText.of(new PreviewView(40, 6, 0, 1, 1, 1, List.of(same, same, same, same, same, other)));
        assertThat(text.lines().skip(1)).hasSize(2);
        assertThat(text.lines().skip(1).findFirst().orElseThrow()).startsWith("• ").contains("GET /api/notes by scenario9")
                .endsWith("(3 per 1 s per session) ×5");
        assertThat(text).endsWith("GET /api/cart by scenario9 from 127.0.0.1: allowed → rate_limited (3 per 1 s per session)");
    }
}
