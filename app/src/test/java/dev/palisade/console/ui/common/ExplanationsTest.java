package dev.palisade.console.ui.common;

import dev.palisade.engine.Reason;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal an API caller can meet is explained in the Events view: the upper rungs of the ladder were not. */
class ExplanationsTest {

    /** What only the admin listener answers, or no caller can do differently. */
    private static final Set<Reason> NOT_A_CALLERS = EnumSet.of(Reason.ALLOWED, Reason.LISTENER_CAPACITY,
            Reason.INVALID_CONFIG, Reason.CONFLICT, Reason.ADMIN_UNAUTHORIZED, Reason.ADMIN_THROTTLED,
            Reason.FORBIDDEN_HOST, Reason.FORBIDDEN_ROLE, Reason.UNHEALTHY, Reason.INTERNAL_ERROR);

    @Test
    void everyRefusalACallerCanMeetSaysWhatWouldHavePassed() {
        for (Reason r : Reason.values()) {
            if (NOT_A_CALLERS.contains(r)) continue;
            assertThat(Explanations.wouldPass(r.code())).as(r.code()).isNotBlank();
        }
        assertThat(Explanations.wouldPass("missing_signature")).doesNotContain("signingKey");
        assertThat(Explanations.wouldPass("allowed")).isEmpty();
    }
}
