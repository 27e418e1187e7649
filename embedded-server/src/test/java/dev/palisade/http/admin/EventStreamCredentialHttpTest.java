package dev.palisade.http.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.http.ServerFixture;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live event stream lasts only as long as the token that opened it: revoking an operator token or
 * rotating the owner's ends the streams opened with it, before any later event reaches them.
 */
class EventStreamCredentialHttpTest {

    /** Longer than the stream's one-second check, shorter than its ten-second keep-alive. */
    private static final long ENDS_WITHIN_MILLIS = 4_000;

    @TempDir
    Path dir;
    private ServerFixture s;
    private OkHttpClient listener;

    @BeforeEach
    void start() {
        s = new ServerFixture(dir);
        listener = s.http.newBuilder().readTimeout(ENDS_WITHIN_MILLIS, TimeUnit.MILLISECONDS).build();
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void revokingAnOperatorTokenEndsTheStreamItOpened() throws Exception {
        JsonNode vera = issue("vera", "viewer");
        try (Response stream = open(vera.get("token").asText())) {
            s.ensureUser("before-revocation");
            assertThat(readUntil(stream, "before-revocation")).as("the stream is live").isTrue();

            assertThat(s.adminCall("DELETE", "/admin/operators/" + vera.get("id").asText(), null).code()).isEqualTo(204);
            s.ensureUser("after-revocation");
            Rest rest = rest(stream);

            assertThat(rest.ended()).as("the stream ended within " + ENDS_WITHIN_MILLIS + " ms; it sent " + rest.lines())
                    .isTrue();
            assertThat(String.join("\n", rest.lines())).as("no event after the revocation")
                    .doesNotContain("operator_revoked").doesNotContain("after-revocation");
        }
    }

    /* An audit's find: on a single node the store said "none" for every token, so each revocation ended every operator's stream. */
    @Test
    void revokingOneOperatorTokenLeavesAnotherOperatorsStreamOpenWithTheRevocationInIt() throws Exception {
        JsonNode vera = issue("vera", "viewer");
        String walt = issue("walt", "viewer").get("token").asText();
        try (Response stream = open(walt)) {
            s.ensureUser("before-revocation");
            assertThat(readUntil(stream, "before-revocation")).as("the stream is live").isTrue();

            assertThat(s.adminCall("DELETE", "/admin/operators/" + vera.get("id").asText(), null).code()).isEqualTo(204);
            s.ensureUser("after-revocation");

            assertThat(readUntil(stream, "operator_revoked")).as("walt sees vera's revocation").isTrue();
            assertThat(readUntil(stream, "after-revocation")).as("walt's token is still in force").isTrue();
        }
    }

    @Test
    void rotatingTheOwnerTokenEndsTheOwnersStreamButNotAnOperators() throws Exception {
        String old = s.server.adminToken();
        String vera = issue("vera", "viewer").get("token").asText();
        try (Response owners = open(old); Response operators = open(vera)) {
            s.ensureUser("before-rotation");
            assertThat(readUntil(owners, "before-rotation")).as("the owner's stream is live").isTrue();
            assertThat(readUntil(operators, "before-rotation")).as("the operator's stream is live").isTrue();

            ServerFixture.Reply rotated = s.send(new Request.Builder().url(s.admin("/admin/owner-token/rotate"))
                    .post(okhttp3.RequestBody.create("", ServerFixture.JSON)).header("Authorization", "Bearer " + old).build());
            assertThat(rotated.code()).isEqualTo(201);
            s.ensureUser("after-rotation"); // with the new token
            Rest rest = rest(owners);

            assertThat(rest.ended()).as("the owner's stream ended within " + ENDS_WITHIN_MILLIS + " ms; it sent "
                    + rest.lines()).isTrue();
            assertThat(String.join("\n", rest.lines())).as("no event after the rotation")
                    .doesNotContain("owner_token_rotated").doesNotContain("after-rotation");
            assertThat(readUntil(operators, "after-rotation")).as("the operator's token is still in force").isTrue();
        }
        try (Response fresh = open(s.server.adminToken())) {
            s.ensureUser("with-the-new-token");
            assertThat(readUntil(fresh, "with-the-new-token")).as("the new token opens a live stream").isTrue();
        }
    }

    private JsonNode issue(String name, String role) {
        ServerFixture.Reply r = s.adminCall("POST", "/admin/operators", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertThat(r.code()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    private Response open(String token) throws IOException {
        Response stream = listener.newCall(new Request.Builder().url(s.admin("/admin/events/stream"))
                .header("Authorization", "Bearer " + token).build()).execute();
        assertThat(stream.code()).isEqualTo(200);
        return stream;
    }

    /** Reads data lines until one contains {@code part}; false if the stream ends or goes quiet first. */
    private static boolean readUntil(Response stream, String part) throws IOException {
        BufferedSource source = stream.body().source();
        try {
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) {
                if (line.startsWith("data:") && line.contains(part)) return true;
            }
            return false;
        } catch (InterruptedIOException quiet) {
            return false;
        }
    }

    /** What the stream still sends, and whether it ended (rather than going quiet and staying open). */
    private record Rest(List<String> lines, boolean ended) {}

    private static Rest rest(Response stream) throws IOException {
        BufferedSource source = stream.body().source();
        List<String> lines = new ArrayList<>();
        try {
            for (String line = source.readUtf8Line(); line != null; line = source.readUtf8Line()) lines.add(line);
            return new Rest(lines, true);
        } catch (InterruptedIOException stillOpen) {
            return new Rest(lines, false);
        }
    }
}
