package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The bounded stores answer as the contract says when they are full, over HTTP, and recover. */
class CapacityHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @AfterEach
    void stop() {
        if (s != null) s.close();
    }

    @Test
    void bootstrapCapacityIsA503UntilPageNoncesLapse() {
        s = new ServerFixture(dir, MutableClock.at2026(), c -> c.withEngine(EngineFixture.fastOptions().withBootstrapCapacity(3)));
        for (int i = 0; i < 3; i++) assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
        ServerFixture.Reply full = s.get(s.api("/"), null);
        assertProblem(full, 503, "bootstrap_capacity");
        assertThat(full.header("Retry-After")).isNotNull();
        s.clock.advance(Duration.ofSeconds(31));
        assertThat(s.get(s.api("/"), null).code()).as("lapsed nonces make room").isEqualTo(200);
    }

    @Test
    void sessionCapacityIsA503ForTheNextLogin() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"maxSessions\":2}").code()).isEqualTo(200);
        s.login("a");
        s.login("b");
        s.ensureUser("c");
        ServerFixture.Reply third = s.postJson(s.api("/auth/login"), s.loginBody("c", ServerFixture.PASSWORD, s.ticket()), null);
        assertProblem(third, 503, "session_capacity");
    }

    @Test
    void aFullNonceSecondIsA503ForEveryoneAndAnEvent() {
        s = new ServerFixture(dir);
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"session\",\"limit\":100000,"
                + "\"windowSeconds\":1},{\"scope\":\"ip\",\"limit\":100000,\"windowSeconds\":1}]}").code()).isEqualTo(200);
        assertThat(s.adminCall("PUT", "/admin/config", "{\"noncesPerSecondMax\":1000,\"noncesPerSessionSecondMax\":300}")
                .code()).isEqualTo(200);
        String[] tokens = new String[4];
        for (int i = 0; i < 4; i++) tokens[i] = s.token("n" + i);
        int allowed = 0;
        for (int i = 0; i < 1_000; i++) {
            if (s.get(s.api("/api/cart"), tokens[i % 4]).code() == 200) allowed++;
        }
        assertThat(allowed).isEqualTo(1_000);
        JsonNode p = assertProblem(s.get(s.api("/api/cart"), tokens[0]), 503, "nonce_store_full");
        assertThat(p.get("check").asText()).isEqualTo("nonce");
        s.clock.advance(Duration.ofSeconds(1));
        assertThat(s.get(s.api("/api/cart"), tokens[1]).code()).as("the next second has room").isEqualTo(200);
        assertThat(s.adminCall("GET", "/admin/events?type=system&code=nonce_store_full", null).json().get("items"))
                .hasSize(1);
    }
}
