package dev.palisade.engine;

import dev.palisade.engine.auth.ClientFacts;
import dev.palisade.engine.auth.LoginResult;
import dev.palisade.store.sqlite.SqliteStore;

import java.nio.file.Path;

/** A real engine on a real SQLite file with a fixed clock and a fast KDF, for engine-level tests. */
public final class EngineFixture implements AutoCloseable {

    public static final ClientFacts BROWSER = new ClientFacts("127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    public static final char[] PASSWORD = "correct horse".toCharArray();

    public final MutableClock clock = MutableClock.at2026();
    public final Path dir;
    public SqliteStore store;
    public Engine engine;

    public EngineFixture(Path dir) {
        this.dir = dir;
        open();
    }

    public static EngineOptions fastOptions() {
        return EngineOptions.defaults().withPasswordIterations(1_000);
    }

    private void open() {
        store = SqliteStore.open(dir);
        engine = new Engine(store, clock, fastOptions());
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
        return engine.auth().login(user, PASSWORD.clone(), ticket, null, BROWSER);
    }

    public Verdict call(String method, String path, String bearer, String apiKey) {
        return engine.protect(new ProtectedRequest(method, path, BROWSER.ip(), BROWSER.userAgent(), bearer, apiKey));
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
