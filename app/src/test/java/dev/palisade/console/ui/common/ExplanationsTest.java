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
            Reason.FORBIDDEN_HOST, Reason.FORBIDDEN_ROLE, Reason.UNHEALTHY, Reason.INTERNAL_ERROR, Reason.REPORT_BUSY);

    @Test
    void everyRefusalACallerCanMeetSaysWhatWouldHavePassed() {
        for (Reason r : Reason.values()) {
            if (NOT_A_CALLERS.contains(r)) continue;
            assertThat(Explanations.wouldPass(r.code())).as(r.code()).isNotBlank();
        }
        assertThat(Explanations.wouldPass("missing_signature")).doesNotContain("signingKey");
        assertThat(Explanations.wouldPass("allowed")).isEmpty();
        // a price refusal is not a missing page nor a changed browser: the page must be this address's own
        assertThat(Explanations.wouldPass("no_bootstrap", "price")).contains("at this address").isNotEqualTo(Explanations.wouldPass("no_bootstrap"));
        assertThat(Explanations.wouldPass("reauth_required", "price")).contains("at this address");
        assertThat(Explanations.wouldPass("reauth_required", "fingerprint")).isEqualTo(Explanations.wouldPass("reauth_required"));
        // the event the reverse proxy records when the app's middleware refuses this server's signature
        assertThat(Explanations.wouldPass("upstream_signature")).contains("upstream.key");
        // session 59: not only a browser answers the page's challenge; a script that models its layout does, and pays the work
        assertThat(Explanations.wouldPass("challenge_failed")).isEqualTo("the page's challenge answered, as palisade.js answers"
                + " it in the page (a script that models the page's layout answers it too, and still pays the proof of work)");
    }

    /** The server names a refusal's rung (its events' {@code rung}); the console tells it by the same ladder. */
    @Test
    void everyRungTheServerNamesIsToldAsTheLadderNamesIt() {
        for (dev.palisade.engine.Rung rung : dev.palisade.engine.Rung.values()) {
            assertThat(Explanations.rung(rung.label())).as(rung.label()).startsWith("the defence against " + rung.level() + " " + rung.label() + " (");
        }
        assertThat(Explanations.rung("protocol_script"))
                .isEqualTo("the defence against L4 protocol_script (a script speaking the protocol without running the page)");
        assertThat(Explanations.rung("")).isEmpty();
        for (Reason r : Reason.values()) {
            dev.palisade.engine.Rung rung = dev.palisade.engine.Rung.answering(r);
            assertThat(Explanations.rungOfCode(r.code())).as("the console's rung of %s is the server's", r.code())
                    .isEqualTo(rung == null ? "" : rung.level() + " " + rung.label());
        }
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.reasonLine(new dev.palisade.console.ui.common.Count("replayed", 12)))
                .as("wrapped between the reason and its rung, never inside one").isEqualTo("12\u00a0\u00a0replayed  ·\u00a0L1\u00a0replay");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.reasonLine(new dev.palisade.console.ui.common.Count("login_busy", 3)))
                .isEqualTo("3\u00a0\u00a0login_busy");
        assertThat(Explanations.rung("a_rung_from_a_newer_server")).isEmpty();
        for (Reason r : Reason.values()) {
            for (String check : new String[] {"auth", "price", "fingerprint"}) {
                dev.palisade.engine.Rung rung = dev.palisade.engine.Rung.answering(r.code(), check);
                assertThat(Explanations.rungOf(r.code(), check)).as("by %s, the console's rung of %s is the server's", check, r.code())
                        .isEqualTo(rung == null ? "" : rung.level() + " " + rung.label());
            }
        }
        // the live range counts price refusals in rows of their own; the server's longer ones count by code alone
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.reasonLine(new dev.palisade.console.ui.common.Count("no_bootstrap by price", 4)))
                .isEqualTo("4\u00a0\u00a0no_bootstrap\u00a0by\u00a0price  ·\u00a0L4\u00a0protocol_script");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.reasonLine(new dev.palisade.console.ui.common.Count("no_bootstrap", 1)))
                .isEqualTo("1\u00a0\u00a0no_bootstrap  ·\u00a0L0\u00a0no_client");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.codeOf("reauth_required by price")).isEqualTo("reauth_required");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.codeOf("replayed")).isEqualTo("replayed");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.checkOf("reauth_required by price")).isEqualTo("price");
        assertThat(dev.palisade.console.ui.overview.OverviewViewModel.checkOf("reauth_required")).as("any check").isEmpty();
    }

    /** An attack's refusal was told in the Events as another rung's defence than the one its scenario climbs. */
    @Test
    void everyAttacksRefusalIsToldAsItsOwnRungsDefence() {
        for (dev.palisade.console.scenarios.Scenario s : dev.palisade.console.scenarios.Scenarios.all()) {
            if (s.legitimate()) continue;
            assertThat(s.expected()).as("scenario %d, %s", s.number(), s.level())
                    .anyMatch(code -> Explanations.rungOf(code, s.expectedCheck()).equals(s.level().toString()));
        }
    }

    @Test
    void aFingerprintComponentIsNamedAsAnOperatorReadsItAndAnUnknownOneAsTheServerNamesIt() {
        assertThat(Explanations.fingerprintComponent("userAgent")).isEqualTo("User-Agent");
        assertThat(Explanations.fingerprintComponent("header:X-Client")).isEqualTo("Header X-Client");
        assertThat(Explanations.fingerprintComponent("tlsFingerprint")).isEqualTo("tlsFingerprint");
    }
}
