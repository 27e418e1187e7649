package dev.palisade.console.scenarios;

import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.protocol.ClientKeys;
import okhttp3.Request;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The sixteen scenarios, one or more per rung of the attacker ladder ({@link Level}): fifteen
 * attacks, each meant to trip one defence, and the person (a real browser) doing the same work
 * without a denial or a flag. Every scripted scenario leaves from its own loopback network
 * (127.0.1NN.x) and uses its own user, so runs do not disturb each other. Those assumed to already
 * hold a session (4–11, and the victim of 13) bootstrap with the run's debug token and say so.
 */
public final class Scenarios {

    private Scenarios() {}

    /** Up the attacker ladder, rung by rung: how the console and the command line list them. */
    public static final Comparator<Scenario> LADDER = Comparator.comparing(Scenario::level).thenComparingInt(Scenario::number);

    /**
     * The ladder, but the person goes before the automated browser's rung: both browsers leave from 127.0.0.1, and the
     * automated one's flagged bootstrap adds a bit to that address's next page for a minute, which the person would pay
     * and report as its cost, the one every rung is compared with (audit 52).
     */
    public static final Comparator<Scenario> RUN_ORDER = Comparator.comparing(
                    (Scenario s) -> s.legitimate() ? Level.AUTOMATED_BROWSER : s.level())
            .thenComparing(s -> !s.legitimate()).thenComparingInt(Scenario::number);

