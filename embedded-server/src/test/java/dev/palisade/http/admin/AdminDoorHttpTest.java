package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import dev.palisade.http.ServerFixture;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin listener's door (Host names, throttled guessing) and both listeners' slow-client timeouts. */
class AdminDoorHttpTest {

    @TempDir
    Path dir;
    private ServerFixture s;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir, MutableClock.at2026(), c -> c.withListeners(new ServerConfig.Listeners(
                List.of("admin.internal"), Duration.ofSeconds(2), Duration.ofSeconds(1))));
    }

    @AfterEach
    void stop() {
        s.close();
    }

    private ServerFixture.Reply withHost(String host, String token) {
        return s.send(new Request.Builder().url(s.admin("/admin/stats")).header("Host", host)
                .header("Authorization", "Bearer " + token).build());
    }

    @Test
    void onlyLoopbackNamesAndConfiguredHostsAreAnswered() {
        String token = s.server.adminToken();
        int port = s.server.adminPort();
        for (String ok : new String[] {"127.0.0.1:" + port, "localhost:" + port, "localhost", "[::1]:" + port,
                "admin.internal:" + port, "ADMIN.internal"}) {
            assertThat(withHost(ok, token).code()).as(ok).isEqualTo(200);
        }
        for (String evil : new String[] {"evil.example:" + port, "localhost.evil.example", "127.0.0.1.evil.example",
                "internal", "admin.internal.evil.example"}) {
            ServerFixture.Reply r = withHost(evil, token);
            assertThat(r.code()).as(evil).isEqualTo(403);
            assertThat(r.json().get("code").asText()).isEqualTo("forbidden_host");
        }
    }

    @Test
    void theBannersAdminUrlAnswersWithAnIndexWithoutTheToken() {
        ServerFixture.Reply index = s.send(new Request.Builder().url(s.admin("/admin/")).build());
        assertThat(index.code()).isEqualTo(200);
        assertThat(index.json().get("resources").toString()).contains("/admin/sessions").contains("/admin/debug-tokens");
        assertThat(index.body()).doesNotContain(s.server.adminToken());
        assertThat(s.send(new Request.Builder().url(s.admin("/admin/sessions")).build()).code()).as("the rest needs it")
                .isEqualTo(401);
        assertThat(s.send(new Request.Builder().url(s.admin("/admin/")).header("Host", "evil.example").build()).code())
                .isEqualTo(403);
    }

    @Test
    void theApiDescriptionIsServedWithoutTheTokenLikeTheIndex() {
        ServerFixture.Reply description = s.send(new Request.Builder().url(s.admin("/admin/openapi.json")).build());
        assertThat(description.code()).isEqualTo(200);
        assertThat(description.header("Content-Type")).startsWith("application/json");
        assertThat(description.json().get("openapi").asText()).startsWith("3.1");
        assertThat(description.json().get("paths").has("/admin/sessions")).isTrue();
        assertThat(description.body()).doesNotContain(s.server.adminToken());
        assertThat(s.send(new Request.Builder().url(s.admin("/admin/openapi.json")).header("Host", "evil.example").build()).code())
                .isEqualTo(403);
    }

    @Test
    void wrongAdminTokensAreThrottledPerAddress() {
        for (int i = 0; i < 10; i++) {
            assertThat(withHost("127.0.0.1", "wrong-" + i).code()).isEqualTo(401);
        }
        ServerFixture.Reply throttled = withHost("127.0.0.1", "wrong-again");
        assertThat(throttled.code()).isEqualTo(429);
        assertThat(throttled.json().get("code").asText()).isEqualTo("admin_throttled");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
        s.clock.advance(Duration.ofSeconds(61));
        assertThat(withHost("127.0.0.1", "wrong-after-the-minute").code()).as("the minute is over").isEqualTo(401);
        JsonNode events = s.adminCall("GET", "/admin/events?type=admin&code=admin_throttled", null).json().get("items");
        assertThat(events).singleElement().satisfies(e -> assertThat(e.get("detail").asText()).contains("127.0.0.1"));
        // audit authz54: the address was in the detail alone, so a filter by address missed the throttle
        JsonNode byAddress = s.adminCall("GET", "/admin/events?ip=127.0.0.1&code=admin_throttled", null).json().get("items");
        assertThat(byAddress).singleElement().satisfies(e -> assertThat(e.get("ip").asText()).isEqualTo("127.0.0.1"));
    }

    @Test
    void wrongTokensFromTheOwnersAddressNeverLockTheOwnerOut() {
        for (int i = 0; i < 15; i++) withHost("127.0.0.1", "wrong-" + i);
        assertThat(withHost("127.0.0.1", "wrong-again").code()).as("a guess still waits").isEqualTo(429);

        ServerFixture.Reply owner = withHost("127.0.0.1", s.server.adminToken());
        assertThat(owner.code()).as(owner.toString()).isEqualTo(200);
        assertThat(owner.json().has("sessions")).as("the owner's answer, not a refusal").isTrue();
        assertThat(withHost("127.0.0.1", "wrong-once-more").code()).as("the owner's call frees no guesser").isEqualTo(429);
        assertThat(withHost("127.0.0.1", s.server.adminToken()).code()).isEqualTo(200);
    }

    @Test
    void nineWrongTokensDoNotLockTheOwnerOut() {
        for (int i = 0; i < 9; i++) withHost("127.0.0.1", "wrong-" + i);
        assertThat(withHost("127.0.0.1", s.server.adminToken()).code()).isEqualTo(200);
    }

    @Test
    void slowClientsAreClosedWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("127.0.0.1", i % 2 == 0 ? s.server.port() : s.server.adminPort());
                socket.setSoTimeout(6_000);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            long until = System.nanoTime() + 3_000_000_000L;
            List<Socket> open = new ArrayList<>(slow);
            int line = 0;
            while (System.nanoTime() < until && !open.isEmpty()) {
                Thread.sleep(250);
                line++;
                for (Socket socket : List.copyOf(open)) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write(("X-Slow-" + line + ": still typing\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    } catch (java.io.IOException closed) {
                        open.remove(socket);
                    }
                }
            }
            assertThat(s.get(s.api("/assets/palisade.js"), null).code()).as("others are served").isEqualTo(200);
            for (Socket socket : slow) {
                InputStream in = socket.getInputStream();
                try {
                    assertThat(in.read()).as("the server closed the slow connection").isEqualTo(-1);
                } catch (java.net.SocketException reset) {
                    // closed with a reset: closed all the same
                } catch (SocketTimeoutException stillOpen) {
                    throw new AssertionError("a slow client was still connected after 3 s with a 1 s header timeout");
                }
            }
        } finally {
            for (Socket socket : slow) socket.close();
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", s.server.port())) {
            idle.setSoTimeout(6_000);
            long t0 = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("closed near the 2 s idle timeout").isBetween(1_000L, 5_000L);
        }
    }

    @Test
    void bodiesSentAByteAtATimeHoldNoThreadAndAreCutAtTheDeadline() throws Exception {
        // more slow bodies than the server has threads (200): each one used to hold a thread while it dribbled
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 210; i++) {
                Socket socket = new Socket("127.0.0.1", s.server.port());
                socket.setSoTimeout(4_000);
                socket.getOutputStream().write(("POST /auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            for (int round = 0; round < 3; round++) {
                Thread.sleep(300);
                for (Socket socket : slow) {
                    try {
                        socket.getOutputStream().write(' ');
                    } catch (java.io.IOException closed) {
                        // answered already
                    }
                }
            }
            okhttp3.OkHttpClient quick = s.http.newBuilder().callTimeout(Duration.ofSeconds(1)).build();
            try (okhttp3.Response r = quick.newCall(new Request.Builder().url(s.api("/assets/palisade.js")).build()).execute()) {
                assertThat(r.code()).as("others are served while the bodies dribble").isEqualTo(200);
            }
            try (okhttp3.Response r = quick.newCall(new Request.Builder().url(s.admin("/admin/")).build()).execute()) {
                assertThat(r.code()).as("the admin listener too").isLessThan(500);
            }
            String answer = new String(slow.get(0).getInputStream().readNBytes(400), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("a body not whole within the 2 s deadline").startsWith("HTTP/1.1 408")
                    .contains("application/problem+json").contains("request_timeout");
        } finally {
            for (Socket socket : slow) socket.close();
        }
    }
}
