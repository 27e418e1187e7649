package dev.palisade.console.scenarios;

import dev.palisade.ServerConfig;
import dev.palisade.console.TestServer;
import dev.palisade.console.client.AdminClient;
import dev.palisade.state.redis.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario against a cluster: three real nodes on one real redis-server behind a real HAProxy
 * with the shipped docs/cluster/haproxy.cfg, so each request of a scenario may land on another node.
 * Every attack is caught, the automated browser flagged, the person clean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterScenariosTest {

    @TempDir
    static Path dir;
    private RedisServer redis;
    private final List<TestServer> nodes = new ArrayList<>();
    private AdminClient admin;

    @BeforeAll
    void start() throws Exception {
        String missing = Gateway.missing("haproxy");
        if (missing != null) {
            if (System.getenv("CI") != null) throw new IllegalStateException("CI must have " + missing);
            Assumptions.assumeTrue(false, missing);
        }
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")), "--appendonly", "yes");
        Path key = dir.resolve("cluster.key");
        Files.writeString(key, java.util.Base64.getEncoder().encodeToString(dev.palisade.engine.Secrets.randomBytes(32)));
        ServerConfig.Cluster cluster = new ServerConfig.Cluster(redis.uri(), null, null, key);
        for (int i = 1; i <= 3; i++) {
            nodes.add(new TestServer(Files.createDirectories(dir.resolve("node" + i)), c -> c.withCluster(cluster)));
        }
        admin = nodes.get(0).admin();
        // HAProxy connects from 127.0.0.1 and names the client in X-Forwarded-For: trusted, as README's cluster section
        // says a balancer must be, or every client has its address and one price (scenario 16's two addresses were one)
        dev.palisade.console.client.Dtos.FingerprintPolicyView policy = admin.fingerprintPolicy();
        admin.updateFingerprintPolicy(new dev.palisade.console.client.Dtos.FingerprintPolicyView(policy.components(),
                policy.ipv4Prefix(), policy.ipv6Prefix(), List.of("127.0.0.1")));
    }

    @AfterAll
    void stop() throws Exception {
        for (TestServer n : nodes) n.close();
        if (redis != null) redis.close();
    }

    @Test
    void throughTheBalancerEveryAttackIsCaughtAndThePersonIsClean() throws Exception {
        try (Gateway haproxy = Gateway.haproxy(dir.resolve("haproxy"), nodes.get(0).bundled.server().port(),
                nodes.get(1).bundled.server().port(), nodes.get(2).bundled.server().port())) {
            List<Outcome> outcomes = EveryScenario.runThrough(haproxy.url(), admin, haproxy);
            assertThat(outcomes).filteredOn(o -> o.scenario().number() == 4).singleElement()
                    .satisfies(o -> assertThat(o.met()).as("a replay to whichever node").isEqualTo("replayed"));
        }
    }
}
