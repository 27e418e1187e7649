package dev.palisade.engine.session;

import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallHistoryTest {

    @Test
    void keepsTheLastCallsNewestFirst() {
        CallHistory history = new CallHistory(3);
        for (int i = 1; i <= 5; i++) history.add(i, "GET", "/api/notes/" + i, i == 5 ? Reason.INVALID_TOKEN : Reason.ALLOWED);
        assertThat(history.snapshot()).extracting(Call::path)
                .containsExactly("/api/notes/5", "/api/notes/4", "/api/notes/3");
        assertThat(history.snapshot().get(0)).satisfies(c -> {
            assertThat(c.code()).isEqualTo("invalid_token");
            assertThat(c.status()).isEqualTo(401);
            assertThat(c.at()).isEqualTo(5);
        });
    }

    @Test
    void emptyHistoryIsEmpty() {
        assertThat(new CallHistory(16).snapshot()).isEmpty();
    }
}
