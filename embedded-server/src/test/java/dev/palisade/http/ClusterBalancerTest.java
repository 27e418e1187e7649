package dev.palisade.http;

import dev.palisade.ServerConfig;
import dev.palisade.engine.MutableClock;
import dev.palisade.state.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real nodes on one real redis-server behind a real HAProxy with the shipped configuration
 * (docs/cluster/haproxy.cfg: round robin, health checks on /_palisade/health), used the way a client
 * uses it: every request may land on another node.
 */
class ClusterBalancerTest {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern NONCE = Pattern.compile("<meta name=\"palisade-nonce\" content=\"([^\"]+)\">");

    @TempDir
    Path dir;
    private RedisServer redis;
    private final List<ServerFixture> nodes = new java.util.ArrayList<>();
    private Process haproxy;
    private String lb;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(HAPROXY)) {
            String hint = "the balancer test needs Debian's haproxy (apt-get install haproxy)";
            if (System.getenv("CI") != null) throw new IllegalStateException(hint);
            Assumptions.assumeTrue(false, hint);
        }
        // as the README says to run it: with persistence, so a restart keeps the cluster's state
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")), "--appendonly", "yes", "--appendfsync", "always");
        Path key = dir.resolve("cluster.key");
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(dev.palisade.engine.Secrets.randomBytes(32)));
        ServerConfig.Cluster cluster = new ServerConfig.Cluster(redis.uri(), null, null, key);
        MutableClock clock = MutableClock.at2026();
        for (int i = 1; i <= 3; i++) {
            nodes.add(new ServerFixture(Files.createDirectories(dir.resolve("node" + i)), clock, c -> c.withCluster(cluster)));
        }
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String text = Files.readString(Path.of("..", "docs", "cluster", "haproxy.cfg"), StandardCharsets.UTF_8);
        for (String[] r : new String[][] {{"127.0.0.1:8000", "127.0.0.1:" + port},
                {"127.0.0.1:8080", "127.0.0.1:" + nodes.get(0).server.port()},
                {"127.0.0.1:8090", "127.0.0.1:" + nodes.get(1).server.port()},
                {"127.0.0.1:8100", "127.0.0.1:" + nodes.get(2).server.port()}}) {
            if (!text.contains(r[0])) throw new IllegalStateException("docs/cluster/haproxy.cfg no longer has " + r[0]);
            text = text.replace(r[0], r[1]);
        }
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, text);
        haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        lb = "http://127.0.0.1:" + port;
        ServerFixture any = nodes.get(0);
        await(() -> {
            try {
                return any.get(lb + "/_palisade/health", null).code() == 200;
            } catch (RuntimeException e) {
                return false;
            }
        }, "HAProxy passes calls on");
    }

    @AfterEach
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(5, TimeUnit.SECONDS);
        }
        for (ServerFixture n : nodes) n.close();
        if (redis != null) redis.close();
    }

    /** A client through the balancer: page, bootstrap and login each land on another node. */
    private String login(ServerFixture client, String user) throws Exception {
        client.ensureUser(user);
        String debug = client.debugToken();
        await(() -> nodes.stream().allMatch(n -> n.adminCall("GET", "/admin/users", null).body().contains("\"" + user + "\"")
                && n.adminCall("GET", "/admin/debug-tokens", null).body().contains("\"tests\"")), "every node knows " + user);
        Matcher m = NONCE.matcher(client.get(lb + "/", null).body());
        assertThat(m.find()).isTrue();
        ServerFixture.Reply ticket = client.postJson(lb + "/auth/bootstrap", "{\"pageNonce\":\"" + m.group(1)
                + "\",\"debugToken\":\"" + debug + "\",\"signals\":{}}", null);
        assertThat(ticket.code()).as(ticket.toString()).isEqualTo(200);
        ServerFixture.Reply login = client.postJson(lb + "/auth/login", client.loginBody(user, ServerFixture.PASSWORD,
                ticket.json().get("bootstrapTicket").asText()), null);
        assertThat(login.code()).as(login.toString()).isEqualTo(200);
        return login.json().get("accessToken").asText();
    }

    @Test
    void aClientIsServedByEveryNodeAndAReplayOrARevokedSessionIsRefusedByAll() throws Exception {
        ServerFixture client = nodes.get(0);
        String token = login(client, "alice");
        double[] before = decisions();
        for (int i = 0; i < 9; i++) {
            assertThat(client.get(lb + "/api/notes", token).code()).as("call " + i).isEqualTo(200);
        }
        double[] after = decisions();
        for (int i = 0; i < 3; i++) assertThat(after[i] - before[i]).as("node %d served calls", i + 1).isPositive();

        okhttp3.Request signed = client.request("GET", lb + "/api/notes", null, token).build();
        assertThat(client.send(signed).code()).isEqualTo(200);
        assertProblem(client.send(signed), 401, "replayed");
        assertProblem(client.send(signed), 401, "replayed");

        long start = System.nanoTime();
        assertThat(client.postJson(lb + "/auth/logout", "{}", token).code()).isEqualTo(204);
        await(() -> java.util.stream.IntStream.range(0, 3).allMatch(i -> client.get(lb + "/api/notes", token).code() == 401),
                "three calls in a row (one per node) refused after the logout");
        System.out.println("behind HAProxy: logout in force on every node after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertProblem(client.get(lb + "/api/notes", token), 401, "session_revoked");
    }

    @Test
    void aBlacklistEntryMadeThroughOneNodeRefusesOnAll() throws Exception {
        ServerFixture client = nodes.get(0);
        String token = login(client, "bob");
        long start = System.nanoTime();
        assertThat(nodes.get(2).adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"127.0.0.0/8\","
                + "\"reason\":\"balancer test\",\"expiresInSeconds\":600}").code()).isEqualTo(201);
        await(() -> java.util.stream.IntStream.range(0, 3).allMatch(i -> client.get(lb + "/api/notes", token).code() == 403),
                "three calls in a row refused");
        System.out.println("behind HAProxy: blacklist entry in force on every node after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void aNodeThatStopsMidTrafficCostsNoCall() throws Exception {
        ServerFixture client = nodes.get(0);
        String token = login(client, "carol");
        int failed = 0;
        for (int i = 0; i < 150; i++) {
            if (i == 50) nodes.get(2).close(); // stops while the calls go on
            if (i % 10 == 9) client.clock.advance(java.time.Duration.ofSeconds(1)); // ten calls a second: inside every window
            if (client.get(lb + "/api/notes", token).code() != 200) failed++;
        }
        assertThat(failed).as("calls refused or lost while and after node 3 stopped").isZero();
        nodes.remove(2);
    }

    @Test
    void withoutRedisTheClientGetsStateUnavailableThroughTheBalancerAndIsServedAgainOnceItIsBack() throws Exception {
        ServerFixture client = nodes.get(0);
        String token = login(client, "dave");
        redis.stop();
        await(() -> client.get(lb + "/api/notes", token).code() == 503, "refused while Redis is away");
        ServerFixture.Reply refused = client.get(lb + "/api/notes", token);
        assertProblem(refused, 503, "state_unavailable");
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        redis.start();
        // another Redis instance (a restart, even from its file): the nodes cannot know what it lost, so the
        // signatures of the second they notice it in are stale; the client signs again in the next one
        await(() -> client.get(lb + "/api/notes", token).code() != 503, "Redis answers again");
        // and for the first 3 s of the nonce store's new life, a call signed after it began is 503 on each node (the
        // nodes spend what they recorded ahead of their clocks into it meanwhile): the client tries again after its
        // Retry-After, signing in a later second (here a second on, every quarter of a second: not all in one second,
        // which would hold the session's share of it)
        long until = System.nanoTime() + 20_000_000_000L;
        do {
            client.clock.advance(java.time.Duration.ofSeconds(1));
            Thread.sleep(250);
            if (System.nanoTime() > until) throw new AssertionError("within 20 s: served again on every node");
        } while (!java.util.stream.IntStream.range(0, 3).allMatch(i -> client.get(lb + "/api/notes", token).code() == 200));
    }

    private double[] decisions() {
        double[] d = new double[nodes.size()];
        for (int i = 0; i < d.length; i++) d[i] = Scrape.of(nodes.get(i)).total("palisade_decisions_total");
        return d;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("within 20 s: " + what);
            Thread.sleep(50);
        }
    }
}
