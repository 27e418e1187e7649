package dev.palisade.console.scenarios;

import dev.palisade.DataDirectory;
import dev.palisade.ServerConfig;
import dev.palisade.console.BundledServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos;
import dev.palisade.engine.EngineOptions;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Palisade behind the gateways teams already run: real nginx and real Caddy with the configuration
 * shipped in docs/gateways/, Palisade's decision listener, and a small upstream that trusts only
 * what Palisade signed. Every scenario runs through each gateway: every attack is caught, the
 * automated browser flagged, the person clean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayScenariosTest {

    private static final String PASSWORD = "gateway password";

    @TempDir
    static Path dir;
    private BundledServer palisade;
    private SignedUpstream app;
    private AdminClient admin;

    @BeforeAll
    void start() throws Exception {
        palisade = BundledServer.start(ServerConfig.defaults().withDataDir(dir.resolve("palisade")).withPorts(0, 0)
                .withDecide(new ServerConfig.Decide("127.0.0.1", 0))
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)));
        admin = new AdminClient(palisade.context().adminUrl(), palisade.context().adminToken());
        admin.updateConfig(java.util.Map.of("pagesPerMinuteMax", 100_000L));
        // the app behind the gateway is the demo's (notes, cart, orders), and its operator gives it the demo's order
        // rule: behind a gateway, Palisade does not assume one
        admin.replaceDocument("rules", "{\"rules\":[{\"type\":\"requires-prior\",\"method\":\"POST\",\"path\":\"/api/orders\","
                + "\"priorMethod\":\"GET\",\"priorPath\":\"/api/cart\",\"withinSeconds\":600},"
                + "{\"type\":\"max-sessions\",\"perIp\":20,\"perUser\":10}]}");
        // the gateway connects from 127.0.0.1: its X-Forwarded-For names the client
        Dtos.FingerprintPolicyView policy = admin.fingerprintPolicy();
        admin.updateFingerprintPolicy(new Dtos.FingerprintPolicyView(policy.components(), policy.ipv4Prefix(),
                policy.ipv6Prefix(), List.of("127.0.0.1")));
        app = new SignedUpstream(dir.resolve("app"), DataDirectory.upstreamKey(dir.resolve("palisade")));
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) app.close();
        if (palisade != null) palisade.close();
    }

    private Gateway nginx() throws Exception {
        assumeInstalled("nginx");
        return Gateway.nginx(dir.resolve("nginx"), palisade.server().port(), palisade.server().decidePort(), app.port());
    }

    private Gateway caddy() throws Exception {
        assumeInstalled("caddy");
        return Gateway.caddy(dir.resolve("caddy"), palisade.server().port(), palisade.server().decidePort(), app.port());
    }

    /** Where the gateway is installed the tests run; CI installs both, so there its absence is a failure. */
    private static void assumeInstalled(String binary) {
        String missing = Gateway.missing(binary);
        if (missing == null) return;
        if (System.getenv("CI") != null) throw new IllegalStateException("CI must have " + missing);
        Assumptions.assumeTrue(false, missing);
    }

    @Test
    void throughNginxEveryAttackIsCaughtAndThePersonIsClean() throws Exception {
        try (Gateway nginx = nginx()) {
            everyScenario(nginx);
        }
    }

    @Test
    void throughCaddyEveryAttackIsCaughtAndThePersonIsClean() throws Exception {
        try (Gateway caddy = caddy()) {
            everyScenario(caddy);
        }
    }

    /*
     * Audit 50: behind a gateway whose app holds another key (a key file from another data directory, say), the app
     * refused every call, and every scripted attack read "caught": a refusal cannot tell a defence from an outage.
     * Each scenario's own real call must be served first, or the scenario is an error that says so.
     */
    @Test
    void anAppThatRefusesEveryCallMakesTheAttacksErrorsNotCatches() throws Exception {
        assumeInstalled("nginx");
        byte[] otherKey = new byte[32];
        new java.security.SecureRandom().nextBytes(otherKey);
        try (SignedUpstream refusing = new SignedUpstream(dir.resolve("refusing-app"), otherKey);
             Gateway nginx = Gateway.nginx(dir.resolve("refusing-nginx"), palisade.server().port(),
                     palisade.server().decidePort(), refusing.port())) {
            ScenarioContext context = new ScenarioContext(nginx.url(), admin);
            try {
                for (int n : new int[] {4, 5, 6, 7, 8, 9, 11}) {
                    Outcome o = Scenarios.number(n).run(context, step -> { });
                    assertThat(o.result()).as(n + ": " + o.note()).isEqualTo(Outcome.Result.ERROR);
                    assertThat(o.note()).as(n + "").contains("real client's own call").contains("401 upstream_signature");
                    assertThat(o.asExpected()).isFalse();
                }
            } finally {
                context.endRun();
            }
        }
    }

    /*
     * Scenario 16 behind a gateway the server does not trust (ClusterScenariosTest's balancer, before it was trusted):
     * every caller had the gateway's address, so the page it borrowed was its own, and it read "refused, but with
     * challenge_failed", as if the price had let a dear address through. It says why it cannot run instead.
     */
    @Test
    void behindAGatewayTheServerDoesNotTrustTheBorrowedPageSaysWhyItCannotRun() throws Exception {
        try (Gateway nginx = nginx()) {
            Dtos.FingerprintPolicyView policy = admin.fingerprintPolicy();
            admin.updateFingerprintPolicy(new Dtos.FingerprintPolicyView(policy.components(), policy.ipv4Prefix(),
                    policy.ipv6Prefix(), List.of()));
            try {
                Outcome o = new ScenarioRunner(new ScenarioContext(nginx.url(), admin))
                        .run(List.of(Scenarios.number(16)), (s, step) -> { }, x -> { }).get(0);
                assertThat(o.result()).as(o.note()).isEqualTo(Outcome.Result.ERROR);
                assertThat(o.note()).startsWith("could not run: the server counted none of the 10 refusals against 127.0.116.11")
                        .contains("trustedProxies");
                assertThat(o.asExpected()).isFalse();
            } finally {
                admin.updateFingerprintPolicy(policy);
            }
        }
    }

    @Test
    void nginxPassesOnARateLimitAsPalisadeGaveIt() throws Exception {
        try (Gateway nginx = nginx()) {
            rateLimitedAsGiven(nginx);
        }
    }

    @Test
    void caddyPassesOnARateLimitAsPalisadeGaveIt() throws Exception {
        try (Gateway caddy = caddy()) {
            rateLimitedAsGiven(caddy);
        }
    }

    @Test
    void nginxKeepsTheClientsOverridesFromTheApp() throws Exception {
        try (Gateway nginx = nginx()) {
            noOverrideReachesTheApp(nginx);
        }
    }

    @Test
    void caddyKeepsTheClientsOverridesFromTheApp() throws Exception {
        try (Gateway caddy = caddy()) {
            noOverrideReachesTheApp(caddy);
        }
    }

    @Test
    void nginxKeepsTheClientsClaimsFromThePathsPalisadeForwardsItself() throws Exception {
        claimsStayAtTheGatewayOnPublicPaths("nginx");
    }

    @Test
    void caddyKeepsTheClientsClaimsFromThePathsPalisadeForwardsItself() throws Exception {
        claimsStayAtTheGatewayOnPublicPaths("caddy");
    }

    /*
     * With --upstream beside the decision listener, the gateway's catch-all sends Palisade's own
     * paths and the public ones (here /static/*) to Palisade, which forwards the public ones to the
     * app keeping a trusted proxy's X-Forwarded-Host, Forwarded and the like: those the catch-all
     * passed on were the client's, and an app builds links from them (a password reset to evil.example).
     */
    private void claimsStayAtTheGatewayOnPublicPaths(String kind) throws Exception {
        assumeInstalled(kind);
        Path here = dir.resolve("public-" + kind);
        try (SignedUpstream publicApp = new SignedUpstream(here.resolve("app"),
                DataDirectory.upstreamKey(here.resolve("palisade"))); // made here, read by the server as it starts
             BundledServer forwarding = BundledServer.start(ServerConfig.defaults().withDataDir(here.resolve("palisade"))
                     .withPorts(0, 0).withDecide(new ServerConfig.Decide("127.0.0.1", 0))
                     .withUpstream(java.net.URI.create("http://127.0.0.1:" + publicApp.port()), java.time.Duration.ofSeconds(10))
                     .withEngine(EngineOptions.defaults().withPasswordIterations(1_000)))) {
            AdminClient forwardingAdmin = new AdminClient(forwarding.context().adminUrl(), forwarding.context().adminToken());
            forwardingAdmin.replaceDocument("routes", "{\"publicPaths\":[\"/static/*\"],\"clientPages\":[\"/\"]}");
            Dtos.FingerprintPolicyView policy = forwardingAdmin.fingerprintPolicy();
            forwardingAdmin.updateFingerprintPolicy(new Dtos.FingerprintPolicyView(policy.components(), policy.ipv4Prefix(),
                    policy.ipv6Prefix(), List.of("127.0.0.1")));
            int port = forwarding.server().port();
            int decide = forwarding.server().decidePort();
            try (Gateway gateway = kind.equals("nginx") ? Gateway.nginx(here.resolve("nginx"), port, decide, publicApp.port())
                    : Gateway.caddy(here.resolve("caddy"), port, decide, publicApp.port())) {
                List<String> claims = List.of("X-Forwarded-Host", "X-Forwarded-Prefix", "X-Forwarded-Port", "X-Forwarded-Server",
                        "Forwarded", "X-Real-IP");
                Request.Builder call = new Request.Builder().url(gateway.url() + "/static/site.css");
                for (String name : claims) call.header(name, name.equals("Forwarded") ? "host=evil.example;for=6.6.6.6" : "evil.example");
                try (Response r = new OkHttpClient().newCall(call.build()).execute()) {
                    assertThat(publicApp.arrived()).as(r.toString()).isPositive();
                }
                org.eclipse.jetty.http.HttpFields arrived = publicApp.lastAccepted();
                assertThat(arrived).as("the public path reached the app as Palisade forwarded it").isNotNull();
                for (String name : claims) {
                    assertThat(arrived.getValuesList(name)).as(name).noneMatch(v -> v.contains("evil") || v.contains("6.6.6.6"));
                }
            }
        }
    }

    /**
     * An allowed call that names another method or path in a header (Symfony, ASP.NET and Express's
     * method-override read these) reaches the app without it: the app handles the call Palisade judged.
     * And a call that names another in the headers gateways name the decided call with is decided as itself.
     */
    private void noOverrideReachesTheApp(Gateway gateway) throws Exception {
        ScenarioClient client = new ScenarioClient(gateway.url(), "127.0.0.1", "Mozilla/5.0 (gateway test)");
        String user = "override" + Math.abs(gateway.url().hashCode());
        admin.createUser(user, PASSWORD);
        ScenarioClient.Session session = client.logIn(user, PASSWORD,
                admin.createDebugToken("override-" + System.nanoTime(), 600).token());
        // with '_' for '-' too: WSGI and CGI servers read those names alike
        List<String> overrides = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-URL",
                "X-Rewrite-URL", "X_HTTP_Method_Override", "X_Original_URL",
                // WSGI's "ReverseProxied" recipe cuts X-Script-Name off the path; gateways' records of the request
                "X-Script-Name", "X-Scheme", "X-Original-URI", "X-Original-Method", "X-Envoy-Original-Path", "X-Original-Host",
                // the names Caddy and Traefik give the decided call: Palisade's own proxy drops them
                "X-Forwarded-Method", "X-Forwarded-Uri");
        Request.Builder call = client.signed(session, "GET", "/api/notes", null).newBuilder()
                .header("X-Palisade-User", "admin").header("X-Palisade-Session", "someone-elses");
        for (String name : overrides) call.header(name, name.endsWith("URL") ? "/api/admin" : "DELETE");
        // where the client claims the call came from, or who it is: apps and libraries read these
        List<String> claims = List.of("X-Forwarded-Prefix", "X-Forwarded-Port", "X-Forwarded-Server", "X-Forwarded-User",
                "X-Forwarded-Email", "Forwarded", "True-Client-IP", "X-Client-IP", "Client-IP", "CF-Connecting-IP",
                "Fastly-Client-IP", "X-Cluster-Client-IP");
        for (String name : claims) call.header(name, name.equals("Forwarded") ? "for=6.6.6.6" : "6.6.6.6");
        call.header("X-Real-IP", "6.6.6.6").header("X-Forwarded-Host", "evil.example");
        try (Response r = new OkHttpClient().newCall(call.build()).execute()) {
            assertThat(r.code()).as(r.toString()).isEqualTo(200);
        }
        org.eclipse.jetty.http.HttpFields arrived = app.lastAccepted();
        assertThat(arrived.getValuesList("X-Palisade-User")).as("the call the app got is this one, as Palisade says")
                .containsExactly(user);
        assertThat(arrived.getValuesList("X-Palisade-Session")).singleElement().isNotEqualTo("someone-elses");
        for (String name : overrides) assertThat(arrived.get(name)).as(name).isNull();
        for (String name : claims) assertThat(arrived.get(name)).as(name).isNull();
        assertThat(arrived.getValuesList("X-Real-IP")).as("X-Real-IP").noneMatch(v -> v.contains("6.6.6.6"));
        assertThat(arrived.getValuesList("X-Forwarded-Host")).as("X-Forwarded-Host").noneMatch(v -> v.contains("evil"));
        // the app's X-Forwarded-For is the gateway's word alone: an app trusting every hop ('trust proxy')
        // reads its first entry as the caller (an API key's call, bound to no address, to say so)
        String key = admin.createApiKey("xff-" + System.nanoTime(), List.of("/api/notes")).key();
        try (Response r = new OkHttpClient().newCall(new Request.Builder().url(gateway.url() + "/api/notes")
                .header("X-Api-Key", key).header("X-Forwarded-For", "6.6.6.6").build()).execute()) {
            assertThat(r.code()).as(r.body().string()).isEqualTo(200);
        }
        assertThat(app.lastAccepted().getValuesList("X-Forwarded-For")).as("X-Forwarded-For").isNotEmpty()
                .noneMatch(v -> v.contains("6.6.6.6"));

        // a call that names another, allowed one in the headers a gateway uses to name the call decided:
        // decided as itself (its signature is the other call's), and never reaches the app
        Request allowed = client.signed(session, "GET", "/api/notes", null);
        Request.Builder disguised = allowed.newBuilder().url(gateway.url() + "/api/notes/1").delete()
                .header("X-Forwarded-Method", "GET").header("X-Forwarded-Uri", "/api/notes")
                .header("X-Original-Method", "GET").header("X-Original-URI", "/api/notes");
        int before = app.arrived();
        try (Response r = new OkHttpClient().newCall(disguised.build()).execute()) {
            assertThat(r.code()).as(r.toString()).isBetween(400, 401);
            assertThat(r.body().string()).doesNotContain("upstream_signature");
        }
        assertThat(app.arrived()).as("the disguised call never reached the app").isEqualTo(before);
    }

    private void everyScenario(Gateway gateway) throws Exception {
        List<Outcome> outcomes = EveryScenario.runThrough(gateway.url(), admin, gateway);
        // the gateway never sends the body to the decision: a body changed after signing is caught by
        // the upstream, which holds it to the digest the client signed and Palisade vouched for
        assertThat(outcomes).filteredOn(o -> o.scenario().number() == 6).singleElement()
                .satisfies(o -> assertThat(o.met()).isEqualTo("upstream_signature"));
        assertThat(outcomes).filteredOn(o -> o.scenario().number() == 4).singleElement()
                .satisfies(o -> assertThat(o.met()).isEqualTo("replayed"));
    }

    /** A 429 reaches the client with its status, Retry-After and problem+json, not as the gateway's own error. */
    private void rateLimitedAsGiven(Gateway gateway) throws Exception {
        ScenarioClient client = new ScenarioClient(gateway.url(), "127.0.0.1", "Mozilla/5.0 (gateway test)");
        String user = "gateway" + Math.abs(gateway.url().hashCode());
        admin.createUser(user, PASSWORD);
        ScenarioClient.Session session = client.logIn(user, PASSWORD,
                admin.createDebugToken("gateway-" + System.nanoTime(), 600).token());
        // enough calls to pass any session window: the first refusal must be the rate limit
        ScenarioClient.Reply limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            ScenarioClient.Reply r = client.send(client.signed(session, "GET", "/api/notes", null));
            if (r.status() != 200) limited = r;
        }
        assertThat(limited).as("a session window refuses within 400 calls").isNotNull();
        assertThat(limited.status()).as(limited.toString()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        OkHttpClient http = new OkHttpClient();
        // the window slides: by this call (a new connection) it may be back under its limit, so the raw call
        // is sent again until refused; only an allowed call may come before the 429
        boolean refused = false;
        for (int i = 0; i < 50 && !refused; i++) {
            try (Response raw = http.newCall(client.signed(session, "GET", "/api/notes", null)).execute()) {
                assertThat(raw.code()).as("allowed again or rate limited").isIn(200, 429);
                if (raw.code() != 429) continue;
                refused = true;
                assertThat(raw.header("Content-Type")).startsWith("application/problem+json");
                assertThat(Long.parseLong(raw.header("Retry-After"))).isPositive();
                assertThat(raw.body().string()).contains("\"code\":\"rate_limited\"");
            }
        }
        assertThat(refused).as("a raw call is refused 429 within 50").isTrue();
        try (Response none = http.newCall(new Request.Builder().url(gateway.url() + "/api/notes").build()).execute()) {
            assertThat(none.code()).isEqualTo(401);
            assertThat(none.header("Content-Type")).startsWith("application/problem+json");
            assertThat(none.body().string()).contains("\"code\":\"missing_credentials\"");
            // nginx copied a 401's challenge itself and the refusal's location added it again
            assertThat(none.headers("WWW-Authenticate")).as("one challenge").hasSize(1);
        }
        // headers the gateway takes and Palisade's decision listener does not: Jetty's own 431, which carried no
        // X-Palisade-Status, so nginx answered 503 "no decision" (anyone could fake Palisade being down)
        Request.Builder padded = new Request.Builder().url(gateway.url() + "/api/notes");
        for (int i = 0; i < 3; i++) padded.header("X-Pad-" + i, "a".repeat(3_000));
        try (Response big = http.newCall(padded.build()).execute()) {
            assertThat(big.code()).as("the decision's refusal, as it gave it").isEqualTo(431);
            assertThat(big.body().string()).doesNotContain("decision_unavailable");
        }
    }
}
