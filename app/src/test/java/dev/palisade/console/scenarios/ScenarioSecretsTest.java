package dev.palisade.console.scenarios;

import dev.palisade.protocol.WorkChallenge;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A scenario's session and page, printed (a failing assertion, a debugger), show no token, key or page nonce. */
class ScenarioSecretsTest {

    @Test
    void aPrintedSessionOrPageShowsNoSecret() {
        ScenarioClient.Session session = new ScenarioClient.Session("eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.bWFj", "s-42",
                new byte[] {0x7a, 0x7a, 0x7a, 0x7a});
        assertThat(session.toString()).isEqualTo("Session[s-42]");
        ScenarioClient.Page page = new ScenarioClient.Page(null, "n0nce-of-the-page", new WorkChallenge("c2VlZA", 14, 4),
                "/assets/challenge/n0nce-of-the-page.js");
        assertThat(page.toString()).doesNotContain("n0nce-of-the-page").contains("14");
        ScenarioClient.Reply login = new ScenarioClient.Reply(200, "{\"accessToken\":\"eyJhbGciOiJIUzI1NiJ9.c2Vzc2lvbg.bWFj\"}", "",
                "", "palisade", 0);
        assertThat(login.toString()).isEqualTo("Reply[200]").doesNotContain("eyJ");
    }
}
