package dev.palisade.http;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A front end on a dev server (another origin) calling the API through Palisade: allowed with
 * {@code --cors-origin}, refused by the browser without it. A real Chromium, a real second server.
 */
class CorsBrowserTest {

    @TempDir
    Path dir;
    @TempDir
    Path profile;
    private HttpServer devServer;
    private String devOrigin;
    private ServerFixture s;

    @BeforeEach
    void startDevServer() throws Exception {
        devServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        devOrigin = "http://127.0.0.1:" + devServer.getAddress().getPort();
    }

    private void startPalisade(List<String> origins) {
        s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withListeners(new ServerConfig.Listeners(List.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), origins)));
        s.ensureUser("alice");
        byte[] page = ("<!doctype html><html><head><title>dev</title><script src=\"" + s.api("/assets/palisade.js")
                + "\"></script></head><body>dev server</body></html>").getBytes(StandardCharsets.UTF_8);
        devServer.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        devServer.start();
    }

    @AfterEach
    void stop() {
        devServer.stop(0);
        if (s != null) s.close();
    }

    private Object logInAndAddANote() {
        ChromeDriver browser = Browser.person(profile);
        try {
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
            browser.get(devOrigin + "/");
            return browser.executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                    + "var c = Palisade.create({ base: '" + s.api("") + "', page: '/' });"
                    + "c.login('alice', '" + ServerFixture.PASSWORD + "')"
                    + ".then(function () { return c.json('/api/notes', {method: 'POST', body: JSON.stringify({title: 'from the dev server'})}); })"
                    + ".then(function (n) { done(n.title); }, function (e) { done('error ' + e.message); });");
        } finally {
            browser.quit();
        }
    }

    @Test
    void anAllowedOriginLogsInAndCallsTheApi() {
        startPalisade(List.of(devOrigin));
        assertThat(logInAndAddANote()).isEqualTo("from the dev server");
        ServerFixture.Reply preflight = s.send(new Request.Builder().url(s.api("/api/notes")).method("OPTIONS", null)
                .header("Origin", devOrigin).header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.code()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(devOrigin);
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Signature-Input").contains("Content-Digest");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
    }

    /*
     * fuzz58: Jetty's own refusals (a path with "//", a URL or cookies too large) are made before any handler runs and
     * carried no CORS headers: the page saw a CORS error, not the problem document the protocol promises it.
     */
    @Test
    void jettysOwnRefusalsCarryTheCorsHeadersForAnAllowedOriginOnly() throws Exception {
        startPalisade(List.of(devOrigin));
        String longPath = "/api/" + "a".repeat(9_000);
        for (Request refused : List.of(
                new Request.Builder().url(s.api("/api//notes")).header("Origin", devOrigin).header("Connection", "close").build(),
                new Request.Builder().url(s.api(longPath)).header("Origin", devOrigin).header("Connection", "close").build())) {
            ServerFixture.Reply r = s.send(refused);
            // each closed after its answer: Jetty closes a connection whose request it could not read
            assertThat(r.code()).as(refused.url().encodedPath().substring(0, Math.min(12, refused.url().encodedPath().length()))).isIn(400, 414, 431);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.header("Access-Control-Allow-Origin")).as(r.code() + " to the allowed origin").isEqualTo(devOrigin);
            assertThat(r.header("Vary")).contains("Origin");
            assertThat(r.header("Access-Control-Expose-Headers")).contains("Retry-After");
        }
        String cookies; // written whole before the answer is read: a client that reads as it writes meets a reset
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + devOrigin
                    + "\r\nCookie: a=" + "x".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            cookies = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(cookies).startsWith("HTTP/1.1 431 ").contains("Access-Control-Allow-Origin: " + devOrigin);
        ServerFixture.Reply other = s.send(new Request.Builder().url(s.api("/api//notes"))
                .header("Origin", "http://elsewhere.example").header("Connection", "close").build());
        assertThat(other.code()).isEqualTo(400);
        assertThat(other.header("Access-Control-Allow-Origin")).as("another origin").isNull();
        ServerFixture.Reply admin = s.send(new Request.Builder().url(s.admin("/admin//sessions")).header("Origin", devOrigin).header("Connection", "close").build());
        assertThat(admin.code()).isEqualTo(400);
        assertThat(admin.header("Access-Control-Allow-Origin")).as("the admin listener").isNull();
    }

    @Test
    void anyOtherOriginGetsNoCorsAnswer() {
        startPalisade(List.of("http://localhost:5173"));
        assertThat(String.valueOf(logInAndAddANote())).startsWith("error");
        ServerFixture.Reply other = s.send(new Request.Builder().url(s.api("/")).header("Origin", devOrigin).build());
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(s.adminCall("GET", "/admin/sessions?user=alice", null).json().get("total").asInt()).isZero();
    }
}
