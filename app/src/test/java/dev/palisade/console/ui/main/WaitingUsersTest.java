package dev.palisade.console.ui.main;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The users login alerts named, waiting for their sessions to be listed. */
class WaitingUsersTest {

    @Test
    void theLatestAlertedComeFirstAndEachLookTakesOne() {
        WaitingUsers waiting = new WaitingUsers();
        waiting.alerted("alice");
        waiting.alerted("bob");
        waiting.alerted("alice");
        assertThat(waiting.all()).containsExactly("alice", "bob");
        waiting.looked();
        assertThat(waiting.all()).containsExactly("bob");
    }

    /* Review fuzz58: an alert on 300 users kept Sessions's badge for 300 openings. */
    @Test
    void atMostTwentyWaitTheLatestKept() {
        WaitingUsers waiting = new WaitingUsers();
        for (int i = 1; i <= 25; i++) waiting.alerted("user" + i);
        assertThat(waiting.all()).hasSize(WaitingUsers.MOST).startsWith("user25").endsWith("user6")
                .doesNotContain("user5", "user1");
    }
}
