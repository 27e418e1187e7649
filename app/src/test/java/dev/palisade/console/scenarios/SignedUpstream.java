package dev.palisade.console.scenarios;

import dev.palisade.http.Bodies;
import dev.palisade.http.ProtectHandler;
import dev.palisade.http.demo.DemoApiHandler;
import dev.palisade.store.sqlite.SqliteDemoRepository;
import dev.palisade.store.sqlite.SqliteStore;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small upstream behind a gateway, as a team's own API would be: it serves the demo API (notes,
 * cart, orders) from a SQLite file of its own, and accepts only calls Palisade vouched for. Its
 * check of Palisade's signature is written here from RFC 9421 and docs/protocol.md (not with
 * Palisade's code): the components, {@code created}/{@code expires}, the HMAC under upstream.key,
 * and the body against {@code content-digest} when the signature covers it.
 */
final class SignedUpstream implements AutoCloseable {

    private static final Pattern INPUT = Pattern.compile("^palisade=\\(((?:\"[^\"]*\" ?)+)\\)(.*)$");
    private final Server jetty;
    private final SqliteStore store;
    /** The headers of the last call this app accepted as Palisade's, as they arrived. */
    private volatile org.eclipse.jetty.http.HttpFields lastAccepted;
    /** Every call that reached this app, accepted or not. */
    private final java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();

    SignedUpstream(Path dataDir, byte[] upstreamKey) throws Exception {
        store = SqliteStore.open(dataDir);
        DemoApiHandler api = new DemoApiHandler(new SqliteDemoRepository(store), Clock.systemUTC());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                arrived.incrementAndGet();
                String refusal = refusal(request, upstreamKey);
                if (refusal != null) {
                    byte[] body = ("{\"type\":\"urn:palisade:problem:upstream_signature\",\"title\":\"Not forwarded by Palisade\","
                            + "\"status\":401,\"code\":\"upstream_signature\",\"check\":\"upstream\",\"detail\":\"" + refusal + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                    response.setStatus(401);
                    response.getHeaders().put("Content-Type", "application/problem+json");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
                lastAccepted = request.getHeaders().asImmutable();
                request.setAttribute(ProtectHandler.PRINCIPAL, request.getHeaders().get("X-Palisade-User"));
                return api.handle(request, response, callback);
            }
        });
        jetty.start();
    }

    int port() { return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort(); }

    /** How many calls reached this app, accepted or not. */
    int arrived() { return arrived.get(); }

    /** The headers of the last call accepted as Palisade's, or null before any. */
    org.eclipse.jetty.http.HttpFields lastAccepted() { return lastAccepted; }

    /** Why the call is not Palisade's, or null when it is. */
    private static String refusal(Request request, byte[] key) throws Exception {
        String input = request.getHeaders().get("Signature-Input");
        String signature = request.getHeaders().get("Signature");
        if (input == null || signature == null) return "no signature";
        Matcher m = INPUT.matcher(input);
        if (!m.matches()) return "malformed Signature-Input";
        String[] components = m.group(1).trim().replace("\"", "").split(" ");
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : m.group(2).split(";")) {
            int eq = p.indexOf('=');
            if (eq > 0) params.put(p.substring(0, eq), p.substring(eq + 1).replace("\"", ""));
        }
        long now = System.currentTimeMillis() / 1000;
        if (!params.containsKey("expires") || Long.parseLong(params.get("expires")) < now) return "expired";
        StringBuilder base = new StringBuilder();
        boolean coversDigest = false;
        for (String c : components) {
            String value = switch (c) {
                case "@method" -> request.getMethod();
                case "@target-uri" -> "http://" + request.getHeaders().get("Host") + request.getHttpURI().getPath()
                        + (request.getHttpURI().getQuery() == null ? "" : "?" + request.getHttpURI().getQuery());
                // an empty field may arrive as none (nginx drops a header set to ""): read as empty, as the shipped middleware reads it
                case "x-palisade-user", "x-palisade-session" -> java.util.Objects.requireNonNullElse(request.getHeaders().get(c), "");
                default -> request.getHeaders().get(c);
            };
            if (value == null) return "the signature covers " + c + ", which is missing";
            if (c.equals("content-digest")) coversDigest = true;
            base.append('"').append(c).append("\": ").append(value).append('\n');
        }
        base.append("\"@signature-params\": ").append(input.substring("palisade=".length()));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal(base.toString().getBytes(StandardCharsets.UTF_8));
        String given = signature.startsWith("palisade=:") && signature.endsWith(":")
                ? signature.substring("palisade=:".length(), signature.length() - 1) : "";
        if (!MessageDigest.isEqual(expected, Base64.getDecoder().decode(given))) return "the signature does not match";
        byte[] body = Bodies.buffer(request, 64 * 1024);
        if (body.length > 0 && !coversDigest) return "a body the signature does not cover";
        if (coversDigest) {
            String digest = "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body)) + ":";
            if (!MessageDigest.isEqual(digest.getBytes(StandardCharsets.US_ASCII),
                    request.getHeaders().get("content-digest").getBytes(StandardCharsets.US_ASCII))) {
                return "the body does not match the digest the client signed";
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
        store.close();
    }
}
