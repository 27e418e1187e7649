package dev.palisade;

import dev.palisade.engine.Engine;
import dev.palisade.engine.EngineOptions;
import dev.palisade.engine.admin.OwnerToken;
import dev.palisade.http.HandlerTree;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.http.ListenerRouter;
import dev.palisade.http.ProblemErrorHandler;
import dev.palisade.http.HeaderDeadline;
import dev.palisade.http.admin.AdminHandlers;
import dev.palisade.http.admin.AdminHosts;
import dev.palisade.metrics.PalisadeMetrics;
import dev.palisade.store.sqlite.SqliteDemoRepository;
import dev.palisade.store.sqlite.SqliteStore;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole token service from a {@link ServerConfig}: SQLite store, engine, and one Jetty server
 * with two listeners (API and admin). {@link #close()} stops cleanly: listeners first, then the
 * engine, which writes every queued event, then the store.
 */
public final class PalisadeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PalisadeServer.class);

    private final ServerConfig config;
    private final NodeHeartbeat heartbeat;
    private final SqliteStore store;
    /** What the engine keeps its state in: the SQLite store, or on a cluster node the store shared through Redis. */
    private final dev.palisade.engine.store.Store engineStore;
    private final Engine engine;
    private final Server jetty;
    /** The admin listener's threads: its 32 event streams hold one each, and room is left for the console's calls. */
    static final int ADMIN_THREADS = 64;

    private final ServerConnector apiConnector;
    private final ServerConnector adminConnector;
    private final ServerConnector decideConnector;
    private final OwnerToken owner;
    private final dev.palisade.http.tls.SelfSignedCertificate.Made selfSigned;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final ServerLock lock;
    /** What each start puts back ({@link #noteSetAtStart}), told by {@code GET /admin/config/governed}. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.List<dev.palisade.config.SetAtStart>> setAtStart;
    /** Why the certificate the start serves fails browsers' handshakes (expired, not valid yet), or null. */
    private String certificateWarning;
    /** Whether this start made upstream.key (none, or an empty one, was there): an app holding the old key refuses every call. */
    private boolean upstreamKeyMade;

    private PalisadeServer(ServerConfig config, SqliteStore store, dev.palisade.engine.store.Store engineStore, Engine engine, Server jetty,
                           ServerConnector api, ServerConnector admin, ServerConnector decide, OwnerToken owner,
                           dev.palisade.http.tls.SelfSignedCertificate.Made selfSigned, NodeHeartbeat heartbeat,
                           ServerLock lock,
                           java.util.concurrent.atomic.AtomicReference<java.util.List<dev.palisade.config.SetAtStart>> setAtStart) {
        this.setAtStart = setAtStart;
        this.heartbeat = heartbeat;
        this.lock = lock;
        this.config = config;
        this.store = store;
        this.engineStore = engineStore;
        this.engine = engine;
        this.jetty = jetty;
        this.apiConnector = api;
        this.adminConnector = admin;
        this.decideConnector = decide;
        this.owner = owner;
        this.selfSigned = selfSigned;
    }

    public static PalisadeServer start(ServerConfig config) throws Exception {
        return start(config, server -> { });
    }

    /** What a start does once its state is open and its ports are bound, before any call is answered. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(PalisadeServer server) throws Exception;
    }

    /**
     * Starts with {@code preparation} run first: the ports are bound (taken, so a port in use fails the start
     * before anything is prepared) but no connection is answered until it returns, so a call that arrives
     * meanwhile waits and is then decided under what it set (a configuration file's blacklist, its routes).
     */
    public static PalisadeServer start(ServerConfig config, Preparation preparation) throws Exception {
        ServerLock lock = ServerLock.take(config.dataDir()); // one server a data directory
        try {
            return start(config, preparation, lock);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The engine's options for this server: the user's own API, behind {@code --upstream} or a gateway,
     * owes nothing to the demo's order rule. An export given the server's options reads as the server would.
     */
    static EngineOptions engineOptions(ServerConfig config) {
        return config.upstream() != null || config.decide() != null ? config.engine().withoutDemoApi() : config.engine();
    }

    /** A key of the node's own database's settings: when this directory's owner token was last made. */
    static final String OWNER_TOKEN_MADE = "owner_token.made_at";

    private static boolean nonEmpty(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static PalisadeServer start(ServerConfig config, Preparation preparation, ServerLock lock) throws Exception {
        for (Path left : DataDirectory.removeUnfinishedCopies(config.dataDir())) {
            LOG.info("Removed {}, a copy of the database left by an export that was stopped before it finished", left);
        }
        // a cluster node's database holds only its events: users, keys and sessions are in Redis
        if (config.cluster() == null) DataDirectory.requireItsDatabase(config.dataDir(), SqliteStore.FILE_NAME);
        boolean tokenThere = nonEmpty(config.dataDir().resolve(DataDirectory.ADMIN_TOKEN_FILE));
        String secretsOpen = DataDirectory.secureSecretFiles(config.dataDir(), SqliteStore.FILE_NAME);
        // the database first: a first start stopped between the two leaves no token without its database
        SqliteStore store = SqliteStore.open(config.dataDir());
        OwnerToken owner;
        boolean tokenRemade;
        boolean ranHere; // a server ran on this data before: its token is there, or the database says one was made
        try {
            // the node's own database says whether a token was made here before (--add-user on a new directory
            // makes the database, not the token): one made again is one an operator should hear of
            boolean marked = store.loadSettings().containsKey(OWNER_TOKEN_MADE);
            tokenRemade = !tokenThere && marked;
            ranHere = tokenThere || marked;
            owner = new OwnerToken(DataDirectory.adminToken(config.dataDir()),
                    token -> DataDirectory.replaceAdminToken(config.dataDir(), token));
            // marked at every start that finds no mark, so a directory older than the mark is covered from its next start
            if (!tokenThere || !marked) store.saveSettings(java.util.Map.of(OWNER_TOKEN_MADE, Long.toString(config.clock().millis())));
        } catch (java.io.IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        Engine engine = null;
        Server jetty = null;
        dev.palisade.engine.state.HotState hotState = null;
        dev.palisade.engine.store.Store shared = store;
        NodeHeartbeat heartbeat = null;
        dev.palisade.demo.DemoRepository demo = new SqliteDemoRepository(store);
        try {
            PalisadeMetrics metrics = new PalisadeMetrics();
            dev.palisade.engine.store.Store engineStore = store;
            if (config.cluster() == null) {
                hotState = new dev.palisade.engine.MemoryHotState();
            } else {
                dev.palisade.state.redis.ClusterKey key = dev.palisade.state.redis.ClusterKey.read(config.cluster().keyFile());
                dev.palisade.state.redis.RedisHotState redis = dev.palisade.state.redis.RedisHotState.connect(
                        config.cluster().url(), config.cluster().username(), config.cluster().password(),
                        DataDirectory.nodeId(config.dataDir()), config.clock());
                hotState = redis;
                engineStore = redis.store(store, key);
                demo = redis.demo();
            }
            shared = engineStore;
            engine = new Engine(engineStore, config.clock(), engineOptions(config), new JettyAddressSets(), metrics, hotState);
            engine.whenUserDeleted(demo::forget);
            if (tokenRemade) {
                engine.serverNotice("owner_token_made", DataDirectory.ADMIN_TOKEN_FILE + " was missing or empty at start in"
                        + " a data directory a server ran in before: a new owner token was made, and any earlier one is out of force");
            }
            if (secretsOpen != null) {
                LOG.warn(secretsOpen);
                engine.serverNotice("secrets_exposed", secretsOpen);
            }
            String exposed = DataDirectory.exposedAdminToken(config.dataDir());
            if (exposed != null) {
                LOG.warn(exposed);
                engine.serverNotice("owner_token_exposed", exposed);
            }
            metrics.watch(engine);
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("palisade-http");
            jetty = new Server(threads);
            HttpConfiguration http = dev.palisade.http.ListenerHttp.configuration();
            dev.palisade.http.tls.SelfSignedCertificate.Made tlsMade = null;
            String certificateWarning = null;
            ServerConnector api;
            if (config.tls() == null) {
                api = connector(jetty, http, config.bindHost(), config.port(), "api", config.listeners());
            } else {
                java.security.KeyStore keys;
                java.nio.file.Path certFile;
                java.nio.file.Path keyFile;
                if (config.tls().selfSigned()) {
                    tlsMade = dev.palisade.http.tls.SelfSignedCertificate.forNames(config.dataDir(), config.tls().selfSignedNames(),
                            config.clock().instant());
                    certFile = tlsMade.cert();
                    keyFile = tlsMade.key();
                } else {
                    certFile = config.tls().certFile();
                    keyFile = config.tls().keyFile();
                }
                // the team's files are renewed in place (certbot); the self-signed one is made anew at a start
                dev.palisade.http.tls.CertificateWatcher.Contents read = config.tls().selfSigned() ? null
                        : dev.palisade.http.tls.CertificateWatcher.Contents.of(certFile, keyFile);
                keys = dev.palisade.http.tls.PemKeys.keyStore(certFile, keyFile);
                if (!config.tls().selfSigned()) {
                    // served all the same (a renewal is taken as soon as the files change), but said: a renewal
                    // outside its dates is refused, and at start every browser refused it without a word
                    String dates = dev.palisade.http.tls.PemKeys.invalidAt(keys, certFile, config.clock().instant());
                    String kind = dev.palisade.http.tls.PemKeys.keyBrowsersRefuse(keys, certFile);
                    certificateWarning = dates == null ? kind : kind == null ? dates : dates + "; " + kind;
                    if (certificateWarning != null) LOG.warn("TLS: {}", certificateWarning);
                }
                api = listen(dev.palisade.http.tls.TlsConnector.create(jetty, http, keys, config.tls().hstsSeconds()),
                        config.bindHost(), config.port(), "api", config.listeners());
                Engine forEvents = engine;
                // not a failing health check: the unit's start gate would stop a server whose certificate ran out
                // (admin API and console with it), and a balancer that does not check it would drop every node
                dev.palisade.http.tls.ServedCertificate served = config.tls().selfSigned()
                        ? dev.palisade.http.tls.ServedCertificate.selfSigned(certFile, keys, forEvents::serverNotice)
                        : dev.palisade.http.tls.ServedCertificate.files(certFile, keys, forEvents::serverNotice);
                metrics.certificateEnds(served::notAfter);
                // renewals taken, and the dates judged as time passes; started and stopped with Jetty
                jetty.addBean(new dev.palisade.http.tls.CertificateWatcher(certFile, keyFile,
                        dev.palisade.http.tls.TlsConnector.contextFactory(api), read, served, config.clock()));
            }
            // the admin listener on threads of its own: a burst of slow reports, which a viewer token may send, held
            // every thread of one shared pool, and the API and its health check went unanswered for minutes (audit 49)
            QueuedThreadPool adminThreads = new QueuedThreadPool(ADMIN_THREADS, 2);
            adminThreads.setName("palisade-admin");
            ServerConnector admin = listen(new ServerConnector(jetty, adminThreads, null, null, -1, -1, new HttpConnectionFactory(http)),
                    config.adminBindHost(), config.adminPort(), "admin", config.listeners());
            ServerConnector decide = config.decide() == null ? null
                    : connector(jetty, http, config.decide().bindHost(), config.decide().port(), "decide", config.listeners());
            ServerConnector[] listeners = decide == null ? new ServerConnector[] {api, admin} : new ServerConnector[] {api, admin, decide};
            jetty.setConnectors(listeners);
            boolean wantsKey = config.upstream() != null || decide != null;
            boolean keyMade = wantsKey && DataDirectory.upstreamKeyMissing(config.dataDir());
            byte[] upstreamKey = wantsKey ? DataDirectory.upstreamKey(config.dataDir()) : null;
            if (upstreamKey != null && shared instanceof dev.palisade.state.redis.ClusterStore cluster) {
                // every node signs forwarded calls with the cluster's key: the first node's, kept sealed in Redis
                byte[] agreed = cluster.upstreamKey(upstreamKey, config.cluster().replaceUpstreamKey());
                if (config.cluster().replaceUpstreamKey()) {
                    LOG.warn("this node's {} replaced the cluster's upstream key: restart the other nodes, which sign with"
                            + " the old one until they start again (an app whose own key file holds both keys accepts both"
                            + " meanwhile; one that reads a node's file holds that node's alone)", DataDirectory.UPSTREAM_KEY_FILE);
                }
                if (!java.security.MessageDigest.isEqual(agreed, upstreamKey)) {
                    DataDirectory.replaceUpstreamKey(config.dataDir(), agreed);
                    upstreamKey = agreed;
                    keyMade = false; // the cluster's, which the app has
                }
            }
            if (keyMade && ranHere) { // a server ran on this data before: an app may hold the key it had
                LOG.warn("{} was missing or empty and is made anew: an app that verifies with the one it had refuses every"
                        + " forwarded call until it reads this one", config.dataDir().resolve(DataDirectory.UPSTREAM_KEY_FILE));
            }
            ServerConnector apiListener = api;
            ServerConnector adminListener = admin;
            String scheme = config.tls() == null ? "http" : "https";
            heartbeat = new NodeHeartbeat(engine, hotState, config.cluster() == null ? null : where(config.cluster().url()),
                    () -> uri(scheme, config.bindHost(), apiListener.getLocalPort()),
                    () -> uri("http", config.adminBindHost(), adminListener.getLocalPort()), config.clock());
            var setAtStart = new java.util.concurrent.atomic.AtomicReference<java.util.List<dev.palisade.config.SetAtStart>>(
                    java.util.List.of());
            // every listener's bodies arrive before a handler runs, without a thread waiting on them
            jetty.setHandler(new dev.palisade.http.BodyFirst(config.listeners().idleTimeout(), new ListenerRouter(admin,
                    cors(config, HandlerTree.api(engine, demo, config.upstream(), upstreamKey,
                            config.upstreamTimeout(), config.upstreamConnections(),
                            config.tls() != null && config.tls().hstsSeconds() > 0)),
                    AdminHandlers.create(engine, store, owner, new AdminHosts(config.adminBindHost(),
                            config.listeners().adminHosts()), metrics, heartbeat, unfinishedConfig(config), setAtStart::get),
                    decide, decide == null ? null : new dev.palisade.http.decide.DecisionHandler(engine,
                            new dev.palisade.http.ClientAddress(engine::fingerprintPolicy), upstreamKey))));
            jetty.setErrorHandler(new ProblemErrorHandler(decide, api, java.util.Set.copyOf(config.listeners().corsOrigins())));
            jetty.setStopTimeout(5_000); // in-flight requests may finish; idle connections close at once
            for (ServerConnector listener : listeners) listener.open(); // bound; nothing accepted until Jetty starts
            PalisadeServer server = new PalisadeServer(config, store, shared, engine, jetty, api, admin, decide, owner, tlsMade,
                    heartbeat, lock, setAtStart);
            server.certificateWarning = certificateWarning;
            server.upstreamKeyMade = keyMade;
            preparation.prepare(server);
            jetty.start();
            heartbeat.start();
            LOG.info("Palisade API on {}, admin API on {}, data in {}{}{}{}", server.apiUri(), server.adminUri(),
                    config.dataDir(), config.upstream() == null ? "" : ", protecting " + config.upstream(),
                    decide == null ? "" : ", gateway decisions on " + server.decideUri(),
                    config.cluster() == null ? "" : ", hot state shared through " + config.cluster());
            return server;
        } catch (Exception e) {
            if (heartbeat != null) heartbeat.close();
            if (jetty != null) {
                jetty.stop();
                // a start refused in its preparation never started Jetty, whose stop then leaves the ports bound
                for (var listener : jetty.getConnectors()) if (listener instanceof ServerConnector c) c.close();
            }
            if (engine != null) engine.close();
            else if (hotState != null) hotState.close();
            shared.close();
            if (shared != store) store.close();
            throw e;
        }
    }

    /** Where a cluster's Redis is, for operators: host, port and database, never a user or password. */
    private static String where(URI url) {
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/0" : url.getPath();
        return url.getScheme() + "://" + url.getHost() + ":" + (url.getPort() < 0 ? 6379 : url.getPort()) + path;
    }

    /** The API tree, answering CORS for the allowed origins when there are any. */
    private static org.eclipse.jetty.server.Handler cors(ServerConfig config, org.eclipse.jetty.server.Handler api) {
        java.util.List<String> origins = config.listeners().corsOrigins();
        return origins.isEmpty() ? api : new dev.palisade.http.CorsHandler(java.util.Set.copyOf(origins), api);
    }

    private static ServerConnector connector(Server jetty, HttpConfiguration http, String host, int port, String name,
                                             ServerConfig.Listeners listeners) {
        return listen(new ServerConnector(jetty, new HttpConnectionFactory(http)), host, port, name, listeners);
    }

    private static ServerConnector listen(ServerConnector c, String host, int port, String name, ServerConfig.Listeners listeners) {
        c.setHost(host);
        c.setPort(port);
        c.setName(name);
        c.setIdleTimeout(listeners.idleTimeout().toMillis());
        c.addEventListener(new HeaderDeadline(listeners.headerTimeout(), c.getScheduler()));
        return c;
    }

    public int port() { return apiConnector.getLocalPort(); }
    public int adminPort() { return adminConnector.getLocalPort(); }
    public URI apiUri() { return uri(config.tls() == null ? "http" : "https", config.bindHost(), port()); }
    /** The development certificate in use (its files and fingerprints), or null. */
    public dev.palisade.http.tls.SelfSignedCertificate.Made selfSignedCertificate() { return selfSigned; }

    /** Why the certificate served since the start fails browsers' handshakes, or null. */
    public String certificateWarning() { return certificateWarning; }

    /** Whether this start made upstream.key: the banner says so, as a key the app must be given. */
    public boolean upstreamKeyMade() { return upstreamKeyMade; }

    public URI adminUri() { return uri("http", config.adminBindHost(), adminPort()); }
    /** The decision listener's port, or -1 without one. */
    public int decidePort() { return decideConnector == null ? -1 : decideConnector.getLocalPort(); }
    /** The decision listener's address, or null without one. */
    public URI decideUri() { return decideConnector == null ? null : uri("http", config.decide().bindHost(), decidePort()); }
    /** The owner's admin token in force (it changes when the owner rotates it). */
    public String adminToken() { return owner.current(); }
    public Path dataDir() { return config.dataDir(); }

    /**
     * What a start stopped applying, read at each ask (a start that applies the file whole removes the note), or null:
     * a single node's note in its data directory, as {@code --export-config} reads it (a cluster keeps no note).
     */
    private static java.util.function.Supplier<String> unfinishedConfig(ServerConfig config) {
        if (config.cluster() != null) return () -> null;
        return () -> {
            try {
                return dev.palisade.config.UnfinishedConfig.of(config.dataDir());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }
    public Engine engine() { return engine; }
    /** The root of the handler tree (every listener's), for tests and tools that walk it. */
    public org.eclipse.jetty.server.Handler handlers() { return jetty.getHandler(); }
    public SqliteStore store() { return store; }

    /** What it was started with. */
    public ServerConfig config() { return config; }

    /** Notes parts of the configuration this start put back, as every start does (a file's sections, the route options). */
    public void noteSetAtStart(java.util.List<dev.palisade.config.SetAtStart> parts) {
        setAtStart.updateAndGet(noted -> {
            java.util.List<dev.palisade.config.SetAtStart> all = new java.util.ArrayList<>(noted);
            all.addAll(parts);
            return java.util.List.copyOf(all);
        });
    }

    /** The cluster's shared store when started with {@code --cluster}, else null. */
    public dev.palisade.state.redis.ClusterStore cluster() {
        return engineStore instanceof dev.palisade.state.redis.ClusterStore c ? c : null;
    }

    private static URI uri(String scheme, String host, int port) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return URI.create(scheme + "://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port);
    }

    public void join() throws InterruptedException { jetty.join(); }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return; // the window and a shutdown hook may both close it
        heartbeat.close();
        engine.events().closeSubscriptions(); // live event streams end, so Jetty need not wait for them
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("Jetty did not stop cleanly", e);
        }
        try {
            engine.close();
            engineStore.close();
            if (engineStore != store) store.close();
        } finally {
            lock.close(); // another server or command may open the database now (and after a failed stop, retry)
        }
        LOG.info("Palisade stopped; {} events written", engine.events().written());
    }
}
