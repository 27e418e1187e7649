package dev.palisade.engine.preview;

import dev.palisade.engine.rate.RateWindow;
import dev.palisade.engine.rate.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review 61, L4: the preview replayed every session at its whole windows, so a slowed session's calls refused at its
 * share came back as newly allowed under the very windows in force. Each session is replayed at the share it is held to.
 */
class WhatIfWindowsTest {

    private static ReplayedCall call(long at, String session, String code) {
        return new ReplayedCall(at, session, "mallory", "10.0.0.1", "GET", "/api/notes", code);
    }

    @Test
    void aSlowedSessionIsReplayedAtItsShareOfTheWindows() {
        List<RateWindow> inForce = List.of(new RateWindow(Scope.SESSION, 4, 60, null));
        List<ReplayedCall> stored = List.of(call(1_000, "s1", ReplayedCall.ALLOWED), call(1_001, "s1", ReplayedCall.ALLOWED),
                call(1_002, "s1", "rate_limited"));
        PreviewResult same = WhatIf.windows(inForce, stored, session -> 50);
        assertThat(same.newlyAllowed()).as("held to 2 of 4, as when they were decided").isZero();
        assertThat(same.newlyRefused()).isZero();
        PreviewResult whole = WhatIf.windows(inForce, stored, session -> 100);
        assertThat(whole.newlyAllowed()).as("the same calls at the whole window").isEqualTo(1);
        PreviewResult looser = WhatIf.windows(List.of(new RateWindow(Scope.SESSION, 6, 60, null)), stored, session -> 50);
        assertThat(looser.newlyAllowed()).as("3 of 6").isEqualTo(1);
        PreviewResult tighter = WhatIf.windows(List.of(new RateWindow(Scope.SESSION, 2, 60, null)), stored, session -> 50);
        assertThat(tighter.examples()).singleElement().satisfies(e -> assertThat(e.why())
                .isEqualTo("1 per 60 s per session (a slowed session's share of 2)"));
    }
}
