package dev.palisade.state.redis;

import dev.palisade.engine.state.StateUnavailableException;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Redis a node accepts: its scripts need 6.2's ZADD GT and ZMSCORE, and every key on one server. */
class RedisLinkTest {

    @TempDir
    Path dir;

    /*
     * Cluster audit 62, I1: a sharded Redis Cluster was taken, and every script that touches keys of several slots (the
     * nonce with the rate windows and revocations, the change feed's versions) then failed with CROSSSLOT, call by call.
     */
    @Test
    void aShardedRedisClusterIsRefusedAtStartWithWhatToRunInstead() throws Exception {
        try (RedisServer sharded = RedisServer.start(dir, "--cluster-enabled", "yes", "--cluster-config-file",
                dir.resolve("nodes.conf").toString())) {
            assertThatThrownBy(() -> RedisLink.open(RedisURI.create(sharded.uri()))).isInstanceOf(StateUnavailableException.class)
                    .hasMessageContaining("cluster mode").hasMessageContaining("one Redis");
        }
    }

    @Test
    void aRedisOlderThan62IsNamedAndNewerOnesOrValkeyAreAccepted() {
        assertThat(RedisLink.tooOld("# Server\r\nredis_version:6.0.16\r\nredis_mode:standalone\r\n")).isEqualTo("6.0.16");
        assertThat(RedisLink.tooOld("# Server\r\nredis_version:5.0.14\r\n")).isEqualTo("5.0.14");
        assertThat(RedisLink.tooOld("# Server\r\nredis_version:6.2.0\r\n")).isNull();
        assertThat(RedisLink.tooOld("# Server\r\nredis_version:7.0.15\r\n")).isNull();
        assertThat(RedisLink.tooOld("# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.0.1\r\n")).isNull();
        assertThat(RedisLink.tooOld("# Server\r\n")).as("a server that does not say is tried").isNull();
    }
}
