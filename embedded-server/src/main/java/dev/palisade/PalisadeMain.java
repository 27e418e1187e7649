package dev.palisade;

import dev.palisade.engine.Engine;
import dev.palisade.http.HealthHandler;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.store.sqlite.SqliteBackup;
import dev.palisade.store.sqlite.SqliteRestore;
import dev.palisade.store.sqlite.SqliteStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** {@code java -jar palisade-server.jar}: runs the server until stopped, or adds a user and exits. */
public final class PalisadeMain {

    private PalisadeMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Parsed parsed;
        try {
            parsed = CommandLine.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("palisade: " + e.getMessage());
            return 2;
        }
        if (parsed.help()) {
            out.println(CommandLine.help());
            return 0;
        }
        try {
            if (parsed.addUser() != null) return addUser(parsed, out, err);
            if (parsed.exportConfig() != null) return exportConfig(parsed, out, err);
            if (parsed.backup() != null) return backup(parsed, out, err);
            if (parsed.restore() != null) return restore(parsed, out, err);
            if (parsed.health()) return health(parsed.config(), out, err);
            return serve(parsed, out);
        } catch (dev.palisade.config.ConfigException e) {
            err.println("palisade: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("palisade: " + CommandLine.startFailure(e));
            return 1;
        }
    }

    /**
     * Applies the configuration file, and on a cluster only as {@link #seedOnce} says: marked applied
     * there once every section is in force, so a node stopped half-way leaves a claim the next start
     * with the same file finishes.
     */
    static void configure(PalisadeServer server, CommandLine.Parsed parsed, dev.palisade.config.ConfigFile file,
                          java.util.Map<String, String> env) throws IOException {
        dev.palisade.state.redis.ClusterStore cluster = server.cluster();
        if (cluster == null) {
            var plan = dev.palisade.config.ConfigPlan.check(file, server.engine(), env);
            // noted until in force whole: a start killed half-way is told at the next one (UnfinishedConfig)
            dev.palisade.config.UnfinishedConfig.applying(server.config().dataDir(), parsed.configFile().toAbsolutePath()
                    + " (" + digest(parsed.configFile()) + ")", () -> plan.apply(server.engine()));
            // put back at every start: an operator changing these live is told so (audit 61, L3)
            server.noteSetAtStart(plan.setAtStart("--config " + parsed.configFile().toAbsolutePath()));
            return;
        }
        // the same file again (every node's unit names it): the cluster keeps its configuration and the live changes
        // made since, so the file is not held against them either; a setting changed live, or a user deleted whose
        // password's variable is gone, refused every restart (audit eco53 M1)
        if (appliedBefore(cluster, parsed)) return;
        // checked before the claim: a file that cannot be applied leaves no claim behind
        var plan = dev.palisade.config.ConfigPlan.check(file, server.engine(), env);
        String by = claimText(server, parsed);
        if (!seedOnce(server, parsed, by)) return;
        plan.apply(server.engine());
        cluster.configurationApplied(by);
        // a file only seeds a cluster, unless every start overwrites with it (review 62, L1)
        if (parsed.configOverwrite()) {
            server.noteSetAtStart(plan.setAtStart("--config-overwrite --config " + parsed.configFile().toAbsolutePath()));
        }
    }

    /** Whether the cluster's configuration is this file's, applied whole, and the start does not ask to apply it again. */
    private static boolean appliedBefore(dev.palisade.state.redis.ClusterStore cluster, CommandLine.Parsed parsed) {
        if (parsed.configOverwrite()) return false;
        String record = cluster.configurationRecord();
        return record != null && record.startsWith(digest(parsed.configFile()) + " ");
    }

