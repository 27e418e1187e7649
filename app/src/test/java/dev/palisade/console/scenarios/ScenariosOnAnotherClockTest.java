package dev.palisade.console.scenarios;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run against a server whose clock is not the console's (a remote target, {@code scenarios --target}): the scripted
 * clients signed by the console's clock, so a server 45 s behind refused every signed call {@code stale}, and a browser
 * scenario looked for its session from the console's "now" and found none. Here the console's clock runs 45 s ahead of
 * the server's, beyond the 30 s a signature may be off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScenariosOnAnotherClockTest {

    private static final Duration AHEAD = Duration.ofSeconds(45);

    @TempDir
    static Path dir;
    private TestServer server;
    private AdminClient admin;
    private ScenarioContext context;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = server.admin();
        context = new ScenarioContext(server.api(""), admin, null, Clock.offset(Clock.systemUTC(), AHEAD));
    }

    @AfterEach
    void endRun() {
        context.endRun();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void scriptedClientsSignByTheTargetsClockAndTheirStepsFindTheirEvents() throws Exception {
        Outcome replay = Scenarios.number(4).run(context, s -> { });
        assertThat(replay.asExpected()).as(replay.note() + " " + replay.steps()).isTrue();
        assertThat(replay.met()).isEqualTo("replayed");
        Outcome stale = Scenarios.number(5).run(context, s -> { });
        assertThat(stale.asExpected()).as(stale.note() + " " + stale.steps()).isTrue();
        assertThat(stale.steps().get(stale.steps().size() - 2).code()).as("the call signed now passes").isEqualTo("ok");

        // "Show the step's event" looks from the step's time on, for 10 s: on the server's clock, not the console's
        Step attempt = replay.steps().stream().filter(Step::denied).reduce((a, b) -> b).orElseThrow();
        assertThat(admin.events(new EventFilter(attempt.at(), attempt.at() + 10_000, null, "replayed", null,
                attempt.source(), 0, 10)).items()).as("the replay's event, from the step's time on").isNotEmpty();
    }

    @Test
    void aBrowserScenarioFindsItsSessionWhateverTheConsolesClockSays() throws Exception {
        String missing = Chromium.missing();
        if (missing != null && System.getenv("CI") != null) throw new IllegalStateException("CI must have a browser: " + missing);
        Assumptions.assumeTrue(missing == null, missing);
        Outcome o = Scenarios.number(12).run(context, s -> { });
        assertThat(o.result()).as(o.note() + " " + o.steps()).isEqualTo(Outcome.Result.PASSED);
        Step login = o.steps().stream().filter(s -> s.request().equals("POST /auth/login")).findFirst().orElseThrow();
        assertThat(admin.events(new EventFilter(login.at(), login.at() + 10_000, "auth", null, null, null, "scenario12",
                0, 10)).items()).as("the login's event, from the step's time on").isNotEmpty();
    }

    @Test
    void theTargetsClockIsLearnedAtOrBehindIt() {
        // the Date's second, seen between sent and received: agreeing clocks are left alone
        assertThat(TargetClock.offsetMillis(10_200, 10_300, 10_000)).isZero();
        assertThat(TargetClock.offsetMillis(10_900, 11_050, 10_000)).isZero();
        // a server 45 s behind (its Date 45 s before what was sent): at most its own time, never ahead of it
        long behind = TargetClock.offsetMillis(100_000, 100_200, 55_000);
        assertThat(behind).isBetween(-45_200L, -44_000L);
        // a server 45 s ahead
        long ahead = TargetClock.offsetMillis(100_000, 100_200, 145_000);
        assertThat(ahead).isBetween(44_000L, 45_000L);
    }
}
