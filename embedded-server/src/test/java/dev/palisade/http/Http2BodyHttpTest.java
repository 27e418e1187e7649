package dev.palisade.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.engine.MutableClock;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP/2 a body may come without {@code Content-Length} (and HTTP/2 has no
 * {@code Transfer-Encoding}): it is a body all the same, held to the digest the client signed.
 */
class Http2BodyHttpTest {

    @TempDir
    Path dir;

    /** The request as built, its body sent as a stream of unknown length: over HTTP/2, DATA frames and no Content-Length. */
    static Request streamed(Request signed, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        RequestBody unknownLength = new RequestBody() {
            @Override public MediaType contentType() { return ServerFixture.JSON; }
            @Override public long contentLength() { return -1; }
            @Override public void writeTo(BufferedSink sink) throws IOException { sink.write(bytes); }
        };
        return signed.newBuilder().method(signed.method(), unknownLength).build();
    }

    private static ServerFixture.Reply send(ServerFixture s, Request request) throws IOException {
        try (Response r = s.http.newCall(request).execute()) {
            assertThat(r.protocol()).isEqualTo(Protocol.HTTP_2);
            return new ServerFixture.Reply(r.code(), r.headers(), r.body().string());
        }
    }

    @Test
    void aBodyWithoutContentLengthIsHeldToItsDigest() throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(TlsHttpTest.selfSigned(0)))) {
            s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
            String token = s.token("alice");
            String note = "{\"title\":\"tea\",\"body\":\"green\"}";

            // signed without a body, then sent with one: the body is not covered, so refused
            ServerFixture.Reply smuggled = send(s, streamed(s.request("POST", s.api("/api/notes"), "", token).build(),
                    "{\"title\":\"evil\",\"body\":\"unsigned\"}"));
            assertThat(smuggled.code()).as(smuggled.toString()).isEqualTo(401);
            assertThat(smuggled.json().get("code").asText()).isEqualTo("bad_signature");

            // signed with its digest and streamed: accepted, and the body stored is the one signed
            ServerFixture.Reply honest = send(s, streamed(s.request("POST", s.api("/api/notes"), note, token).build(), note));
            assertThat(honest.code()).as(honest.toString()).isEqualTo(201);
            // a changed stream under that digest: refused
            ServerFixture.Reply changed = send(s, streamed(s.request("POST", s.api("/api/notes"), note, token).build(),
                    note.replace("green", "black")));
            assertThat(changed.json().get("code").asText()).as(changed.toString()).isEqualTo("bad_digest");

            JsonNode notes = s.get(s.api("/api/notes"), token).json();
            assertThat(notes.toString()).contains("green").doesNotContain("evil").doesNotContain("black");
        }
    }

    /*
     * An outside test (session 54): over HTTP/2 a CONNECT stream's body never ends, and the wait for it filled the heap
     * within seconds, one stream, no credentials, until an OutOfMemoryError ended the server's background threads.
     */
    @Test
    void aConnectIsRefusedAtOnceUnread() throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(TlsHttpTest.selfSigned(0)))) {
            s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
                for (String path : java.util.List.of("/api/notes", "/", "/pub/x")) {
                    ServerFixture.Reply r = send(s, new Request.Builder().url(s.api(path)).method("CONNECT", null).build());
                    assertThat(r.code()).as(path + " " + r).isEqualTo(405);
                    assertThat(r.json().get("code").asText()).isEqualTo("method_not_allowed");
                    assertThat(r.header("Allow")).contains("GET").doesNotContain("CONNECT");
                }
            });
            assertThat(s.get(s.api("/_palisade/health"), null).code()).isEqualTo(200);
        }
    }

    /* An outside test (session 54): over HTTP/2 Jetty took a Content-Length of -1, which the proxy failed as the upstream's fault. */
    @Test
    void aContentLengthThatIsNoNumberOfBytesIsRefused() throws Exception {
        try (ServerFixture s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withTls(TlsHttpTest.selfSigned(0)))) {
            s.http = TlsHttpTest.trusting(s.server.selfSignedCertificate().cert());
            for (String length : java.util.List.of("-1")) {
                ServerFixture.Reply r = send(s, new Request.Builder().url(s.api("/_palisade/health")).header("Content-Length", length)
                        .build());
                assertThat(r.code()).as(length + " " + r).isEqualTo(400);
                assertThat(r.json().get("detail").asText()).contains("Content-Length");
            }
            assertThat(send(s, new Request.Builder().url(s.api("/_palisade/health")).header("Content-Length", "0").build()).code())
                    .isEqualTo(200);
        }
    }
}