    /**
     * On a cluster, a configuration file seeds an empty cluster: a cluster configured before keeps its
     * configuration (its operators' later changes included) unless {@code --config-overwrite} says
     * otherwise. A claim being applied by another node (its lease running) is waited for; one that never
     * finished with the same file (its lease run out) is taken over and applied again.
     *
     * @return whether to apply the file; if so, this node holds the cluster's claim as {@code by}
     */
    static boolean seedOnce(PalisadeServer server, CommandLine.Parsed parsed, String by) {
        dev.palisade.state.redis.ClusterStore cluster = server.cluster();
        String digest = digest(parsed.configFile());
        // read before the record: a node that began applying a file claimed it first, so its users are not taken
        // for an operator's
        boolean configuredLive = !parsed.configOverwrite() && cluster.configuredLive();
        if (configuredLive && cluster.configurationRecord() == null) {
            throw new IllegalArgumentException("--config: this cluster was configured through the admin API, not by a"
                    + " file (it holds users, API keys, tokens or settings); its configuration is kept. Start without"
                    + " --config, export it (GET /admin/config/export) to start from, or add --config-overwrite to"
                    + " apply the file over it");
        }
        String before = cluster.claimConfiguration(by);
        if (before == null) return true;
        String unfinished = dev.palisade.state.redis.ClusterStore.UNFINISHED;
        // nodes started together: one claims and applies, the others wait for it rather than apply it too
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                dev.palisade.state.redis.ClusterStore.LEASE_MILLIS + 1_000);
        while (before != null && before.startsWith(unfinished) && cluster.configurationBeingApplied()
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("--config: interrupted while another node applied the file", e);
            }
            before = cluster.configurationRecord();
        }
        if (before == null) before = "";
        boolean sameFile = before.startsWith(digest + " ") || before.startsWith(unfinished + digest + " ");
        // the same file again (every node's unit names it, a rolling restart): the cluster's configuration,
        // with the live changes made since, stays; nothing to refuse
        if (!parsed.configOverwrite() && sameFile && !before.startsWith(unfinished)) return false;
        if (!parsed.configOverwrite() && !sameFile) {
            throw new IllegalArgumentException(before.startsWith(unfinished)
                    ? "--config: another file was being applied to this cluster and did not finish (" + before.substring(
                            unfinished.length()) + "). Start with that file again to finish it, or add --config-overwrite"
                            + " to apply this one instead"
                    : "--config: this cluster was configured before (" + before + "); its configuration, with every"
                            + " change made since, is kept. Start without --config, or add --config-overwrite to replace"
                            + " it with the file");
        }
        cluster.overwroteConfiguration(by);
        return true;
    }

    /** How the cluster's record names this node's application of the file: the file's digest first. */
    static String claimText(PalisadeServer server, CommandLine.Parsed parsed) {
        return digest(parsed.configFile()) + " " + parsed.configFile().getFileName() + " through "
                + server.adminUri().getAuthority() + " at " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The configuration file's SHA-256, which tells the same file applied again from another. */
    private static String digest(java.nio.file.Path file) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file))).substring(0, 16);
        } catch (java.io.IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("--config: cannot read " + file + " again (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static int serve(CommandLine.Parsed parsed, PrintStream out) throws Exception {
        ServerConfig config = parsed.config();
        PalisadeServer server = open(parsed);
        DenialLog denials = DenialLog.start(server.engine().events(), out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            denials.close();
            server.close();
        }, "palisade-shutdown"));
        for (String line : banner(config, server)) out.println(line);
        out.println("Each refused call is a line below (at most " + DenialLog.LINES_PER_SECOND + " a second).");
        out.println("Stop with Ctrl+C.");
        server.join();
        return 0;
    }

    /** What the terminal shows once the server runs: where everything is, and what to look out for. */
    static List<String> banner(ServerConfig config, PalisadeServer server) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        out.add("Palisade is running.");
        out.add("  client page and API: " + server.apiUri() + "/");
        out.add("  admin API:           " + server.adminUri() + "/admin/ (an index; every resource needs the token in "
                + config.dataDir().resolve(DataDirectory.ADMIN_TOKEN_FILE) + ")");
        out.add("  data directory:      " + config.dataDir());
        if (config.upstream() != null) {
            var routes = server.engine().proxyRoutes();
            out.add("  protecting:          " + config.upstream() + " (client pages " + routes.clientPages()
                    + ", public paths " + routes.publicPaths() + ", everything else signed and checked)");
        }
        if (config.upstream() != null || server.decideUri() != null) { // behind a gateway the app needs it too
            out.add("  upstream.key:        " + config.dataDir().resolve(DataDirectory.UPSTREAM_KEY_FILE)
                    + (server.upstreamKeyMade() ? " (made now: give it to your app, which" : " (your app")
                    + " verifies Palisade's signature with it: middleware/ in the repository)");
        }
        if (server.selfSignedCertificate() != null) {
            var made = server.selfSignedCertificate();
            out.add("  TLS certificate:     " + made.cert() + (made.fresh() ? " (made now)" : "") + ", a development certificate for "
                    + config.tls().selfSignedNames());
            out.add("                       SHA-256 " + made.sha256());
            out.add("                       Chromium: --ignore-certificate-errors-spki-list=" + made.spkiSha256());
        }
        if (server.certificateWarning() != null) out.add("  warning: " + server.certificateWarning() + ".");
        String unfinished = server.cluster() == null ? dev.palisade.config.UnfinishedConfig.of(config.dataDir()) : null;
        if (unfinished != null) out.add("  warning: " + dev.palisade.config.UnfinishedConfig.warning(unfinished) + ".");
        if (config.tls() == null && !isLoopback(config.bindHost())) {
            out.add("  warning: the client page is served over plain http on " + config.bindHost() + ": browsers give palisade.js"
                    + " its crypto (crypto.subtle) only on https or localhost pages, so clients on other machines cannot log in."
                    + " Serve TLS with --tls-cert and --tls-key (or --tls-self-signed for development).");
        }
        if (server.decideUri() != null) {
            out.add("  gateway decisions:   " + server.decideUri() + " (any path; the gateway names the call in"
                    + " X-Forwarded-Method/-Uri or X-Original-Method/-URI: docs/gateways.md)");
            if (server.engine().fingerprintPolicy().trustedProxies().isEmpty() && server.engine().settings().autoBlockDenials() > 0) {
                out.add("  warning: no trusted proxies are set, so every gateway decision's caller is the gateway's own address:"
                        + " one caller's refusals would auto-block every caller. List the gateway in the fingerprint policy's"
                        + " trustedProxies (docs/gateways.md).");
            }
        }
        if (!isLoopback(config.bindHost())) {
            out.add("  note: the API listens on " + config.bindHost() + ", reachable from other machines");
        }
        if (!isLoopback(config.adminBindHost())) {
            out.add("  warning: the admin API listens on " + config.adminBindHost() + " over plain http: its tokens cross the"
                    + " network in clear. Keep it on 127.0.0.1 and reach it through an SSH tunnel"
                    + " (ssh -L " + config.adminPort() + ":127.0.0.1:" + config.adminPort() + " host)");
        }
        if (server.engine().users().list().isEmpty()) {
            out.add("  no users yet: add one with --add-user NAME, or POST /admin/users");
        }
        return out;
    }

    /**
     * Starts the server with the configuration file and the start's options in force before it answers a
     * call: one arriving meanwhile waits, rather than being decided without the file's blacklist or routes.
     */
    static PalisadeServer open(CommandLine.Parsed parsed) throws Exception {
        // read (and parse) before the start: a file that cannot be read never opens a listener
        dev.palisade.config.ConfigFile file = parsed.configFile() == null ? null : dev.palisade.config.ConfigFile.read(parsed.configFile());
        return PalisadeServer.start(parsed.config(), server -> {
            String unfinished = server.cluster() == null ? dev.palisade.config.UnfinishedConfig.of(server.config().dataDir()) : null;
            if (unfinished != null && file == null) {
                server.engine().configIncomplete(dev.palisade.config.UnfinishedConfig.warning(unfinished));
            }
            if (file != null) configure(server, parsed, file, System.getenv());
            parsed.applyRoutes(server.engine()); // options given at start win over the file
            server.noteSetAtStart(dev.palisade.config.SetAtStart.ofRouteOptions(parsed.publicPaths() != null,
                    parsed.clientPages() != null));
        });
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.startsWith("127.") || h.equalsIgnoreCase("localhost") || h.equalsIgnoreCase("localhost.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static int exportConfig(CommandLine.Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        ServerConfig config = parsed.config();
        if (config.cluster() == null && !java.nio.file.Files.exists(config.dataDir().resolve(SqliteStore.FILE_NAME))) {
            // a new database would be made there, and its defaults exported as if they were in force
            err.println("palisade: no " + SqliteStore.FILE_NAME + " in " + config.dataDir() + ": is --data-dir right?");
            return 2;
        }
        java.util.Map<String, Object> doc;
        try {
            doc = onTheStore(config, true, dev.palisade.config.ConfigExport::of);
        } catch (ServerLock.Held running) {
            err.println("palisade: " + running.getMessage() + ". Export from it: GET /admin/config/export?format=yaml"
                    + " on its admin API (the Bearer token is in " + config.dataDir().resolve(DataDirectory.ADMIN_TOKEN_FILE)
                    + "), or the console's Configuration view; or stop the server first");
            return 2;
        }
        java.nio.file.Path target = parsed.exportConfig();
        boolean stdout = target.toString().equals("-");
        String text = stdout || dev.palisade.config.ConfigFile.isYaml(target) ? dev.palisade.config.ConfigExport.yaml(doc)
                : dev.palisade.config.ConfigExport.json(doc);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        boolean tooLarge = bytes.length > dev.palisade.config.ConfigFile.MAX_BYTES;
        if (tooLarge) {
            err.println("palisade: the export is " + (bytes.length + (1 << 20) - 1) / (1 << 20) + " MiB, more than --config reads ("
                    + dev.palisade.config.ConfigFile.MAX_BYTES / (1024 * 1024) + " MiB): keep the large lists (the"
                    + " blacklist) in the database, or import them (POST /admin/blacklist/import), rather than in the file");
        }
        if (stdout) {
            out.print(text);
        } else {
            // written beside it, then put in its place: a server started meanwhile with it as --config never reads half
            dev.palisade.store.PrivateFiles.replaceKeeping(target, bytes);
            out.println("Configuration of " + config.dataDir() + " written to " + target);
        }
        // a start killed while applying a file left a mix in force: an export committed as it is would hide it
        String unfinished = config.cluster() == null ? dev.palisade.config.UnfinishedConfig.of(config.dataDir()) : null;
        if (unfinished != null) {
            err.println("palisade: " + dev.palisade.config.UnfinishedConfig.exportWarning(unfinished));
        }
        return tooLarge || unfinished != null ? 1 : 0; // written, to look at; a start with it would be refused
    }

    private static int addUser(CommandLine.Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        char[] password = password();
        if (password == null) {
            err.println("palisade: give the password on stdin or in PALISADE_USER_PASSWORD");
            return 2;
        }
        ServerConfig config = parsed.config();
        try {
            onTheStore(config, false, engine -> engine.operator(dev.palisade.engine.admin.Actor.OWNER).createUser(parsed.addUser(),
                    password));
        } catch (ServerLock.Held running) {
            err.println("palisade: " + running.getMessage() + "; it would not see a user added here. Add it there:"
                    + " POST /admin/users on its admin API, or the console's Users view; or stop the server first");
            return 2;
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        out.println("User " + parsed.addUser() + " created in " + (config.cluster() == null ? config.dataDir() : "the cluster"));
        return 0;
    }

    /**
     * Runs a one-shot command on the store a server of this configuration would use: with
     * {@code --cluster}, users, settings and keys are the cluster's, in Redis, and the node's own
     * database holds only its events, so a user added there could never log in.
     */
    private static <T> T onTheStore(ServerConfig config, boolean readOnly, java.util.function.Function<Engine, T> work)
            throws IOException {
        if (config.cluster() == null) {
            // the data directory's own database: not while a server runs on it (ServerLock)
            try (ServerLock lock = ServerLock.take(config.dataDir())) {
                DataDirectory.requireItsDatabase(config.dataDir(), SqliteStore.FILE_NAME); // --add-user would begin afresh too
                DataDirectory.refuseClusterNodes(config.dataDir());
                if (!readOnly) return onTheStore(config, config.dataDir(), false, work);
                // read from a copy: an engine on the database itself brings its schema up to date (an older
                // server then refuses it), marks the run, sweeps sessions and events, and takes the
                // unclean stop the next start should report
                // beside the database, on its disk and in its owner-only folder (keys are in it), not in a /tmp that may be small
                DataDirectory.removeUnfinishedCopies(config.dataDir());
                Path copy = java.nio.file.Files.createTempDirectory(config.dataDir(), DataDirectory.EXPORT_COPY_PREFIX);
                try {
                    SqliteBackup.Copy read = SqliteBackup.write(config.dataDir(), copy.resolve(SqliteStore.FILE_NAME));
                    // an unsound copy is not put in place: read, an empty database would export the shipped defaults
                    if (!read.sound()) {
                        throw new dev.palisade.engine.store.StoreException("the copy of " + config.dataDir() + "'s database"
                                + " failed its integrity check (" + read.integrity() + "): nothing exported", null);
                    }
                    return onTheStore(config, copy, true, work);
                } finally {
                    DataDirectory.deleteTree(copy);
                }
            }
        }
        // on a cluster the node's database holds only its events: the command's few go to one of its own,
        // so the node running on the data directory keeps it to itself
        Path scratch = java.nio.file.Files.createTempDirectory("palisade-command");
        try {
            return onTheStore(config, scratch, readOnly, work);
        } finally {
            DataDirectory.deleteTree(scratch);
        }
    }

    private static <T> T onTheStore(ServerConfig config, Path localDir, boolean readOnly,
                                    java.util.function.Function<Engine, T> work) {
        SqliteStore local = SqliteStore.open(localDir);
        dev.palisade.engine.store.Store store = local;
        try {
            dev.palisade.engine.state.HotState hot = new dev.palisade.engine.MemoryHotState();
            if (config.cluster() != null) {
                dev.palisade.state.redis.ClusterKey key = dev.palisade.state.redis.ClusterKey.read(config.cluster().keyFile());
                dev.palisade.state.redis.RedisHotState redis = dev.palisade.state.redis.RedisHotState.connect(
                        config.cluster().url(), config.cluster().username(), config.cluster().password());
                if (readOnly && !redis.holdsACluster()) {
                    // no node ever started there (a mistyped database number): its defaults would be exported
                    redis.close();
                    throw new dev.palisade.config.ConfigException("no Palisade cluster in " + config.cluster()
                            + " (no node ever started there): is --cluster right?");
                }
                hot = redis;
                store = redis.store(local, key);
            }
            try (Engine engine = new Engine(store, config.clock(), PalisadeServer.engineOptions(config), new JettyAddressSets(),
                    dev.palisade.engine.Meter.NONE, hot)) {
                return work.apply(engine);
            }
        } finally {
            store.close(); // a cluster's closes the node's database with it
        }
    }

    /** {@code --backup FILE}: a consistent copy of the database, checked, while a server may be running on it. */
    private static int backup(CommandLine.Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        if (parsed.config().cluster() != null) {
            err.println("palisade: --backup copies a single node's database; with --cluster, users, settings, keys and sessions"
                    + " are in Redis, not there: back up Redis (its RDB or AOF file) and the cluster key file");
            return 2;
        }
        Path dataDir = parsed.config().dataDir();
        // it takes no lock (it copies under a running server), so it asks what the lock asks of root itself
        if (java.nio.file.Files.isDirectory(dataDir)) ServerLock.notRootInAnothersDirectory(dataDir, dataDir.toRealPath());
        SqliteBackup.Copy copy = SqliteBackup.write(dataDir, parsed.backup());
        if (!copy.sound()) {
            err.println("palisade: the copy for " + copy.file() + " failed its integrity check, so nothing was written there: "
                    + copy.integrity());
            return 1;
        }
        for (Path left : copy.leftoversRemoved()) {
            out.println("Removed " + left + ", left by an earlier backup that was stopped before it finished.");
        }
        boolean upstreamKey = java.nio.file.Files.exists(dataDir.resolve(DataDirectory.UPSTREAM_KEY_FILE));
        if (java.nio.file.Files.exists(dataDir.resolve(DataDirectory.NODE_ID_FILE))) {
            out.println("This directory holds a cluster node's " + DataDirectory.NODE_ID_FILE + ": while it runs in its cluster,"
                    + " its database holds its events only, and users, settings and keys are in Redis: back up Redis (its"
                    + " RDB or AOF file) and the cluster key file.");
        }
        out.println("Backup of " + dataDir.resolve(SqliteStore.FILE_NAME) + " written to " + copy.file() + " ("
                + copy.bytes() / 1024 + " KiB, integrity ok). " + (upstreamKey
                ? "admin.token and upstream.key are files beside the database: copy them too."
                : "admin.token is a file beside the database: copy it too."));
        return 0;
    }

    /** {@code --restore FILE}: a backup copy put back as the database, with the server stopped (its lock taken). */
    private static int restore(CommandLine.Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        if (parsed.config().cluster() != null) {
            err.println("palisade: --restore puts back a single node's database; with --cluster, users, settings, keys and"
                    + " sessions are in Redis: restore Redis (its RDB or AOF file)");
            return 2;
        }
        Path dataDir = parsed.config().dataDir();
        SqliteRestore.Restored done;
        try (ServerLock lock = ServerLock.take(dataDir)) {
            done = SqliteRestore.put(parsed.restore(), dataDir, java.time.Instant.now());
        } catch (ServerLock.Held running) {
            err.println("palisade: " + running.getMessage() + ": stop it first, a restore replaces the database under it");
            return 1;
        }
        out.println("Restored " + parsed.restore() + " as " + done.database() + " (" + done.bytes() / 1024 + " KiB, integrity ok).");
        if (!done.replacedKeptAs().isEmpty()) {
            out.println("What it replaced is kept as " + String.join(", ", done.replacedKeptAs().stream().map(Path::toString).toList())
                    + ": delete it once the restore is checked.");
        }
        out.println("The server's next start records a restored_backup event. What was revoked after the copy was taken"
                + " (operator tokens, API keys, sessions, blacklist entries) is in force again: revoke it again, or rotate.");
        if (!java.nio.file.Files.exists(dataDir.resolve(DataDirectory.ADMIN_TOKEN_FILE))) {
            out.println("There is no admin.token beside it: the start makes a new owner token; copy the one kept with the backup to keep the old.");
        }
        return 0;
    }

    /**
     * {@code --health}: what {@code GET /_palisade/health} says on this configuration's API listener; a
     * server still starting (connection refused) is asked again for up to {@link #HEALTH_WAIT}. Over TLS
     * the certificate is not checked, as Kubernetes' HTTPS probes do not: the probe asks a listener of
     * this machine for a status and sends nothing secret.
     */
    private static int health(ServerConfig config, PrintStream out, PrintStream err) throws Exception {
        String host = switch (config.bindHost()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> config.bindHost().contains(":") && !config.bindHost().startsWith("[")
                    ? "[" + config.bindHost() + "]" : config.bindHost();
        };
        boolean tls = config.tls() != null;
        URI uri = URI.create((tls ? "https://" : "http://") + host + ":" + config.port() + HealthHandler.HEALTH);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls) {
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true"); // this one-shot process only
            javax.net.ssl.SSLContext any = javax.net.ssl.SSLContext.getInstance("TLS");
            any.init(null, new javax.net.ssl.TrustManager[] {new AnyCertificate()}, null);
            builder.sslContext(any);
        }
        HttpClient client = builder.build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + HEALTH_WAIT.toNanos();
        while (true) {
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                out.println(answer.body());
                return answer.statusCode() == 200 ? 0 : 1;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    err.println("palisade: no answer from " + uri + ": " + e);
                    return 1;
                }
                Thread.sleep(500);
            }
        }
    }

    /** For {@link #health} over TLS only: the listener asked is this machine's own. */
    private static final class AnyCertificate implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a health probe is never a server");
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            // accepted: see health()
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
    }

    private static final Duration HEALTH_WAIT = Duration.ofSeconds(60);

    private static char[] password() throws IOException {
        String fromEnv = System.getenv("PALISADE_USER_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv.toCharArray();
        java.io.Console console = System.console();
        if (console != null) return console.readPassword("Password for the new user: ");
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isEmpty() ? null : line.toCharArray();
    }
}
