package dev.palisade.engine;

import dev.palisade.engine.admin.Actor;
import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.bootstrap.BootstrapClaim;
import dev.palisade.engine.bootstrap.ServedPage;
import dev.palisade.protocol.ClientKeys;
import dev.palisade.engine.signature.MessageParts;
import dev.palisade.protocol.RequestSigner;
import dev.palisade.store.sqlite.SqliteStore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real engine on a real SQLite file with a fixed clock and a fast KDF, for engine-level tests. */
public final class EngineFixture implements AutoCloseable {

    /** A person's Firefox: its User-Agent and the Sec-Fetch headers every current browser sends. */
    public static final ClientFacts BROWSER = browser("127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    public static final char[] PASSWORD = "correct horse".toCharArray();

    public final MutableClock clock = MutableClock.at2026();
    public final Path dir;
    public SqliteStore store;
    public Engine engine;
    private final Map<String, LoginResult> logins = new HashMap<>();
    private final Map<String, byte[]> keys = new HashMap<>();
    private long nonces;
    private EngineOptions options;
    private java.util.function.UnaryOperator<dev.palisade.engine.store.Store> wrap = store -> store;

    public EngineFixture(Path dir) {
        this(dir, fastOptions());
    }

    /** With other options (e.g. a password hash that takes as long as a real one). */
    public EngineFixture(Path dir, EngineOptions options) {
        this.dir = dir;
        this.options = options;
        open();
    }

    /** With the engine's store wrapped (e.g. to act while the engine is halfway through a step). */
    public EngineFixture(Path dir, java.util.function.UnaryOperator<dev.palisade.engine.store.Store> wrap) {
        this.dir = dir;
        this.options = fastOptions();
        this.wrap = wrap;
        open();
    }

    public static EngineOptions fastOptions() {
        return EngineOptions.defaults().withPasswordIterations(1_000).withRecentCalls(65_536);
    }

    private void open() {
        store = SqliteStore.open(dir);
        engine = new Engine(wrap.apply(store), clock, options, new dev.palisade.http.JettyAddressSets());
    }

    /** Stops cleanly and starts again on the same file: what a restart keeps, this keeps. */
    public void restart() {
        restart(java.time.Duration.ZERO);
    }

    /** As {@link #restart()}, the clock moving by {@code takes} (back, when negative) between the stop and the start. */
    public void restart(java.time.Duration takes) {
        close();
        clock.advance(takes);
        open();
    }

    public static ClientFacts browser(String ip, String userAgent) {
        Map<String, String> headers = Map.of("user-agent", userAgent, "sec-fetch-site", "same-origin",
                "sec-fetch-mode", "cors", "sec-fetch-dest", "empty");
        return new ClientFacts(ip, userAgent, headers::get);
    }

    /** The browser path: page (with its work solved and its challenge answered), bootstrap, login. */
    public LoginResult login(String user) {
        if (!engine.users().exists(user)) engine.operator(Actor.OWNER).createUser(user, PASSWORD.clone());
        return login(user, ticket(BROWSER), BROWSER);
    }

    /** A page served and bootstrapped as palisade.js does it: the work solved, the challenge answered. */
    public String ticket(ClientFacts client) {
        ServedPage page = engine.auth().servePage(client.ip());
        return engine.auth().bootstrap(solved(page), Map.of(), null, client).value();
    }

    /** What palisade.js sends for a page: its nonce, the work's counters and the challenge's answer. */
    public static BootstrapClaim solved(ServedPage page) {
        return new BootstrapClaim(page.nonce(), page.challenge().work().solve().counters(), page.challenge().answer());
    }

    /** Logs in with a ticket (or null) and agrees the signing key as palisade.js does. */
    public LoginResult login(String user, String ticket, ClientFacts client) {
        ClientKeys mine = new ClientKeys();
        LoginResult login = engine.auth().login(user, PASSWORD.clone(), ticket, null, publicKey(mine), client);
        keys.put(login.sessionId(), mine.signingKey(login.serverKey()[0], login.serverKey()[1], login.sessionId()));
        return remember(login);
    }

    /** A server-to-server login: an API key instead of a ticket. */
    public LoginResult loginWithApiKey(String user, String apiKey) {
        ClientKeys mine = new ClientKeys();
        LoginResult login = engine.auth().login(user, PASSWORD.clone(), null, apiKey, publicKey(mine), BROWSER);
        keys.put(login.sessionId(), mine.signingKey(login.serverKey()[0], login.serverKey()[1], login.sessionId()));
        return remember(login);
    }

    /** The public half of a client's key pair, as the HTTP layer hands it to the engine. */
    public static java.security.interfaces.ECPublicKey publicKey(ClientKeys keys) {
        return keys.publicKey();
    }

    /** The signing key this fixture agreed for a session, or null. */
    public byte[] signingKey(String sessionId) { return keys.get(sessionId); }

    /** Lets {@link #call} sign with this login's key (also for tokens from a refresh of it). */
    public LoginResult remember(LoginResult login) {
        LoginResult original = logins.values().stream().filter(l -> l.sessionId().equals(login.sessionId()))
                .findFirst().orElse(login);
        logins.put(login.token().token(), original);
        return login;
    }

    /** A call as palisade.js makes it: signed with the session's key when the bearer token is known. */
    public Verdict call(String method, String path, String bearer, String apiKey) {
        return call(method, path, bearer, apiKey, bearer == null ? null : logins.get(bearer));
    }

    /** A call presenting {@code bearer} as its token, signed with {@code login}'s session key (when given). */
    public Verdict call(String method, String path, String bearer, String apiKey, LoginResult login) {
        return call(method, path, bearer, apiKey, wire(method, path, bearer, login));
    }

    /** The call {@link #call} would send, signed now with a nonce of its own, to send later (or from other threads). */
    public synchronized MessageParts wire(String method, String path, String bearer, LoginResult login) {
        Map<String, String> headers = new HashMap<>();
        headers.put("user-agent", BROWSER.userAgent());
        if (bearer != null) headers.put("authorization", "Bearer " + bearer);
        if (login != null) {
            RequestSigner.Signed signed = RequestSigner.sign(method, "palisade.test", path, null, "Bearer " + bearer,
                    null, login.sessionId(), keys.get(login.sessionId()), clock.millis() / 1000,
                    "n" + (++nonces));
            headers.put("signature-input", signed.signatureInput());
            headers.put("signature", signed.signature());
        }
        return new MessageParts(method, "palisade.test", path, null, headers);
    }

    /** A call signed by {@code login} over {@code signedBody}, the server reading its body from {@code body}. */
    public Verdict callWithBody(String method, String path, LoginResult login, byte[] signedBody,
                                java.util.function.Supplier<byte[]> body) {
        String bearer = login.token().token();
        Map<String, String> headers = new HashMap<>();
        headers.put("user-agent", BROWSER.userAgent());
        headers.put("authorization", "Bearer " + bearer);
        RequestSigner.Signed signed = RequestSigner.sign(method, "palisade.test", path, null, "Bearer " + bearer, signedBody,
                login.sessionId(), keys.get(login.sessionId()), clock.millis() / 1000, "n" + (++nonces));
        headers.put("signature-input", signed.signatureInput());
        headers.put("signature", signed.signature());
        if (signed.contentDigest() != null) headers.put("content-digest", signed.contentDigest());
        return engine.protect(new ProtectedRequest(method, path, BROWSER.ip(), BROWSER.userAgent(), bearer, null,
                new MessageParts(method, "palisade.test", path, null, headers), body));
    }

    public Verdict call(String method, String path, String bearer, String apiKey, MessageParts wire) {
        return engine.protect(new ProtectedRequest(method, path, BROWSER.ip(), BROWSER.userAgent(), bearer, apiKey,
                wire, null));
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
