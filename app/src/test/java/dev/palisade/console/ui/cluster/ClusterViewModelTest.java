package dev.palisade.console.ui.cluster;

import dev.palisade.ServerConfig;
import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.NodeView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.state.redis.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The Cluster view's model against real servers: one alone, and two sharing a real redis-server. */
class ClusterViewModelTest {

    @TempDir
    Path dir;

    @Test
    void aServerAloneShowsItselfAndSaysItRunsAlone() throws Exception {
        try (TestServer server = new TestServer(dir)) {
            ClusterViewModel model = new ClusterViewModel(server.admin(), Background.direct());
            model.refresh();
            assertThat(model.nodes()).as("nothing is asked before the view is opened").isEmpty();
            model.load();
            assertThat(model.nodes()).singleElement().satisfies(n -> {
                assertThat(n.self()).isTrue();
                assertThat(n.state()).isEqualTo("up");
                assertThat(n.api()).isEqualTo(server.api(""));
            });
            assertThat(model.summary().get()).startsWith("This server runs alone");
            model.showing().set(true);
            model.refresh();
            assertThat(model.error().get()).isEmpty();
            // the view closed: the 2-second poll asks no more (it went on for as long as the window was open)
            model.showing().set(false);
            server.close();
            model.refresh();
            assertThat(model.error().get()).as("not asked, so no failure to tell").isEmpty();
            model.showing().set(true);
            model.refresh();
            assertThat(model.error().get()).startsWith("Cannot read the cluster");
        }
    }

    @Test
    void twoNodesOnOneRedisAreBothShownUpWithTheirAddressesVersionsAndHealth() throws Exception {
        Path key = dir.resolve("cluster.key");
        byte[] k = new byte[32];
        new java.security.SecureRandom().nextBytes(k);
        Files.writeString(key, Base64.getEncoder().encodeToString(k));
        try (RedisServer redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")))) {
            ServerConfig.Cluster cluster = new ServerConfig.Cluster(redis.uri(), null, null, key);
            try (TestServer a = new TestServer(Files.createDirectories(dir.resolve("a")), c -> c.withCluster(cluster));
                 TestServer b = new TestServer(Files.createDirectories(dir.resolve("b")), c -> c.withCluster(cluster))) {
                ClusterViewModel model = new ClusterViewModel(new AdminClient(a.context().adminUrl(), a.context().adminToken()),
                        Background.direct());
                long deadline = System.nanoTime() + 15_000_000_000L;
                do {
                    model.load();
                    Thread.sleep(100);
                } while (model.nodes().size() < 2 && System.nanoTime() < deadline);
                assertThat(model.nodes()).hasSize(2);
                assertThat(model.nodes()).filteredOn(NodeView::self).singleElement()
                        .satisfies(n -> assertThat(n.api()).isEqualTo(a.api("")));
                assertThat(model.nodes()).filteredOn(n -> !n.self()).singleElement().satisfies(n -> {
                    assertThat(n.api()).isEqualTo(b.api(""));
                    assertThat(n.state()).isEqualTo("up");
                    assertThat(n.health()).isEqualTo("ok");
                    assertThat(n.version()).isEqualTo(dev.palisade.Version.CURRENT);
                });
                assertThat(model.summary().get()).isEqualTo("2 nodes: 2 up · shared state in redis://127.0.0.1:"
                        + redis.port() + "/0");

                // the Events view on A shows a refusal made on B, and says which node it happened on
                String bId = model.nodes().stream().filter(n -> !n.self()).findFirst().orElseThrow().id();
                assertThat(b.anonymous("/api/orders")).isEqualTo(401);
                dev.palisade.console.ui.events.EventsViewModel events = new dev.palisade.console.ui.events.EventsViewModel(
                        new AdminClient(a.context().adminUrl(), a.context().adminToken()), Background.direct());
                events.code().set("missing_credentials");
                deadline = System.nanoTime() + 15_000_000_000L;
                do {
                    events.load();
                    Thread.sleep(100);
                } while (events.events().isEmpty() && System.nanoTime() < deadline);
                assertThat(events.events()).singleElement().satisfies(e -> {
                    assertThat(e.path()).isEqualTo("/api/orders");
                    assertThat(e.node()).isEqualTo(bId);
                });
                events.select(events.events().get(0));
                assertThat(events.explanation().get()).contains("On node: " + bId);
                events.search().set(bId);
                assertThat(events.events()).as("the search finds the node").hasSize(1);

                // the Overview on A counts the refusal made on B, and B's session, as the cluster's
                a.admin().createUser("rosa", "a long enough password");
                b.login("rosa", "a long enough password");
                dev.palisade.console.ui.overview.OverviewViewModel overview = new dev.palisade.console.ui.overview.OverviewViewModel(
                        new AdminClient(a.context().adminUrl(), a.context().adminToken()), Background.direct());
                deadline = System.nanoTime() + 15_000_000_000L;
                do {
                    overview.load();
                    Thread.sleep(100);
                } while (!overview.health().get().contains("1 active sessions") && System.nanoTime() < deadline);
                assertThat(overview.health().get()).contains("1 active sessions in the cluster");
                assertThat(overview.deniedByReason()).contains(new dev.palisade.console.ui.common.Count(
                        "missing_credentials", 1));
            }
        }
    }

