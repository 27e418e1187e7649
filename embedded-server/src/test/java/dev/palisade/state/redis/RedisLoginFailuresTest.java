package dev.palisade.state.redis;

import dev.palisade.engine.state.LoginFailures;
import dev.palisade.engine.state.LoginFailuresContract;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/** The login throttle's memory in a real redis-server: the contract, and two nodes counting together. */
class RedisLoginFailuresTest extends LoginFailuresContract {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final TwoNodes NODES = new TwoNodes();



    @Override
    protected LoginFailures store() {
        NODES.flush();
        return NODES.nodeA().loginFailures();
    }

    @Test
    void guessesOnTwoNodesAddUpAndTheKeysNameNoUser() throws Exception {
        LoginFailures a = store();
        LoginFailures b = NODES.nodeB().loginFailures();
        a.failed("carol", "others", 1_000, 900_000);
        b.failed("carol", "others", 2_000, 900_000);
        a.failed("carol", "others", 3_000, 900_000);
        assertThat(b.get("carol", "others")).isEqualTo(new LoginFailures.Failures(3, 1_000, 3_000));
        b.remember("carol", "laptop", 8);
        assertThat(a.knows("carol", "laptop")).isTrue();
        assertThat(NODES.redis().command("KEYS *carol*")).as("no key names the user").isEqualTo("*0");
        String ttl = NODES.redis().command("PTTL palisade:login-failures:" + Long.toHexString(dev.palisade.engine.Secrets.sha256Prefix(
                "carol".getBytes(java.nio.charset.StandardCharsets.UTF_8), 5)));
        assertThat(Long.parseLong(ttl.substring(1))).as("expires twice the window after the last failure")
                .isBetween(1_790_000L, 1_800_000L);
    }
}
