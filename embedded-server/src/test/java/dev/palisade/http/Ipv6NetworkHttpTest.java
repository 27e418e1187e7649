package dev.palisade.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An IPv6 caller picks its addresses in its /64 freely (privacy addresses): what Palisade counts or
 * blocks per address, it counts and blocks per /64. The callers here come through a trusted proxy
 * that names them in X-Forwarded-For, so one test machine can be many IPv6 addresses.
 */
class Ipv6NetworkHttpTest extends ServerTest {

    private final AtomicReference<String> from = new AtomicReference<>("2001:db8:5:6::1");

    @BeforeEach
    void behindATrustedProxy() {
        ObjectNode policy = (ObjectNode) s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("127.0.0.1");
        assertThat(s.adminCall("PUT", "/admin/fingerprint", policy.toString()).code()).isLessThan(300);
        s.http = s.http.newBuilder().addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                .header("X-Forwarded-For", from.get()).build())).build();
    }

    @Test
    void anAddressWindowCountsTheWholeNetwork() {
        assertThat(s.adminCall("PUT", "/admin/windows", "{\"windows\":[{\"scope\":\"ip\",\"limit\":2,\"windowSeconds\":60}]}")
                .code()).isEqualTo(200);
        String token = s.token("alice");
        from.set("2001:db8:5:6::1");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        from.set("2001:db8:5:6:a:b:c:d");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        from.set("2001:db8:5:6::2");
        assertProblem(s.get(s.api("/api/notes"), token), 429, "rate_limited");
        from.set("2001:db8:5:7::1");
        assertThat(s.get(s.api("/api/notes"), s.token("bob")).code()).as("the next /64 is another caller").isEqualTo(200);
    }

    @Test
    void anAutoBlockTakesTheWholeNetwork() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"autoBlockDenials\":3}").code()).isEqualTo(200);
        for (String address : new String[] {"2001:db8:5:6::a", "2001:db8:5:6::b", "2001:db8:5:6::c"}) {
            from.set(address);
            assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials");
        }
        from.set("2001:db8:5:6::d");
        assertProblem(s.get(s.api("/api/notes"), null), 403, "blacklisted");
        assertThat(s.adminCall("GET", "/admin/blacklist", null).body()).contains("2001:db8:5:6:0:0:0:0/64");
        from.set("2001:db8:5:7::d");
        assertProblem(s.get(s.api("/api/notes"), null), 401, "missing_credentials");
    }

    @Test
    void maxSessionsPerAddressCountsTheWholeNetwork() {
        assertThat(s.adminCall("PUT", "/admin/rules", "{\"rules\":[{\"type\":\"max-sessions\",\"perIp\":2,\"perUser\":0}]}")
                .code()).isEqualTo(200);
        from.set("2001:db8:5:6::1");
        s.login("u1");
        from.set("2001:db8:5:6::2");
        s.login("u2");
        from.set("2001:db8:5:6::3");
        s.ensureUser("u3");
        assertProblem(s.postJson(s.api("/auth/login"), s.loginBody("u3", ServerFixture.PASSWORD, s.ticket()), null),
                429, "too_many_sessions");
        from.set("2001:db8:5:7::3");
        assertThat(s.login("u3").get("accessToken").asText()).isNotBlank();
    }

    @Test
    void clientPagesAMinuteAreCountedForTheWholeNetwork() {
        assertThat(s.adminCall("PUT", "/admin/config", "{\"pagesPerMinuteMax\":2}").code()).isEqualTo(200);
        from.set("2001:db8:5:6::1");
        assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
        from.set("2001:db8:5:6::2");
        assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
        from.set("2001:db8:5:6::3");
        assertProblem(s.get(s.api("/"), null), 429, "rate_limited");
        from.set("2001:db8:5:7::3");
        assertThat(s.get(s.api("/"), null).code()).isEqualTo(200);
    }
}
