package dev.palisade.console.scenarios;

import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scenario against a real server: each attack meets its defence, the legitimate client none. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one server for all: scenarios must not disturb each other
class ScenariosTest {

    @TempDir
    static Path dir;
    private TestServer server;
    private AdminClient admin;
    private ScenarioContext context;

    @BeforeAll
    void start() throws Exception {
        server = new TestServer(dir.resolve("data"));
        admin = new AdminClient(server.context().adminUrl(), server.context().adminToken());
        context = new ScenarioContext(server.api(""), admin);
    }

    @AfterAll
    void stop() { server.close(); }

    private Outcome run(int n) throws Exception {
        List<Step> live = new ArrayList<>();
        Outcome o = Scenarios.number(n).run(context, live::add);
        assertThat(live).as("steps are reported as they happen").isEqualTo(o.steps());
        return o;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void eachAttackIsCaughtByItsDefenceAndLeavesAnEvent(int n) throws Exception {
        Outcome o = run(n);
        assertThat(o.passed()).as(o.note()).isTrue();
        assertThat(o.scenario().expected()).contains(o.met());
        Step last = o.steps().get(o.steps().size() - 1);
        assertThat(last.denied()).isTrue();
        assertThat(last.check()).isNotBlank();
        List<EventView> events = admin.events(new EventFilter(null, null, null, o.met(), null,
                ScenarioContext.address(n, 10), 0, 50)).items();
        if (n == 2) events = admin.events(new EventFilter(null, null, null, "blacklisted", null, null, 0, 50)).items();
        if (n == 7) events = admin.events(new EventFilter(null, null, null, "reauth_required", null, "127.0.207.66", 0, 50)).items();
        assertThat(events).as("the denial is an event the operator sees").isNotEmpty();
    }

    @Test
    void theStolenTokenLeavesAFingerprintMismatchWithOldAndNewValues() throws Exception {
        run(7);
        assertThat(admin.events(new EventFilter(null, null, "fingerprint_mismatch", null, null, "127.0.207.66", 0, 10)).items())
                .anySatisfy(e -> assertThat(e.detail()).contains("127.0.107.0/24").contains("127.0.207.0/24"));
    }

    @Test
    void theLegitimateClientMeetsNoDenial() throws Exception {
        Outcome o = run(12);
        assertThat(o.passed()).as(o.note()).isTrue();
        assertThat(o.steps()).hasSize(6).allSatisfy(s -> assertThat(s.denied()).isFalse());
    }

    @Test
    void scenariosCanBeRunAgain() throws Exception {
        for (int n : new int[] {4, 10, 12}) {
            assertThat(run(n).passed()).isTrue();
            assertThat(run(n).passed()).isTrue();
        }
    }

    @Test
    void theCommandLinePrintsATableAndExitsZeroWhenAllBehave() throws Exception {
        Path token = dir.resolve("admin.token");
        java.nio.file.Files.writeString(token, server.context().adminToken());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ScenarioCommand.run(new String[] {"--target", server.api(""), "--admin", server.context().adminUrl(),
                "--admin-token-file", token.toString()}, new PrintStream(out), System.err);
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(table).isZero();
        assertThat(table).contains("All 12 scenarios behaved as expected.").contains("replayed").contains("caught");
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        assertThat(ScenarioCommand.run(new String[] {"--target", server.api(""), "--admin", server.context().adminUrl(),
                "--admin-token-file", token.toString(), "--only", "5"}, new PrintStream(one), System.err)).isZero();
        assertThat(one.toString(StandardCharsets.UTF_8)).contains("Stale request").doesNotContain("Replay");
        assertThat(ScenarioCommand.run(new String[] {"--only", "99", "--admin-token-file", token.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()))).isEqualTo(2);
    }

    @Test
    void anAttackThatGetsThroughFailsTheRun() throws Exception {
        // switch the defence off: an order without a cart is no longer caught, and the command says so
        Path token = dir.resolve("admin2.token");
        java.nio.file.Files.writeString(token, server.context().adminToken());
        var http = new okhttp3.OkHttpClient();
        var put = new okhttp3.Request.Builder().url(server.context().adminUrl() + "/admin/rules")
                .header("Authorization", "Bearer " + server.context().adminToken())
                .put(okhttp3.RequestBody.create("{\"rules\":[]}", okhttp3.MediaType.get("application/json"))).build();
        try (var r = http.newCall(put).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ScenarioCommand.run(new String[] {"--target", server.api(""), "--admin", server.context().adminUrl(),
                "--admin-token-file", token.toString(), "--only", "11"}, new PrintStream(out), System.err);
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("MISSED");
        try (var r = http.newCall(put.newBuilder().put(okhttp3.RequestBody.create(
                "{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"POST\",\"path\":\"/api/orders\",\"priorMethod\":\"GET\","
                        + "\"priorPath\":\"/api/cart\",\"withinSeconds\":600},{\"type\":\"max-sessions\",\"perIp\":20,\"perUser\":10}]}",
                okhttp3.MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        http.connectionPool().evictAll();
    }
}
