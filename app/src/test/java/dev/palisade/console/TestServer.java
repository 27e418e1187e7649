package dev.palisade.console;

import dev.palisade.ServerConfig;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.scenarios.ScenarioClient;
import dev.palisade.engine.EngineOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real bundled server for console tests, and a client of its public API that behaves like the
 * browser (bootstrap, login, signed calls), to make traffic the console should show. It speaks
 * through the console's own ScenarioClient, so the protocol's client half lives in one place; its
 * logins are assumed to hold a browser's session and bootstrap with a debug token.
 */
public final class TestServer implements AutoCloseable {

    /** OkHttp's own User-Agent, which tests look for; not a browser's, so no browser headers are expected and its sessions are not flagged. */
    public static final String AGENT = "okhttp/4.12.0";

    public final BundledServer bundled;
    private final ScenarioClient client;
    private final Path dataDir;
    /** A directory of its own, made by {@link #inScratch}: deleted by {@link #close}. */
    private boolean ownsDir;
    private String debugToken;

    /** A logged-in browser session. */
    public record Login(String token, String sessionId, byte[] key) {
        ScenarioClient.Session session() { return new ScenarioClient.Session(token, sessionId, key); }
    }

    public TestServer(Path dataDir) throws Exception {
        this(dataDir, c -> c);
    }

    /** @param customize changes the configuration before the start (e.g. a cluster to join) */
    public TestServer(Path dataDir, java.util.function.UnaryOperator<ServerConfig> customize) throws Exception {
        this.dataDir = dataDir;
        bundled = BundledServer.start(customize.apply(ServerConfig.defaults().withDataDir(dataDir).withPorts(0, 0)
                .withEngine(EngineOptions.defaults().withPasswordIterations(1_000))));
        client = new ScenarioClient(api(""), "127.0.0.1", AGENT);
        // the tests open many sessions from one address, each through a page: more than a person loads
        admin().updateConfig(java.util.Map.of("pagesPerMinuteMax", 100_000L));
    }

    /**
     * A server on a new temporary directory named {@code prefix…}, which {@link #close} deletes: each console test left its
     * database and files in /tmp, hundreds of directories a run.
     */
    public static TestServer inScratch(String prefix) throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory(prefix);
        try {
            TestServer server = new TestServer(dir);
            server.ownsDir = true;
            return server;
        } catch (Exception | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** Deletes what it can of {@code dir}: a leftover temporary file is no reason to fail a test. */
    static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // gone already, or not readable: left behind
        }
    }

    public ConsoleContext context() { return bundled.context(); }

    /**
     * Stops this server, runs {@code whileAway} (a console's call that finds no server), and starts it
     * again on the same data and admin port, so a console's admin client reaches it as before.
     */
    public TestServer awayDuring(Runnable whileAway) throws Exception {
        int adminPort = java.net.URI.create(context().adminUrl()).getPort();
        boolean owned = ownsDir;
        ownsDir = false; // the same data, started again below
        close();
        whileAway.run();
        TestServer again = new TestServer(dataDir, c -> c.withPorts(0, adminPort));
        again.ownsDir = owned;
        return again;
    }

    public String api(String path) { return bundled.server().apiUri() + path; }

    /**
     * The owner's admin client. A read of events or the timeline first waits for the events caused so far to be
     * written (the server itself waits 1 s, which a busy 2-core machine can outlast), as the server tests' fixture does.
     */
    public AdminClient admin() {
        okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder().connectTimeout(java.time.Duration.ofSeconds(5))
                .readTimeout(java.time.Duration.ofSeconds(15)).addInterceptor(chain -> {
                    String path = chain.request().url().encodedPath();
                    if (path.startsWith("/admin/events") || path.startsWith("/admin/timeline")) {
                        try {
                            bundled.server().engine().events().awaitWritten(10_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    return chain.proceed(chain.request());
                }).build();
        return new AdminClient(context().adminUrl(), context().adminToken(), http);
    }

    /** The tests' debug token, issued once per server through the admin API. */
    public synchronized String debugToken() {
        if (debugToken == null) debugToken = admin().createDebugToken("tests", 86_400).token();
        return debugToken;
    }

    public Login login(String user, String password) {
        try {
            return of(client.logIn(user, password, debugToken()));
        } catch (IOException e) {
            throw new AssertionError("login failed: " + e.getMessage(), e);
        }
    }

    /** A login whose browser reported {@code navigator.webdriver}: the session is flagged automation_suspected. */
    public Login loginAutomated(String user, String password) {
        try {
            ScenarioClient.Page page = client.page();
            ScenarioClient.Reply bootstrap = client.send(client.request("/auth/bootstrap").post(ScenarioClient.json(
                    "{\"pageNonce\":\"" + page.nonce() + "\",\"debugToken\":\"" + debugToken()
                            + "\",\"signals\":{\"webdriver\":true}}")).build());
            return of(client.logIn(user, password, bootstrap));
        } catch (IOException e) {
            throw new AssertionError("login failed: " + e.getMessage(), e);
        }
    }

    private static Login of(ScenarioClient.Session s) {
        return new Login(s.token(), s.sessionId(), s.key());
    }

    public Login loginDemo() {
        return login(BundledServer.DEMO_USER, bundled.demoPassword());
    }

    /** A signed GET, as palisade.js would send it; returns the status. */
    public int get(Login login, String path) {
        return call(client, login, path);
    }

    /** A signed GET with another User-Agent: the token and key used by another client. */
    public int getAs(Login login, String path, String userAgent) {
        try (ScenarioClient other = new ScenarioClient(api(""), "127.0.0.1", userAgent)) {
            return call(other, login, path);
        }
    }

    private static int call(ScenarioClient c, Login login, String path) {
        try {
            return c.send(c.signed(login.session(), "GET", path, null)).status();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An unauthenticated call from a script: denied, and counted against the address. */
    public int anonymous(String path) {
        try {
            return client.send(client.request(path).get().build()).status();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        bundled.close();
        if (ownsDir) deleteTree(dataDir);
    }
}
