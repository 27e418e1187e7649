package dev.palisade.http;

import com.sun.net.httpserver.HttpServer;
import dev.palisade.engine.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --upstream http://host:port/base/}: an app served under a path. Every forwarded request, protected
 * call, public path and client page alike, goes to that path, and the upstream signature covers it.
 */
class ProxyPathPrefixHttpTest {

    @TempDir
    Path dir;
    private HttpServer upstream;
    private ServerFixture s;
    /** What the upstream was asked for: the raw path and query, then the headers. */
    private final List<Map.Entry<String, Map<String, List<String>>>> seen = new CopyOnWriteArrayList<>();

    private void start(String prefix) throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            seen.add(Map.entry(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders())));
            exchange.getRequestBody().readAllBytes();
            boolean page = uri.getPath().endsWith("/");
            byte[] answer = (page ? "<html><head><title>under a path</title></head><body></body></html>" : "{}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", page ? "text/html; charset=utf-8" : "application/json");
            if (uri.getPath().endsWith("/huge-header")) exchange.getResponseHeaders().add("X-Huge", "h".repeat(100_000));
            if (uri.getPath().endsWith("/big-header")) exchange.getResponseHeaders().add("X-Big", "b".repeat(11_000));
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        URI url = URI.create("http://127.0.0.1:" + upstream.getAddress().getPort() + prefix);
        s = new ServerFixture(dir, MutableClock.realTime(), c -> c.withUpstream(url, Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        if (s != null) s.close();
        if (upstream != null) upstream.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/base/", "/base", "/base//"})
    void everyForwardedRequestGoesUnderTheUpstreamsPathAndItsSignatureCoversIt(String prefix) throws Exception {
        start(prefix);
        ServerFixture.Reply page = s.get(s.api("/"), null);
        assertThat(page.body()).as(page.toString()).contains("<title>under a path</title>").contains("palisade-nonce");
        assertThat(lastPath()).isEqualTo("/base/");

        String token = s.token("alice");
        ServerFixture.Reply call = s.postJson(s.api("/api/items?x=1"), "{\"name\":\"pen\"}", token);
        assertThat(call.code()).as(call.toString()).isEqualTo(200);
        assertThat(lastPath()).isEqualTo("/base/api/items?x=1");
        Map<String, List<String>> h = seen.get(seen.size() - 1).getValue();
        String input = h.get("Signature-input").get(0);
        assertThat(h.get("Signature").get(0)).as("signed over the path the upstream was asked for").isEqualTo(
                UpstreamSignatures.expected(dir, "POST", "http://" + h.get("Host").get(0) + "/base/api/items?x=1", "alice",
                        h.get("X-palisade-session").get(0), h.get("Content-digest").get(0), input));

        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/health\"],\"clientPages\":[\"/\"]}").code())
                .isEqualTo(200);
        assertThat(s.get(s.api("/health"), null).code()).isEqualTo(200);
        assertThat(lastPath()).isEqualTo("/base/health");
    }

    @org.junit.jupiter.api.Test
    void anEncodedPathAndQueryReachTheUpstreamAsSentAndSigned() throws Exception {
        start("/base/");
        String token = s.token("alice");
        String sent = "/api/items/caf%C3%A9/a+b?q=a%20b&x&y=%2F";
        ServerFixture.Reply call = s.postJson(s.api(sent), "{}", token);
        assertThat(call.code()).as(call.toString()).isEqualTo(200);
        assertThat(lastPath()).isEqualTo("/base" + sent);
        Map<String, List<String>> h = seen.get(seen.size() - 1).getValue();
        assertThat(h.get("Signature").get(0)).isEqualTo(UpstreamSignatures.expected(dir, "POST",
                "http://" + h.get("Host").get(0) + "/base" + sent, "alice", h.get("X-palisade-session").get(0),
                h.get("Content-digest").get(0), h.get("Signature-input").get(0)));
    }

    @org.junit.jupiter.api.Test
    void aPathThatStartsWithTwoSlashesIsRefusedAndNeverForwarded() throws Exception {
        start("");
        String token = s.token("alice");
        int before = seen.size();
        // an empty first segment: refused as ambiguous before any handler runs, so never forwarded
        ServerFixture.Reply call = s.get(s.api("//other.example/x?y=1"), token);
        assertThat(call.code()).as(call.toString()).isEqualTo(400);
        assertThat(call.json().get("code").asText()).isEqualTo("bad_request");
        assertThat(seen).hasSize(before);
    }

    /**
     * Jetty's client decodes the query it forwards and fails on an escape that is not one: that read
     * as the upstream being down (502, an event and a metric for the operator) on anyone's request.
     */
    @org.junit.jupiter.api.Test
    void aQueryWithAnEscapeThatIsNotOneIsRefusedAndNeverCountedAsTheUpstreamsFailure() throws Exception {
        start("");
        assertThat(s.adminCall("PUT", "/admin/routes", "{\"publicPaths\":[\"/pub/*\"],\"clientPages\":[\"/\"]}").code())
                .isEqualTo(200);
        String token = s.token("alice");
        int before = seen.size();
        for (String query : List.of("%zz", "a=%GG", "a=%", "a=%f", "a=b%2")) {
            for (String path : List.of("/pub/x", "/api/items")) {
                ServerFixture.Reply r = s.get(s.api(path + "?" + query), path.startsWith("/api") ? token : null);
                assertThat(r.code()).as(path + "?" + query + ": " + r).isEqualTo(400);
                assertThat(r.json().get("code").asText()).isEqualTo("bad_request");
            }
        }
        assertThat(seen).as("nothing forwarded").hasSize(before);
        assertThat(s.adminCall("GET", "/admin/events?code=upstream_unavailable", null).json().get("items")).isEmpty();
        ServerFixture.Reply fine = s.get(s.api("/pub/x?a=%25&b=%ff&c=%C3%A9"), null);
        assertThat(fine.code()).as("well-formed escapes, whatever they decode to: " + fine).isEqualTo(200);
        assertThat(lastPath()).isEqualTo("/pub/x?a=%25&b=%ff&c=%C3%A9");
    }

    /** Jetty cannot write such an answer's head to the client: it failed as a 500 with a stack trace in the log. */
    @org.junit.jupiter.api.Test
    void anUpstreamAnswerWithHeadersTooLargeToPassOnIsA502() throws Exception {
        start("");
        ServerFixture.Reply r = s.get(s.api("/api/huge-header"), s.token("alice"));
        assertThat(r.code()).as(r.code() + " " + r.body()).isEqualTo(502);
        assertThat(r.json().get("code").asText()).isEqualTo("upstream_unavailable");
        assertThat(r.json().get("detail").asText()).contains("head is over 12 KB");
        assertThat(s.get(s.api("/api/items"), s.token("alice")).code()).as("the next call goes on").isEqualTo(200);
        ServerFixture.Reply big = s.get(s.api("/api/big-header"), s.token("alice"));
        assertThat(big.code()).as("an 11 KB head (many cookies) is passed on").isEqualTo(200);
        assertThat(big.header("X-Big")).hasSize(11_000);
    }

    private String lastPath() {
        return seen.get(seen.size() - 1).getKey();
    }
}
