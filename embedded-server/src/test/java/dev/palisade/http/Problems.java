package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem answers as the contract defines them. */
final class Problems {

    private Problems() {}

    static JsonNode assertProblem(ServerFixture.Reply reply, int status, String code) {
        assertThat(reply.code()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = reply.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("check").asText()).isNotBlank();
        if (status == 401) {
            assertThat(reply.header("WWW-Authenticate")).as("401 challenges").startsWith("Bearer realm=");
        }
        return p;
    }
}
