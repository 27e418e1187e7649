package dev.palisade.engine.auth;

import dev.palisade.engine.Denial;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.ServedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The work a session costs is priced by the caller's record. A flagged address had a clean neighbour
 * of its /24 load and bootstrap a page at the clean price, then logged in with the ticket itself: its
 * own pages asked sixteen times the work (the ladder probe, L4/L5).
 */
class TicketPriceTest {

    @TempDir
    Path dir;

    @Test
    void aTicketProvenForACleanNeighbourDoesNotLogInAFlaggedAddress() {
        String agent = EngineFixture.BROWSER.userAgent();
        ClientFacts clean = EngineFixture.browser("127.0.5.10", agent);
        ClientFacts flagged = EngineFixture.browser("127.0.5.66", agent);
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.operator(Actor.OWNER).createUser("mallory", EngineFixture.PASSWORD.clone());
            for (int i = 0; i < 30; i++) { // thirty wrong proofs of work: its pages ask 4 bits more, its /24's 1
                ServedPage page = f.engine.auth().servePage(flagged.ip());
                catchThrowableOfType(() -> f.engine.auth().bootstrap(new BootstrapClaim(page.nonce(), new long[] {1, 2, 3, 4},
                        page.challenge().answer()), Map.of(), null, flagged), Denial.class);
            }
            String ticket = f.ticket(clean);
            Denial refused = catchThrowableOfType(() -> f.login("mallory", ticket, flagged), Denial.class);
            assertThat(refused).as("logged in at the clean price").isNotNull();
            assertThat(refused.reason()).isEqualTo(Reason.NO_BOOTSTRAP);
            assertThat(f.login("mallory", f.ticket(clean), clean).sessionId()).as("the clean address itself logs in").isNotNull();
        }
    }
}