    public static List<Scenario> all() {
        return List.of(
                new Attack(1, "Script without credentials", Level.NO_CLIENT, "a script calls the API like curl would, with no token",
                        "credentials", Set.of("missing_credentials"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(1, 10, "DataHarvester/2.1 (+bot)")) {
                                steps.add("GET the notes with no credentials", "GET /api/notes",
                                        c.send(c.request("/api/notes").get().build()));
                            }
                        }),
                new Attack(2, "Blacklisted agent", Level.NO_CLIENT, "the usual suspects: curl and python-requests", "blacklist",
                        Set.of("blacklisted"), (ctx, steps) -> {
                            try (ScenarioClient curl = ctx.client(2, 10, "curl/8.5.0");
                                 ScenarioClient py = ctx.client(2, 11, "python-requests/2.32.3")) {
                                // both are the attack: one the blacklist lets through is not caught by it (audit 52)
                                steps.attempt("python-requests asks for the notes", "GET /api/notes",
                                        py.send(py.request("/api/notes").get().build()));
                                steps.attempt("curl asks for the notes", "GET /api/notes", curl.send(curl.request("/api/notes").get().build()));
                            }
                        }),
                new Attack(3, "Hotlinking", Level.NO_CLIENT, "a script logs in without ever loading the client page", "bootstrap",
                        Set.of("no_bootstrap"), (ctx, steps) -> {
                            String user = ctx.user("scenario3");
                            try (ScenarioClient c = ctx.client(3, 10, ScenarioContext.BROWSER)) {
                                steps.add("log in with the right password but no ticket", "POST /auth/login",
                                        c.login(user, ctx.password(), null, new ClientKeys()));
                            }
                        }),
                new Attack(4, "Replay", Level.REPLAY, "a captured signed request is sent again", "nonce", Set.of("replayed"), (ctx, steps) -> {
                    try (ScenarioClient c = ctx.client(4, 10, ScenarioContext.BROWSER)) {
                        ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario4"));
                        Request captured = c.signed(s, "POST", "/api/notes", "{\"title\":\"pay the invoice\"}");
                        steps.control("the real client saves a note", "POST /api/notes", c.send(captured));
                        steps.attempt("the captured request is replayed", "POST /api/notes", c.send(captured));
                        // the installer's self-check runs this one: the logout is part of what it checks
                        steps.control("the real client logs out", "POST /auth/logout", c.logOut(s));
                    }
                }),
                new Attack(5, "Stale request", Level.REPLAY, "a signed request made two minutes ago is sent now", "freshness",
                        Set.of("stale"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(5, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario5"));
                                steps.control("the same request signed now", "GET /api/notes",
                                        c.send(c.signed(s, "GET", "/api/notes", null)));
                                Request old = c.signed(s, "GET", "/api/notes", null, c.nowSeconds() - 120);
                                steps.attempt("send a request signed 120 s ago", "GET /api/notes", c.send(old));
                                c.logOut(s);
                            }
                        }),
                new Attack(6, "Tampered body", Level.REPLAY, "the body is changed after the client signed it", "signature",
                        // bad_digest where Palisade reads the body; behind a gateway the app's middleware does
                        Set.of("bad_digest", "upstream_signature"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(6, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario6"));
                                steps.control("the real client adds one book", "POST /api/cart",
                                        c.send(c.signed(s, "POST", "/api/cart", "{\"item\":\"book\",\"quantity\":1}")));
                                Request signed = c.signed(s, "POST", "/api/cart", "{\"item\":\"book\",\"quantity\":1}");
                                Request tampered = signed.newBuilder()
                                        .post(ScenarioClient.json("{\"item\":\"book\",\"quantity\":999}")).build();
                                steps.attempt("send quantity 999 under a signature for 1", "POST /api/cart", c.send(tampered));
                                c.logOut(s);
                            }
                        }),
                new Attack(7, "Stolen token", Level.STOLEN_TOKEN, "token and signing key copied to another browser on another network",
                        "fingerprint", Set.of("reauth_required"), (ctx, steps) -> {
                            try (ScenarioClient victim = ctx.client(7, 10, ScenarioContext.BROWSER);
                                 ScenarioClient thief = ctx.clientFrom("127.0.207.66",
                                         "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36")) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, victim, ctx.user("scenario7"));
                                steps.control("the victim reads the notes", "GET /api/notes", victim.send(victim.signed(s, "GET", "/api/notes", null)));
                                steps.attempt("the thief uses the same token and key from elsewhere", "GET /api/notes",
                                        thief.send(thief.signed(s, "GET", "/api/notes", null)));
                                victim.logOut(s);
                            }
                        }),
                new Attack(8, "Forged tokens", Level.STOLEN_TOKEN, "alg none, a guessed key, and altered claims", "token", Set.of("invalid_token"),
                        (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(8, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario8"));
                                steps.control("the real token reads the notes", "GET /api/notes",
                                        c.send(c.signed(s, "GET", "/api/notes", null)));
                                String[] parts = s.token().split("\\.");
                                String none = b64("{\"alg\":\"none\",\"typ\":\"at+jwt\"}") + "." + parts[1] + ".";
                                String altered = parts[0] + "." + b64(new String(Base64.getUrlDecoder().decode(parts[1]),
                                        StandardCharsets.UTF_8).replace("\"scenario8\"", "\"admin\"")) + "." + parts[2];
                                String guessed = parts[0] + "." + parts[1] + "." + hs256("secret", parts[0] + "." + parts[1]);
                                for (String[] forged : new String[][] {{"alg none", none}, {"a guessed key", guessed},
                                        {"altered claims", altered}}) {
                                    ScenarioClient.Session fake = new ScenarioClient.Session(forged[1], s.sessionId(), s.key());
                                    steps.attempt("a token with " + forged[0], "GET /api/notes", c.send(c.signed(fake, "GET", "/api/notes", null)));
                                }
                                c.logOut(s);
                            }
                        }),
                new Attack(9, "Scraping burst", Level.AUTOMATED_BROWSER, "one session pulls pages as fast as it can", "rate", Set.of("rate_limited"),
                        (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(9, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario9"));
                                ScenarioClient.Reply last = steps.control("the first call, as a person's", "GET /api/notes",
                                        c.send(c.signed(s, "GET", "/api/notes", null)));
                                for (int i = 2; i <= 40 && last.status() != 429; i++) {
                                    last = c.send(c.signed(s, "GET", "/api/notes", null));
                                }
                                steps.attempt("up to 40 calls in a row", "GET /api/notes ×40", last);
                                // the defence is also that the operator sees it: behind a balancer the refusing node's
                                // event reaches the node the operator asks a moment later
                                long deadline = System.nanoTime() + 5_000_000_000L;
                                while (ctx.admin().events(new EventFilter(null, null, "rate_anomaly", null,
                                        s.sessionId(), null, 0, 10)).items().isEmpty()) {
                                    if (System.nanoTime() > deadline) {
                                        throw new IllegalStateException("no rate_anomaly event was recorded within 5 s");
                                    }
                                    Thread.sleep(50);
                                }
                                c.logOut(s);
                            }
                        }),
                new Attack(10, "Session farming", Level.AUTOMATED_BROWSER, "many sessions opened from one address", "sequence (max-sessions)",
                        Set.of("too_many_sessions"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(10, 10, ScenarioContext.BROWSER)) {
                                List<ScenarioClient.Session> farm = new ArrayList<>();
                                ScenarioClient.Reply refused = null;
                                steps.add("assumed to hold a session, each: bootstraps with debug token '"
                                        + ScenarioContext.DEBUG_TOKEN_NAME + "' every time", "POST /auth/bootstrap",
                                        c.bootstrap(c.page(), ctx.debugToken()));
                                steps.cost(Cost.DEBUG_TOKEN);
                                for (int i = 0; i < 40 && refused == null; i++) {
                                    String user = ctx.user("scenario10-" + (i % 4));
                                    ClientKeys keys = new ClientKeys();
                                    String ticket = ScenarioClient.ticket(c.bootstrap(c.page(), ctx.debugToken()));
                                    ScenarioClient.Reply login = c.login(user, ctx.password(), ticket, keys);
                                    if (i == 0) steps.control("the first session opens", "POST /auth/login", login);
                                    if (login.status() != 200) {
                                        refused = login;
                                    } else {
                                        farm.add(ScenarioClient.session(login, keys));
                                    }
                                }
                                steps.attempt(farm.size() + (farm.size() == 1 ? " session" : " sessions") + ", then one more", "POST /auth/login",
                                        refused == null ? new ScenarioClient.Reply(200, "", "ok", "", ScenarioContext.address(10, 10), c.nowMillis())
                                                : refused);
                                for (ScenarioClient.Session s : farm) c.logOut(s);
                            }
                        }),
                new Attack(11, "Order without cart", Level.AUTOMATED_BROWSER, "a bot orders without ever looking at the cart", "sequence",
                        Set.of("sequence_violation"), (ctx, steps) -> {
                            try (ScenarioClient c = ctx.client(11, 10, ScenarioContext.BROWSER)) {
                                ScenarioClient.Session s = steps.assumedSession(ctx, c, ctx.user("scenario11"));
                                steps.control("put an item in the cart", "POST /api/cart",
                                        c.send(c.signed(s, "POST", "/api/cart", "{\"item\":\"gift card\",\"quantity\":50}")));
                                steps.attempt("order straight away", "POST /api/orders", c.send(c.signed(s, "POST", "/api/orders", "{}")));
                                c.logOut(s);
                            }
                        }),
                new Person(12),
                DevtoolsCopy.scenario(13),
                ProtocolScript.scenario(14),
                new AutomatedBrowser(15),
                BorrowedPage.scenario(16));
    }

    /** Scenario {@code n}, or null. */
    public static Scenario number(int n) {
        return all().stream().filter(s -> s.number() == n).findFirst().orElse(null);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String key, String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec((key + "0".repeat(32)).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
