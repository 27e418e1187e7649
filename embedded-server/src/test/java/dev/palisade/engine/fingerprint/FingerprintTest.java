package dev.palisade.engine.fingerprint;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.EngineFixture;
import dev.palisade.engine.Reason;
import dev.palisade.engine.Verdict;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.event.Event;
import dev.palisade.engine.event.EventQuery;
import dev.palisade.engine.event.EventType;
import dev.palisade.engine.signature.MessageParts;
import dev.palisade.protocol.RequestSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Technique 5 in the engine: a stolen token and key used by another client. */
class FingerprintTest {

    @TempDir
    Path dir;
    private EngineFixture f;
    private LoginResult login;
    private int nonce;

    @BeforeEach
    void start() {
        f = new EngineFixture(dir);
        login = f.login("alice");
    }

    @AfterEach
    void stop() { f.close(); }

    /** A correctly signed call from a client with the given address and headers. */
    private Verdict callFrom(String ip, Map<String, String> extra) {
        String bearer = "Bearer " + login.token().token();
        RequestSigner.Signed s = RequestSigner.sign("GET", "h", "/api/notes", null, bearer, null, login.sessionId(),
                f.signingKey(login.sessionId()), f.clock.millis() / 1000, "n" + (++nonce));
        Map<String, String> h = new HashMap<>(Map.of("authorization", bearer, "signature-input", s.signatureInput(),
                "signature", s.signature(), "user-agent", EngineFixture.BROWSER.userAgent()));
        h.putAll(extra);
        return f.engine.protect(new dev.palisade.engine.ProtectedRequest("GET", "/api/notes", ip,
                h.get("user-agent"), login.token().token(), null, new MessageParts("GET", "h", "/api/notes", null, h), null));
    }

    private List<Event> mismatches() throws InterruptedException {
        f.engine.events().awaitWritten(5_000);
        return f.store.queryEvents(new EventQuery(null, null, EventType.FINGERPRINT_MISMATCH, null, null, null, 0, 100));
    }

