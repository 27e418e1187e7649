package dev.palisade.engine;

import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.engine.signature.MessageParts;
import dev.palisade.engine.signature.RequestSigner;
import dev.palisade.store.sqlite.SqliteStore;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A real engine on a real SQLite file with a fixed clock and a fast KDF, for engine-level tests. */
public final class EngineFixture implements AutoCloseable {

    public static final ClientFacts BROWSER = ClientFacts.of("127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    public static final char[] PASSWORD = "correct horse".toCharArray();

    public final MutableClock clock = MutableClock.at2026();
    public final Path dir;
    public SqliteStore store;
    public Engine engine;
    private final Map<String, LoginResult> logins = new HashMap<>();
    private long nonces;

    public EngineFixture(Path dir) {
        this.dir = dir;
        open();
    }

    public static EngineOptions fastOptions() {
        return EngineOptions.defaults().withPasswordIterations(1_000);
    }

    private void open() {
        store = SqliteStore.open(dir);
        engine = new Engine(store, clock, fastOptions(), new dev.palisade.http.JettyAddressSets());
    }

    /** Stops cleanly and starts again on the same file: what a restart keeps, this keeps. */
    public void restart() {
        close();
        open();
    }

    /** The browser path: page nonce, bootstrap, login. */
    public LoginResult login(String user) {
        if (!engine.users().exists(user)) engine.operator().createUser(user, PASSWORD.clone());
        String nonce = engine.auth().servePage();
        String ticket = engine.auth().bootstrap(nonce, BROWSER).value();
        return remember(engine.auth().login(user, PASSWORD.clone(), ticket, null, BROWSER));
    }

    /** Lets {@link #call} sign with this login's key (also for tokens from a refresh of it). */
    public LoginResult remember(LoginResult login) {
        LoginResult original = logins.values().stream().filter(l -> l.sessionId().equals(login.sessionId()))
                .findFirst().orElse(login);
        logins.put(login.token().token(), original);
        return login;
    }

    /** A call as palisade.js makes it: signed with the session's key when the bearer token is known. */
    public Verdict call(String method, String path, String bearer, String apiKey) {
        Map<String, String> headers = new HashMap<>();
        headers.put("user-agent", BROWSER.userAgent());
        if (bearer != null) headers.put("authorization", "Bearer " + bearer);
        LoginResult login = bearer == null ? null : logins.get(bearer);
        if (login != null) {
            RequestSigner.Signed signed = RequestSigner.sign(method, "palisade.test", path, null, "Bearer " + bearer,
                    null, login.sessionId(), Base64.getUrlDecoder().decode(login.signingKey()), clock.millis() / 1000,
                    "n" + (++nonces));
            headers.put("signature-input", signed.signatureInput());
            headers.put("signature", signed.signature());
        }
        return call(method, path, bearer, apiKey, new MessageParts(method, "palisade.test", path, null, headers));
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