    /* Each node's clock against Redis's, which times the shared windows (the server measures it at each heartbeat). */
    @Test
    void aNodesClockReadsInStepWithinASecondElseHowFarBehindOrAhead() {
        assertThat(ClusterNodesView.clock(0)).isEqualTo("in step");
        assertThat(ClusterNodesView.clock(-1_000)).isEqualTo("in step");
        assertThat(ClusterNodesView.clock(2_340)).as("Redis ahead: the node behind").isEqualTo("2.3 s\nbehind");
        assertThat(ClusterNodesView.clock(-12_000)).isEqualTo("12.0 s\nahead");
    }

    @Test
    void theSummaryGivesTheRuleForMissingNotATime() {
        NodeView up = new NodeView("a", true, "up", "http://a:8080", "http://a:8081", "1.0", 0, 60, 60_000, 0, "ok", 0);
        NodeView missing = new NodeView("b", false, "missing", "http://b:8080", "http://b:8081", "1.0", 0, 20, 20_000, 0,
                "no heartbeat for 40 s (last: ok)", 0);
        assertThat(ClusterViewModel.describe(new dev.palisade.console.client.Dtos.ClusterView(true, "redis://r:6379/0",
                java.util.List.of(up, missing)))).isEqualTo("2 nodes: 1 up, 1 missing (silent 5 s or more) · shared state in redis://r:6379/0");
    }

    /* Two lines a row (ux47: the API and admin URLs each in a column of its own were cut at 1024 px). */
    @Test
    void aNodesListenersReadOnTwoLinesAndAMissingNodesHealthAsItLastWas() {
        assertThat(ClusterNodesView.addresses("http://10.0.3.17:8080", "http://127.0.0.1:8081"))
                .isEqualTo("10.0.3.17:8080\n127.0.0.1:8081");
        assertThat(ClusterNodesView.addresses("https://api.example:8443", "http://127.0.0.1:8081"))
                .as("TLS is said").isEqualTo("https://api.example:8443\n127.0.0.1:8081");
        assertThat(ClusterNodesView.health("no heartbeat for 32 s (last: ok)")).as("silent for 32 s: said by State")
                .isEqualTo("last: ok");
        assertThat(ClusterNodesView.health("no heartbeat for 7 s (last: failing: store)")).isEqualTo("last: failing: store");
        assertThat(ClusterNodesView.health("failing: store")).isEqualTo("failing: store");
    }

    @Test
    void uptimeReadsInTheLargestUnitsThatMatter() {
        assertThat(ClusterNodesView.uptime(42)).isEqualTo("42 s");
        assertThat(ClusterNodesView.uptime(17 * 60 + 5)).isEqualTo("17 min");
        assertThat(ClusterNodesView.uptime(3 * 3600 + 5 * 60)).isEqualTo("3 h 5 min");
        assertThat(ClusterNodesView.uptime(2 * 86400 + 4 * 3600 + 9)).isEqualTo("2 d 4 h");
    }
}