    @Test
    void theSameClientPasses() {
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).isTrue();
        assertThat(callFrom("127.0.0.99", Map.of()).allowed()).as("same /24").isTrue();
    }

    @Test
    void aRememberedMatchNeverOutlivesAChangeOfClientOrPolicy() {
        assertThat(callFrom("127.0.0.99", Map.of()).allowed()).as("same /24").isTrue();
        assertThat(callFrom("127.0.0.99", Map.of()).allowed()).as("the remembered match").isTrue();
        assertThat(callFrom("127.0.0.99", Map.of("user-agent", "curl-ish/1.0")).reason())
                .as("other inputs are checked in full").isEqualTo(Reason.REAUTH_REQUIRED);
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(FingerprintPolicy.of(
                Map.of("userAgent", "reauth", "ip", "reauth", "acceptLanguage", "alert"), 32, 64, List.of()));
        assertThat(callFrom("127.0.0.99", Map.of()).reason())
                .as("the same inputs under a stricter policy: 127.0.0.99/32 is not the bound network").isEqualTo(Reason.REAUTH_REQUIRED);
    }

    @Test
    void anotherUserAgentMustLogInAgainAndTheOperatorSeesFromWhatToWhat() throws Exception {
        Verdict v = callFrom("127.0.0.1", Map.of("user-agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15"));
        assertThat(v.reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        assertThat(v.explanation()).contains("userAgent");
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).as("the real client still works").isTrue();
        Event e = mismatches().get(0);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.detail()).contains("\"component\":\"userAgent\"").contains("\"to\":\"Mozilla/5.0 (Macintosh) Safari/605.1.15\"")
                .contains("\"from\":\"Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0\"");
    }

    @Test
    void severalChangesAreNamedInTheirOrderAndEachWithItsAction() throws Exception {
        Verdict v = callFrom("127.0.9.9", Map.of("user-agent", "other", "accept-language", "fr"));
        assertThat(v.explanation()).isEqualTo("the client changed since login (userAgent, ip); log in again");
        assertThat(mismatches()).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("{\"action\":\"reauth\","
                + "\"changes\":[{\"component\":\"userAgent\",\"from\":\"" + EngineFixture.BROWSER.userAgent()
                + "\",\"to\":\"other\",\"action\":\"reauth\"},{\"component\":\"ip\",\"from\":\"127.0.0.0/24\","
                + "\"to\":\"127.0.9.0/24\",\"action\":\"reauth\"},{\"component\":\"acceptLanguage\",\"from\":\"\","
                + "\"to\":\"fr\",\"action\":\"alert\"}]}"));
    }

    private static final Map<String, String> OTHER_BROWSER = Map.of("user-agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15");

    /** Alice logged in again over a store that can be made to fail, and refused once from another browser. */
    private dev.palisade.engine.FailingOnce refusedAnotherBrowserOverAFailingStore() {
        f.close();
        dev.palisade.engine.FailingOnce failing = new dev.palisade.engine.FailingOnce();
        f = new EngineFixture(dir, failing::wrap);
        login = f.login("alice");
        assertThat(callFrom("127.0.0.1", OTHER_BROWSER).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        return failing;
    }

    /**
     * The new fingerprint was taken in memory before it was stored: a store failing then left this
     * node accepting it, the other nodes refusing it, and no event saying who accepted it.
     */
    @Test
    void anAcceptedFingerprintTheStoreRefusesIsNotTaken() throws Exception {
        dev.palisade.engine.FailingOnce failing = refusedAnotherBrowserOverAFailingStore();
        failing.fail("saveSessions");
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).acceptFingerprint(login.sessionId()))
                .isInstanceOf(dev.palisade.engine.store.StoreException.class);
        assertThat(callFrom("127.0.0.1", OTHER_BROWSER).reason()).as("not stored, so not taken").isEqualTo(Reason.REAUTH_REQUIRED);
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).as("the bound browser goes on").isTrue();
        assertThat(callFrom("127.0.0.1", OTHER_BROWSER).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        f.engine.operator(Actor.OWNER).acceptFingerprint(login.sessionId());
        assertThat(callFrom("127.0.0.1", OTHER_BROWSER).allowed()).as("accepted again, once the store takes it").isTrue();
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        login = f.login("alice"); // a fresh login for the fixture's bookkeeping; the re-bound session is in the store
        assertThat(f.store.loadSessions()).filteredOn(r -> r.fingerprint().components().get("userAgent") != null
                        && r.fingerprint().components().get("userAgent").startsWith("Mozilla/5.0 (Macintosh)"))
                .as("the re-bound session as stored").hasSize(1);
    }

    /*
     * A checkpoint that took its snapshot of the session just before the accept, and saved it just
     * after, put the old binding back in the store: a kill before the next checkpoint undid the accept.
     */
    @Test
    void anAcceptedFingerprintIsNotUndoneByACheckpointSavedJustAfterIt() throws Exception {
        dev.palisade.engine.FailingOnce failing = refusedAnotherBrowserOverAFailingStore();
        var stale = f.engine.sessions().get(login.sessionId()).toRecord(); // the checkpoint's snapshot, old binding
        failing.after("saveSessions", store -> store.saveSessions(List.of(stale)));
        f.engine.operator(Actor.OWNER).acceptFingerprint(login.sessionId());
        assertThat(f.store.loadSessions()).filteredOn(r -> r.id().equals(login.sessionId())).singleElement()
                .satisfies(r -> assertThat(r.fingerprint().components().get("userAgent")).as("as stored")
                        .startsWith("Mozilla/5.0 (Macintosh)"));
    }

    /** A refused fingerprint lived in memory only: after a restart the operator's accept was 409, "nothing refused". */
    @Test
    void aRefusedFingerprintCanStillBeAcceptedAfterARestart() {
        Map<String, String> otherBrowser = Map.of("user-agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15");
        assertThat(callFrom("127.0.0.1", otherBrowser).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        LoginResult before = login;
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        f.remember(before);
        f.engine.operator(Actor.OWNER).acceptFingerprint(before.sessionId());
        assertThat(callFrom("127.0.0.1", otherBrowser).allowed()).as("accepted after the restart").isTrue();
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        f.remember(before);
        assertThat(callFrom("127.0.0.1", otherBrowser).allowed()).as("and bound to it since").isTrue();
        assertThatThrownBy(() -> f.engine.operator(Actor.OWNER).acceptFingerprint(before.sessionId()))
                .as("nothing refused is left to accept").isInstanceOf(dev.palisade.engine.ConflictException.class);
    }

    @Test
    void anotherNetworkMustLogInAgain() throws Exception {
        assertThat(callFrom("127.0.1.5", Map.of()).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        assertThat(mismatches().get(0).detail()).contains("\"from\":\"127.0.0.0/24\"").contains("\"to\":\"127.0.1.0/24\"");
    }

    @Test
    void anAlertOnlyChangeIsReportedOnceAndAccepted() throws Exception {
        assertThat(callFrom("127.0.0.1", Map.of("accept-language", "de-CH")).allowed()).isTrue();
        assertThat(callFrom("127.0.0.1", Map.of("accept-language", "de-CH")).allowed()).isTrue();
        List<Event> events = mismatches();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.detail()).contains("\"action\":\"alert\"").contains("acceptLanguage");
        });
    }

    @Test
    void thePolicyIsGradedPerComponentAndLive() {
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(FingerprintPolicy.of(
                Map.of("userAgent", "alert", "ip", "ignore", "acceptLanguage", "alert"), 24, 64, List.of()));
        assertThat(callFrom("127.0.9.9", Map.of()).allowed()).isTrue();
        assertThat(callFrom("127.0.0.1", Map.of("user-agent", "other")).allowed()).isTrue();
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.engine.fingerprintPolicy().actionFor("ip")).isEqualTo(Action.IGNORE);
    }

    @Test
    void badPoliciesAreRefusedWithFieldErrors() {
        assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("shoeSize", "alert", "ip", "panic"), 40, 8,
                List.of("not a cidr!"))).isInstanceOfSatisfying(dev.palisade.engine.InvalidInputException.class,
                e -> assertThat(e.errors()).extracting(x -> x.field()).contains("components.shoeSize", "components.ip",
                        "ipv4Prefix", "ipv6Prefix", "trustedProxies"));
    }

    /**
     * A mismatch event shows a bound header's value before and after: bound to a header that carries a
     * credential, every refresh would put the old and new token in events any viewer reads.
     */
    @Test
    void aHeaderThatCarriesACredentialCannotBeBoundAndAStoredOneIsDropped() {
        for (String name : List.of("authorization", "proxy-authorization", "cookie", "x-api-key", "signature",
                "signature-input", "content-digest", "x-auth-token", "x-csrf-token", "x-session-secret", "x-password",
                // audit authz54: names the first list let through, whose values are credentials all the same
                "x-session", "x-palisade-session", "x-jwt", "x-access-key", "x-client-key", "x-credential", "x-csrf",
                "x-xsrf", "x-bearer", "x-passwd", "x_api_key", "access_key", "x_client_key")) {
            assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("header:" + name, "alert"), 24, 64, List.of())).as(name)
                    .isInstanceOfSatisfying(dev.palisade.engine.InvalidInputException.class, e -> assertThat(e.errors())
                            .singleElement().satisfies(x -> {
                                assertThat(x.field()).isEqualTo("components.header:" + name);
                                assertThat(x.message()).contains("credential");
                            }));
        }
        assertThat(FingerprintPolicy.of(Map.of("header:x-app-version", "alert", "header:sec-ch-ua-platform", "reauth",
                "header:x-keyboard-layout", "alert"), 24, 64, List.of()).actions())
                .containsKeys("header:x-app-version", "header:sec-ch-ua-platform", "header:x-keyboard-layout");

        FingerprintPolicy stored = FingerprintPolicy.fromStored(Map.of("fingerprint.components",
                "ip=ignore,header:authorization=alert,header:x-app-version=reauth"));
        assertThat(stored.actions()).as("stored before this check: the credential goes, the rest stays")
                .containsEntry("ip", Action.IGNORE).containsEntry("header:x-app-version", Action.REAUTH)
                .doesNotContainKey("header:authorization");
    }

    @Test
    void aTrustedProxyMustBeAnAddressOrARangeOfThem() {
        for (String bad : List.of("10.0.0.0/99", "ff", "cafe", "999.1.1.1", "2001:db8::/129", "10.0.0.1-2001:db8::9", "10.0.0.0/",
                "10.0.0.5/24", "10.0.0.9-10.0.0.1", "10.10.10-11.1-255")) {
            assertThatThrownBy(() -> FingerprintPolicy.of(Map.of(), 24, 64, List.of(bad))).as(bad)
                    .isInstanceOf(dev.palisade.engine.InvalidInputException.class);
        }
        assertThat(FingerprintPolicy.of(Map.of(), 24, 64, List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32",
                "192.0.2.10-192.0.2.20")).trustedProxies()).hasSize(4);

        // stored before this check: the bad proxy goes, the rest of the policy stays
        FingerprintPolicy stored = FingerprintPolicy.fromStored(Map.of("fingerprint.components", "ip=ignore",
                "fingerprint.ipv4Prefix", "16", "fingerprint.trustedProxies", "10.0.0.0/99,10.0.0.0/8"));
        assertThat(stored.trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(stored.ipv4Prefix()).isEqualTo(16);
        assertThat(stored.actionFor("ip")).isEqualTo(Action.IGNORE);
    }

    @Test
    void rotatingTheSaltKeepsSessionsBoundAndAliveAcrossRestarts() {
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).isTrue();
        f.engine.operator(Actor.OWNER).rotateFingerprintSalt();
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).isTrue();
        assertThat(callFrom("127.0.0.1", Map.of("user-agent", "other")).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(callFrom("127.0.0.1", Map.of()).allowed()).isTrue();
        assertThat(callFrom("127.0.0.1", Map.of("user-agent", "other")).reason()).isEqualTo(Reason.REAUTH_REQUIRED);
    }

    @Test
    void aTicketCannotBeCarriedToAnotherClient() {
        String ticket = f.ticket(EngineFixture.BROWSER);
        ClientFacts script = EngineFixture.browser("127.0.0.1", "Mozilla/5.0 (Windows NT 10.0) Edge/130.0");
        assertThatThrownBy(() -> f.login("alice", ticket, script))
                .isInstanceOfSatisfying(dev.palisade.engine.Denial.class,
                        d -> assertThat(d.reason()).isEqualTo(Reason.REAUTH_REQUIRED));
        assertThat(f.login("alice", ticket, EngineFixture.BROWSER).sessionId()).isNotBlank();
    }

    @Test
    void networksAreMaskedForV4AndV6() {
        FingerprintPolicy p = FingerprintPolicy.defaults();
        assertThat(p.network("10.1.2.3")).isEqualTo("10.1.2.0/24");
        assertThat(p.network("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(p.network("not-an-ip")).isEqualTo("not-an-ip");
    }

    @Test
    void everyPartOfAPolicySurvivesARestartAsSet() {
        java.util.LinkedHashMap<String, String> actions = new java.util.LinkedHashMap<>();
        actions.put("userAgent", "alert");
        actions.put("ip", "ignore");
        actions.put("acceptLanguage", "reauth");
        actions.put("header:x-client", "alert");
        actions.put("automation", "deny");
        FingerprintPolicy set = FingerprintPolicy.of(actions, 16, 48, List.of("10.0.0.0/8", "::1"));
        f.engine.operator(Actor.OWNER).updateFingerprintPolicy(set);
        f.restart(Duration.ofSeconds(1)); // signed after the second the last run accepted a signature in
        assertThat(f.engine.fingerprintPolicy()).isEqualTo(set);
        assertThat(FingerprintPolicy.fromStored(set.asStored())).isEqualTo(set);
    }

    @Test
    void anUnreadableStoredPolicyFallsBackToTheDefaults() {
        assertThat(FingerprintPolicy.fromStored(Map.of())).isEqualTo(FingerprintPolicy.defaults());
        assertThat(FingerprintPolicy.fromStored(Map.of("fingerprint.components", "userAgent"))).isEqualTo(FingerprintPolicy.defaults());
        FingerprintPolicy widePrefix = FingerprintPolicy.fromStored(Map.of("fingerprint.components", "userAgent=alert",
                "fingerprint.ipv4Prefix", "wide", "fingerprint.ipv6Prefix", "200"));
        assertThat(widePrefix.ipv4Prefix()).as("an unread prefix, its default").isEqualTo(24);
        assertThat(widePrefix.ipv6Prefix()).isEqualTo(64);
        assertThat(widePrefix.actionFor("userAgent")).as("the rest as stored").isEqualTo(Action.ALERT);
        FingerprintPolicy edges = FingerprintPolicy.fromStored(Map.of("fingerprint.components", "userAgent=alert,ip",
                "fingerprint.ipv4Prefix", "8", "fingerprint.ipv6Prefix", "128"));
        assertThat(edges.ipv4Prefix()).as("the bounds themselves are read").isEqualTo(8);
        assertThat(edges.ipv6Prefix()).isEqualTo(128);
        assertThat(edges.actionFor("userAgent")).as("beside a pair of no action").isEqualTo(Action.ALERT);
        FingerprintPolicy beyond = FingerprintPolicy.fromStored(Map.of("fingerprint.components", "userAgent=alert",
                "fingerprint.ipv4Prefix", "33", "fingerprint.ipv6Prefix", "15"));
        assertThat(beyond.ipv4Prefix()).isEqualTo(24);
        assertThat(beyond.ipv6Prefix()).isEqualTo(64);
        FingerprintPolicy older = FingerprintPolicy.fromStored(Map.of("fingerprint.components", "userAgent=alert,,ip=reauth"));
        assertThat(older.actionFor("userAgent")).isEqualTo(Action.ALERT);
        assertThat(older.actionFor("automation")).as("stored before automation existed").isEqualTo(Action.ALERT);
        assertThat(older.ipv4Prefix()).isEqualTo(24);
        assertThat(older.trustedProxies()).isEmpty();
    }

    @Test
    void onlyComparedComponentsAreCaptured() {
        FingerprintPolicy p = FingerprintPolicy.of(Map.of("userAgent", "ignore", "ip", "reauth", "acceptLanguage", "alert",
                "automation", "deny"), 24, 64, List.of());
        Map<String, String> headers = Map.of("user-agent", "UA", "accept-language", "en");
        assertThat(p.capture("10.1.2.3", headers::get).components()).containsOnlyKeys("ip", "acceptLanguage");
        assertThat(p.inputs("10.1.2.3", headers::get)).hasSize(2);
    }

    @Test
    void masksAreEightTo32BitsForV4And16To128ForV6() {
        assertThat(FingerprintPolicy.of(Map.of("ip", "reauth"), 8, 16, List.of()).network("10.1.2.3")).isEqualTo("10.0.0.0/8");
        FingerprintPolicy widest = FingerprintPolicy.of(Map.of("ip", "reauth"), 32, 128, List.of("10.0.0.0/8", "::1"));
        assertThat(widest.network("10.1.2.3")).isEqualTo("10.1.2.3/32");
        assertThat(FingerprintPolicy.of(Map.of("ip", "reauth"), 16, 48, List.of()).network("10.1.2.3")).isEqualTo("10.1.0.0/16");
        assertThat(FingerprintPolicy.of(Map.of("ip", "reauth"), 20, 48, List.of()).network("10.1.255.3")).isEqualTo("10.1.240.0/20");
        assertThat(FingerprintPolicy.of(Map.of("ip", "reauth"), 16, 48, List.of()).network("2001:db8:1:2::5"))
                .isEqualTo("2001:db8:1:0:0:0:0:0/48");
        for (int[] bad : new int[][] {{7, 64}, {33, 64}, {24, 15}, {24, 129}}) {
            assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("ip", "reauth"), bad[0], bad[1], List.of()))
                    .isInstanceOfSatisfying(dev.palisade.engine.InvalidInputException.class, e -> assertThat(e.errors())
                            .singleElement().satisfies(x -> assertThat(x.field()).isEqualTo(bad[0] == 24 ? "ipv6Prefix" : "ipv4Prefix")));
        }
        java.util.List<String> proxies = new java.util.ArrayList<>();
        proxies.add(null);
        assertThatThrownBy(() -> FingerprintPolicy.of(Map.of("ip", "reauth"), 24, 64, proxies))
                .isInstanceOf(dev.palisade.engine.InvalidInputException.class);
        assertThat(FingerprintPolicy.defaults().network("")).isEmpty();
        assertThat(FingerprintPolicy.defaults().network(null)).isEmpty();
    }

    /*
     * Durability audit 61, M1: one component this version does not read (a newer version's "tls", an action it does not
     * know) reset the whole policy to the defaults, the trusted proxies with it: behind a proxy every caller became the
     * proxy. And a save from this node then wrote the defaults over the newer policy for every node.
     */
    @Test
    void aStoredComponentThisVersionDoesNotReadIsLeftOutAndKeptWhenThePolicyIsSaved() {
        Map<String, String> newer = new java.util.HashMap<>(Map.of("fingerprint.components",
                "userAgent=reauth,ip=alert,tls=alert,header:x-client=throttle", "fingerprint.trustedProxies", "10.0.0.0/8",
                "fingerprint.ipv4Prefix", "16", "fingerprint.ipv6Prefix", "48"));
        FingerprintPolicy read = FingerprintPolicy.fromStored(newer);
        assertThat(read.trustedProxies()).containsExactly("10.0.0.0/8");
        assertThat(read.actionFor("ip")).isEqualTo(Action.ALERT);
        assertThat(read.actionFor("userAgent")).isEqualTo(Action.REAUTH);
        assertThat(read.ipv4Prefix()).isEqualTo(16);
        assertThat(read.actions()).doesNotContainKeys("tls", "header:x-client");
        assertThat(FingerprintPolicy.unreadComponents(newer)).containsExactly("tls=alert", "header:x-client=throttle");

        dev.palisade.engine.store.SettingsStore store = new dev.palisade.engine.store.SettingsStore() {
            @Override public Map<String, String> loadSettings() { return Map.copyOf(newer); }
            @Override public void saveSettings(Map<String, String> changed) { newer.putAll(changed); }
        };
        LiveFingerprintPolicy live = new LiveFingerprintPolicy(store);
        Map<String, String> named = new java.util.LinkedHashMap<>();
        named.put("userAgent", "alert");
        named.put("ip", "alert");
        named.put("header:x-client", "alert");
        live.change(p -> FingerprintPolicy.of(named, p.ipv4Prefix(), p.ipv6Prefix(), p.trustedProxies()));
        assertThat(newer.get("fingerprint.components")).as("saved on this node: the newer component kept, the one it named as named")
                .isEqualTo("userAgent=alert,ip=alert,header:x-client=alert,automation=ignore,tls=alert");
        assertThat(newer.get("fingerprint.trustedProxies")).isEqualTo("10.0.0.0/8");

        // review 61, M3: a newer action of a component this version fills in (automation), or of them all, is kept by a
        // save that does not set it; L7: a pair of no component's form is not kept
        newer.put("fingerprint.components", "userAgent=challenge,automation=challenge,ip");
        live.change(p -> FingerprintPolicy.of(p.actions().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().label())), p.ipv4Prefix(), p.ipv6Prefix(), List.of("192.0.2.0/24")));
        assertThat(newer.get("fingerprint.components").split(",")).contains("userAgent=challenge", "automation=challenge")
                .doesNotContain("ip");
        assertThat(newer.get("fingerprint.components")).endsWith("userAgent=challenge,automation=challenge");
        assertThat(FingerprintPolicy.fromStored(newer).trustedProxies()).containsExactly("192.0.2.0/24");
    }
}
