package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.palisade.http.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that reaches the API over IPv6 (the API listens on {@code ::1}): its address is an
 * address to every check, as an IPv4 client's is, so an IPv6 blacklist entry, an IPv6 trusted proxy
 * and the IPv6 network of the fingerprint apply to it.
 */
class Ipv6ClientHttpTest extends ServerTest {

    @Override
    protected ServerFixture newServer(Path dataDir) {
        org.junit.jupiter.api.Assumptions.assumeTrue(LoopbackAlias.hasIpv6Loopback(), "this machine has no ::1");
        return new ServerFixture(dataDir, dev.palisade.engine.MutableClock.at2026(), c -> c.withBind("::1"));
    }

    @Test
    void anIpv6BlacklistEntryRefusesADirectIpv6Client() {
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"::1/128\",\"reason\":\"testing\"}");
        JsonNode p = assertProblem(s.get(s.api("/api/notes"), token), 403, "blacklisted");
        assertThat(p.get("detail").asText()).contains("0:0:0:0:0:0:0:1").doesNotContain("[");
    }

    @Test
    void anIpv6TrustedProxyIsBelieved() {
        String token = s.token("alice");
        s.adminCall("POST", "/admin/blacklist", "{\"kind\":\"ip\",\"value\":\"198.51.100.7\",\"reason\":\"testing\"}");
        Request spoofed = s.request("GET", s.api("/api/notes"), null, token).header("X-Forwarded-For", "198.51.100.7").build();
        assertThat(s.send(spoofed).code()).as("not yet a trusted proxy: the header changes nothing").isEqualTo(200);
        com.fasterxml.jackson.databind.node.ObjectNode policy = (com.fasterxml.jackson.databind.node.ObjectNode)
                s.adminCall("GET", "/admin/fingerprint", null).json();
        policy.putArray("trustedProxies").add("::1");
        ServerFixture.Reply trust = s.adminCall("PUT", "/admin/fingerprint", policy.toString());
        assertThat(trust.code()).as(trust.toString()).isEqualTo(200);
        assertProblem(s.send(s.request("GET", s.api("/api/notes"), null, token).header("X-Forwarded-For", "198.51.100.7")
                .build()), 403, "blacklisted");
    }

    @Test
    void theSessionRemembersTheClientsIpv6Network() {
        String token = s.token("alice");
        assertThat(s.get(s.api("/api/notes"), token).code()).isEqualTo(200);
        JsonNode sessions = s.adminCall("GET", "/admin/sessions", null).json().get("items");
        assertThat(sessions.toString()).contains("0:0:0:0:0:0:0:1").doesNotContain("[0:");
    }
}
