package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import dev.palisade.state.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes on a real Redis: a session opened on one is ended on the other by a logout its key signed. */
class ClusterSignedLogoutTest {

    @TempDir
    Path dir;
    private RedisServer redis;
    private ServerFixture a;
    private ServerFixture b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        MutableClock clock = MutableClock.at2026();
        Path key = dir.resolve("cluster.key");
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(dev.palisade.engine.Secrets.randomBytes(32)) + "\n");
        ServerConfig.Cluster cluster = new ServerConfig.Cluster(redis.uri(), null, null, key);
        a = new ServerFixture(Files.createDirectories(dir.resolve("a")), clock, c -> c.withCluster(cluster));
        b = new ServerFixture(Files.createDirectories(dir.resolve("b")), clock, c -> c.withCluster(cluster));
    }

    @AfterEach
    void stop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
    }

    @Test
    void aSessionOpenedOnOneNodeWhoseTokenExpiredIsEndedOnTheOtherByItsSignedLogout() throws Exception {
        String token = a.token("alice");
        String sid = a.sessionOf(token);
        a.clock.advance(Duration.ofSeconds(960)); // past the token's 900 s and its leeway, inside the idle time
        assertProblem(b.postJson(b.api("/auth/logout"), "{}", token), 401, "expired_token");

        byte[] wrong = a.signingKey(token);
        wrong[0] ^= 1;
        long now = a.clock.millis() / 1000;
        assertProblem(b.send(SignedLogoutHttpTest.signedLogout(b.api("/auth/logout"), token, sid, wrong, now, "n-1")),
                401, "bad_signature");
        var signed = SignedLogoutHttpTest.signedLogout(b.api("/auth/logout"), token, sid, a.signingKey(token), now, "n-2");
        assertThat(b.send(signed).code()).as("B reads the session A opened from the shared store").isEqualTo(204);
        // sent again to A, which has not heard of the revocation yet or has: never a second logout
        ServerFixture.Reply again = a.send(SignedLogoutHttpTest.signedLogout(a.api("/auth/logout"), token, sid,
                a.signingKey(token), now, "n-2"));
        assertThat(again.code()).as(again.toString()).isEqualTo(401);
        assertThat(again.json().get("code").asText()).isIn("session_revoked", "replayed");
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"revoked".equals(state(a, sid))) {
            assertThat(System.currentTimeMillis()).as("A shows the session revoked").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static String state(ServerFixture at, String sid) {
        JsonNode session = at.adminCall("GET", "/admin/sessions/" + sid, null).json();
        return session.get("state").asText();
    }
}
