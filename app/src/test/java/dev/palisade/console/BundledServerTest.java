package dev.palisade.console;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.ServerConfig;
import dev.palisade.engine.EngineOptions;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BundledServerTest {

    @TempDir
    Path dir;

    private static String get(OkHttpClient http, String url) throws Exception {
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code() + " " + r.body().string();
        }
    }

    @Test
    void aDemoUserIsMadeOnceAndItsPasswordKeptOwnerOnly() throws Exception {
        ServerConfig config = ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
        String password;
        try (BundledServer first = BundledServer.start(config)) {
            password = first.demoPassword();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(first.context().bundledInfo()).contains("demo").contains(password)
                    .contains("admin token in " + dir.resolve("admin.token")).doesNotContain("First start");
            assertThat(first.context().notice()).startsWith("First start on this data at ").contains("palisade.db");
            assertThat(first.context().toString()).doesNotContain(first.server().adminToken());
            // the terminal says where everything is, but never prints the password itself
            assertThat(Launcher.startMessage(first)).contains("first start").contains(dir.toString())
                    .contains(dir.resolve("admin.token").toString()).contains(dir.resolve("demo.password").toString())
                    .doesNotContain(password).doesNotContain(first.server().adminToken());
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(BundledServer.DEMO_PASSWORD_FILE)))).isEqualTo("rw-------");
        try (BundledServer again = BundledServer.start(config)) {
            assertThat(again.demoPassword()).isEqualTo(password);
            assertThat(again.firstStart()).isFalse();
            assertThat(again.context().bundledInfo()).contains(password).doesNotContain("First start");
            assertThat(again.context().notice()).isNull();
            assertThat(Launcher.startMessage(again)).doesNotContain("first start");
        }
    }

    /* The user was made before its password was written: a console killed between the two lost the password for good. */
    @Test
    void aStartStoppedBeforeTheDemoUserWasMadeIsFinishedWithThePasswordItWrote() throws Exception {
        ServerConfig config = ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(BundledServer.DEMO_PASSWORD_FILE + ".new"), "written-before-the-crash\n");
        try (BundledServer resumed = BundledServer.start(config)) {
            assertThat(resumed.demoPassword()).isEqualTo("written-before-the-crash");
            assertThat(new dev.palisade.console.client.AdminClient(resumed.server().adminUri().toString(),
                    resumed.server().adminToken()).user(BundledServer.DEMO_USER)).isNotNull();
        }
        assertThat(dir.resolve(BundledServer.DEMO_PASSWORD_FILE)).hasContent("written-before-the-crash");
        assertThat(dir.resolve(BundledServer.DEMO_PASSWORD_FILE + ".new")).doesNotExist();
        try (BundledServer again = BundledServer.start(config)) {
            assertThat(again.demoPassword()).isEqualTo("written-before-the-crash");
        }
    }

    @Test
    void protectingAnApiRestartsOnTheSamePortsInFrontOfIt() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", x -> {
            byte[] page = "<html><head><title>Mine</title></head></html>".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8"); // a page says it is one
            x.sendResponseHeaders(200, page.length);
            x.getResponseBody().write(page);
            x.close();
        });
        upstream.start();
        OkHttpClient http = new OkHttpClient();
        dev.palisade.engine.MutableClock clock = dev.palisade.engine.MutableClock.realTime();
        BundledServer server = BundledServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0).withClock(clock)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        try {
            int port = server.server().port();
            assertThat(get(http, server.server().apiUri() + "/")).contains("Palisade demo");
            URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
            String firstStart = server.context().notice();
            assertThat(firstStart).startsWith("First start on this data at ");
            clock.advance(Duration.ofSeconds(2)); // the clock's second moves on: the notice keeps the first start's
            http.connectionPool().evictAll();
            server = server.protect(url, Duration.ofSeconds(5));
            assertThat(server.context().notice()).as("the first start's time, not the restart's; the API answers")
                    .isEqualTo(firstStart);
            assertThat(server.server().port()).isEqualTo(port);
            assertThat(server.upstream()).isEqualTo(url);
            assertThat(get(http, server.server().apiUri() + "/")).contains("<title>Mine</title>").contains("palisade-nonce");
            assertThat(server.context().bundledInfo()).contains("protecting " + url)
                    .as("the console too says where the key the app verifies with is")
                    .contains("with the key in " + server.server().dataDir().resolve("upstream.key"));
            // started with --upstream, the terminal says where the key the app verifies with is
            assertThat(Launcher.startMessage(server)).contains("protecting:          " + url)
                    .contains("upstream.key:        " + server.server().dataDir().resolve("upstream.key"));
            http.connectionPool().evictAll();
            server = server.protect(null, Duration.ofSeconds(5));
            assertThat(get(http, server.server().apiUri() + "/")).contains("Palisade demo");
            assertThat(server.context().bundledInfo()).doesNotContain("upstream.key");
        } finally {
            http.connectionPool().evictAll();
            server.close();
            upstream.stop(0);
        }
    }

    /*
     * README walk-through 52: the console started in front of the operator's own API made user "demo" and showed its
     * password, one more account that logged in to that API. None is made there; one an earlier demo made is told of.
     */
    @Test
    void inFrontOfTheOperatorsOwnApiNoDemoUserIsMadeAndOneMadeBeforeIsToldOf() throws Exception {
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", x -> {
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        upstream.start();
        URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort());
        ServerConfig config = ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000));
        try {
            try (BundledServer mine = BundledServer.start(config.withUpstream(url, Duration.ofSeconds(5)))) {
                assertThat(mine.demoPassword()).isNull();
                assertThat(mine.firstStart()).isFalse();
                assertThat(mine.context().bundledInfo()).doesNotContain("Demo user").contains("Data in " + dir);
                assertThat(Launcher.startMessage(mine)).doesNotContain("demo user");
                try (var admin = new dev.palisade.console.client.AdminClient(mine.server().adminUri().toString(),
                        mine.server().adminToken())) {
                    assertThat(admin.users()).noneMatch(u -> u.username().equals(BundledServer.DEMO_USER));
                }
            }
            String password;
            try (BundledServer demo = BundledServer.start(config)) {
                password = demo.demoPassword();
            }
            try (BundledServer mine = BundledServer.start(config.withUpstream(url, Duration.ofSeconds(5)))) {
                assertThat(mine.demoPassword()).isEqualTo(password);
                assertThat(mine.context().bundledInfo()).contains("Demo user demo, password " + password
                        + " (it logs in to the API you protect too: disable it in Users unless you want it)");
            }
        } finally {
            upstream.stop(0);
        }
    }

    /* After "Protect an API…" in front of an API that was not running, the Overview looked healthy while the client page answered 502. */
    @Test
    void protectingAnApiThatDoesNotAnswerSaysSoOnTheOverview() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed below: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        BundledServer server = BundledServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        try {
            String firstStart = server.context().notice();
            server = server.protect(url, Duration.ofSeconds(5));
            assertThat(server.context().notice()).startsWith("At ").contains(" nothing answered at " + url + " (connection refused)")
                    .contains("502 upstream_unavailable").endsWith("\n" + firstStart);
            server = server.protect(null, Duration.ofSeconds(5));
            assertThat(server.context().notice()).as("the demo API again: nothing to warn of").isEqualTo(firstStart);
        } finally {
            server.close();
        }
    }

    /** "Stop protecting" that fails says so, not "Could not protect null". */
    @Test
    void aFailedReturnToTheDemoApiIsToldAsSuch() {
        Exception cause = new java.io.IOException("port 8080 is taken");
        assertThat(new BundledServer.ProtectionFailed(null, cause, null).getMessage())
                .isEqualTo("Could not serve the demo API again: port 8080 is taken. The bundled server could not be started"
                        + " again either: none runs; restart the console.");
        assertThat(new BundledServer.ProtectionFailed(URI.create("http://127.0.0.1:3000"), cause, null).getMessage())
                .startsWith("Could not protect http://127.0.0.1:3000: port 8080 is taken.");
    }

    @Test
    void aProtectionThatCannotStartPutsTheServerBackAsItWasAndSaysSo() throws Exception {
        BundledServer server = BundledServer.start(ServerConfig.defaults().withDataDir(dir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        // the key shared with an upstream, edited by hand into something that is not a key: only a protecting start reads it
        Files.writeString(dir.resolve(dev.palisade.DataDirectory.UPSTREAM_KEY_FILE), "not a key!\n");
        String api = server.server().apiUri() + "/";
        String adminUrl = server.context().adminUrl();
        OkHttpClient http = new OkHttpClient();
        URI url = URI.create("http://127.0.0.1:9");
        Exception failure = null;
        try {
            server = server.protect(url, Duration.ofSeconds(5));
        } catch (Exception e) {
            failure = e;
        }
        try {
            assertThat(failure).as("the protection failed").isNotNull()
                    .hasMessageStartingWith("Could not protect " + url).hasMessageEndingWith("The bundled server runs as before, with its demo API.");
            http.connectionPool().evictAll();
            assertThat(get(http, api)).as("the demo API answers on the same port").contains("Palisade demo");
            server = ((BundledServer.ProtectionFailed) failure).runningAsBefore();
            assertThat(server.upstream()).isNull();
            assertThat(server.context().adminUrl()).isEqualTo(adminUrl);
            assertThat(server.context().bundledInfo()).doesNotContain("protecting");
        } finally {
            http.connectionPool().evictAll();
            server.close();
        }
    }
}
