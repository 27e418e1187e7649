package dev.palisade.state.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What Redis a node accepts: its scripts need 6.2's ZADD GT and ZMSCORE. */
class RedisLinkTest {

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
