package dev.palisade.console.scenarios;

import dev.palisade.console.client.Dtos.EventFilter;
import okhttp3.Request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The twelve scenarios: eleven attacks, each meant to trip one defence, and the legitimate client
 * doing the same work without a single denial. Every scenario leaves from its own loopback network
 * (127.0.1NN.x) and uses its own user, so runs do not disturb each other.
 */
public final class Scenarios {

    private Scenarios() {}

    public static List<Scenario> all() {
        return List.of(
                new Attack(1, "Script without credentials", "a script calls the API like curl would, with no token",
                        "credentials", Set.of("missing_credentials"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(1, 10, "DataHarvester/2.1 (+bot)")) {
                                steps.add("GET the notes with no credentials", "GET /api/notes",
                                        c.send(c.request("/api/notes").get().build()));
                            }
                        }),
                new Attack(2, "Blacklisted agent", "the usual suspects: curl and python-requests", "blacklist",
                        Set.of("blacklisted"), (ctx, steps) -> {
                            try (ScenarioClient curl = ctx.client(2, 10, "curl/8.5.0");
                                 ScenarioClient py = ctx.client(2, 11, "python-requests/2.32.3")) {
                                steps.add("python-requests asks for the notes", "GET /api/notes",
                                        py.send(py.request("/api/notes").get().build()));
                                steps.add("curl asks for the notes", "GET /api/notes", curl.send(curl.request("/api/notes").get().build()));
                            }
                        }),
                new Attack(3, "Hotlinking", "a script logs in without ever loading the client page", "bootstrap",
                        Set.of("no_bootstrap"), (ctx, steps) -> {
                            String user = ctx.user("scenario3");
                            try (ScenarioClient c = ctx.client(3, 10, ScenarioContext.BROWSER)) {
                                steps.add("log in with the right password but no ticket", "POST /auth/login",
                                        c.login(user, ScenarioContext.PASSWORD, null));
                            }
                        }),
                new Attack(4, "Replay", "a captured signed request is sent again", "nonce", Set.of("replayed"), (ctx, steps) -> {
                    try (ScenarioClient c = ctx.client(4, 10, ScenarioContext.BROWSER)) {
                        ScenarioClient.Session s = c.logIn(ctx.user("scenario4"), ScenarioContext.PASSWORD);
                        Request captured = c.signed(s, "POST", "/api/notes", "{\"title\":\"pay the invoice\"}");
                        steps.add("the real client saves a note", "POST /api/notes", c.send(captured));
                        steps.add("the captured request is replayed", "POST /api/notes", c.send(captured));
                        logout(c, s);
                    }
                }),
                new Attack(5, "Stale request", "a signed request made two minutes ago is sent now", "freshness",
                        Set.of("stale"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(5, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario5"), ScenarioContext.PASSWORD);
                                Request old = c.signed(s, "GET", "/api/notes", null, System.currentTimeMillis() / 1000 - 120);
                                steps.add("send a request signed 120 s ago", "GET /api/notes", c.send(old));
                                logout(c, s);
                            }
                        }),
                new Attack(6, "Tampered body", "the body is changed after the client signed it", "signature",
                        Set.of("bad_digest", "bad_signature"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(6, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario6"), ScenarioContext.PASSWORD);
                                Request signed = c.signed(s, "POST", "/api/cart", "{\"item\":\"book\",\"quantity\":1}");
                                Request tampered = signed.newBuilder()
                                        .post(ScenarioClient.json("{\"item\":\"book\",\"quantity\":999}")).build();
                                steps.add("send quantity 999 under a signature for 1", "POST /api/cart", c.send(tampered));
                                logout(c, s);
                            }
                        }),
                new Attack(7, "Stolen token", "token and signing key copied to another browser on another network",
                        "fingerprint", Set.of("reauth_required"), (ctx, steps) -> {
                            try (ScenarioClient victim = ctx.client(7, 10, ScenarioContext.BROWSER);
                                 ScenarioClient thief = new ScenarioClient(ctx.target(), "127.0.207.66",
                                         "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36")) {
                                ScenarioClient.Session s = victim.logIn(ctx.user("scenario7"), ScenarioContext.PASSWORD);
                                steps.add("the victim reads the notes", "GET /api/notes", victim.send(victim.signed(s, "GET", "/api/notes", null)));
                                steps.add("the thief uses the same token and key from elsewhere", "GET /api/notes",
                                        thief.send(thief.signed(s, "GET", "/api/notes", null)));
                                logout(victim, s);
                            }
                        }),
                new Attack(8, "Forged tokens", "alg none, a guessed key, and altered claims", "token", Set.of("invalid_token"),
                        (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(8, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario8"), ScenarioContext.PASSWORD);
                                String[] parts = s.token().split("\\.");
                                String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
                                String altered = parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]),
                                        StandardCharsets.UTF_8).replace("\"scenario8\"", "\"admin\"")) + "." + parts[2];
                                String guessed = parts[0] + "." + parts[1] + "." + hs256("secret", parts[0] + "." + parts[1]);
                                for (String[] forged : new String[][] {{"alg none", none}, {"a guessed key", guessed},
                                        {"altered claims", altered}}) {
                                    ScenarioClient.Session fake = new ScenarioClient.Session(forged[1], s.sessionId(), s.key());
                                    steps.add("a token with " + forged[0], "GET /api/notes", c.send(c.signed(fake, "GET", "/api/notes", null)));
                                }
                                logout(c, s);
                            }
                        }),
                new Attack(9, "Scraping burst", "one session pulls pages as fast as it can", "rate", Set.of("rate_limited"),
                        (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(9, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario9"), ScenarioContext.PASSWORD);
                                ScenarioClient.Reply last = null;
                                for (int i = 1; i <= 40; i++) {
                                    last = c.send(c.signed(s, "GET", "/api/notes", null));
                                    if (last.status() == 429) break;
                                }
                                steps.add("up to 40 calls in a row", "GET /api/notes ×40", last);
                                boolean reported = !ctx.admin().events(new EventFilter(null, null, "rate_anomaly", null,
                                        s.sessionId(), null, 0, 10)).items().isEmpty();
                                // the defence is also that the operator sees it
                                if (!reported) throw new IllegalStateException("no rate_anomaly event was recorded");
                                logout(c, s);
                            }
                        }),
                new Attack(10, "Session farming", "many sessions opened from one address", "sequence (max-sessions)",
                        Set.of("too_many_sessions"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(10, 10, ScenarioContext.BROWSER)) {
                                List<ScenarioClient.Session> farm = new ArrayList<>();
                                ScenarioClient.Reply refused = null;
                                for (int i = 0; i < 40 && refused == null; i++) {
                                    String user = ctx.user("scenario10-" + (i % 4));
                                    ScenarioClient.Reply ticket = c.bootstrap(c.pageNonce());
                                    String t = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ticket.body())
                                            .path("bootstrapTicket").asText();
                                    ScenarioClient.Reply login = c.login(user, ScenarioContext.PASSWORD, t);
                                    if (login.status() != 200) {
                                        refused = login;
                                    } else {
                                        var b = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body());
                                        farm.add(new ScenarioClient.Session(b.get("accessToken").asText(),
                                                b.get("sessionId").asText(), new byte[0]));
                                    }
                                }
                                steps.add(farm.size() + " sessions, then one more", "POST /auth/login",
                                        refused == null ? new ScenarioClient.Reply(200, "", "ok", "", ScenarioContext.address(10, 10))
                                                : refused);
                                for (ScenarioClient.Session s : farm) logout(c, s);
                            }
                        }),
                new Attack(11, "Order without cart", "a bot orders without ever looking at the cart", "sequence",
                        Set.of("sequence_violation"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(11, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario11"), ScenarioContext.PASSWORD);
                                steps.add("put an item in the cart", "POST /api/cart",
                                        c.send(c.signed(s, "POST", "/api/cart", "{\"item\":\"gift card\",\"quantity\":50}")));
                                steps.add("order straight away", "POST /api/orders", c.send(c.signed(s, "POST", "/api/orders", "{}")));
                                logout(c, s);
                            }
                        }),
                new Attack(12, "Legitimate client", "the real client does the same work: page, login, notes, cart, order",
                        "none: nothing may be denied", Set.of(), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(12, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = c.logIn(ctx.user("scenario12"), ScenarioContext.PASSWORD);
                                steps.add("read the notes", "GET /api/notes", c.send(c.signed(s, "GET", "/api/notes", null)));
                                steps.add("write a note", "POST /api/notes",
                                        c.send(c.signed(s, "POST", "/api/notes", "{\"title\":\"buy tea\"}")));
                                steps.add("add to the cart", "POST /api/cart",
                                        c.send(c.signed(s, "POST", "/api/cart", "{\"item\":\"tea\",\"quantity\":2}")));
                                steps.add("look at the cart", "GET /api/cart", c.send(c.signed(s, "GET", "/api/cart", null)));
                                steps.add("order", "POST /api/orders", c.send(c.signed(s, "POST", "/api/orders", "{}")));
                                steps.add("log out", "POST /auth/logout", logout(c, s));
                            }
                        }));
    }

    /** Scenario {@code n}, or null. */
    public static Scenario number(int n) {
        return all().stream().filter(s -> s.number() == n).findFirst().orElse(null);
    }

    private static ScenarioClient.Reply logout(ScenarioClient c, ScenarioClient.Session s) throws java.io.IOException {
        return c.send(c.request("/auth/logout").header("Authorization", "Bearer " + s.token())
                .post(ScenarioClient.json("{}")).build());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String key, String data) {
        byte[] k = (key + "0".repeat(32)).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(dev.palisade.engine.signature.Hmac.sha256(k, data));
    }
}
