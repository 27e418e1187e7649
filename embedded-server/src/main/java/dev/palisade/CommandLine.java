package dev.palisade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's options, from arguments first, then {@code PALISADE_*} environment variables, then
 * defaults. Each option is declared once here, so {@code --help} always lists every one.
 */
public final class CommandLine {

    /** One option: its flag, environment variable, argument name and help text. */
    record Option(String flag, String env, String arg, String help) {}

    static final List<Option> OPTIONS = List.of(
            new Option("--port", "PALISADE_PORT", "PORT", "API port (default " + ServerConfig.DEFAULT_PORT + ")"),
            new Option("--admin-port", "PALISADE_ADMIN_PORT", "PORT",
                    "admin API port (default " + ServerConfig.DEFAULT_ADMIN_PORT + ")"),
            new Option("--bind", "PALISADE_BIND", "HOST",
                    "interface for the API (default 127.0.0.1; 0.0.0.0 opens it to the network on purpose)"),
            new Option("--admin-bind", "PALISADE_ADMIN_BIND", "HOST", "interface for the admin API (default 127.0.0.1)"),
            new Option("--admin-host", "PALISADE_ADMIN_HOST", "NAME",
                    "a host name the admin API answers to besides loopback ones (repeatable; comma-separated in the variable)"),
            new Option("--cors-origin", "PALISADE_CORS_ORIGIN", "ORIGIN",
                    "a page origin (e.g. http://localhost:5173) allowed to call the API from another port (repeatable; none by default)"),
            new Option("--idle-timeout", "PALISADE_IDLE_TIMEOUT", "SECONDS",
                    "close a connection idle this long (default 30)"),
            new Option("--header-timeout", "PALISADE_HEADER_TIMEOUT", "SECONDS",
                    "close a connection whose request headers take longer (default 10; slow clients)"),
            new Option("--data-dir", "PALISADE_DATA_DIR", "DIR",
                    "where the database and admin.token live (default " + DataDirectory.defaultPath() + ")"),
            new Option("--upstream", "PALISADE_UPSTREAM", "URL",
                    "protect your own API at URL as a reverse proxy instead of the demo API"),
            new Option("--upstream-timeout", "PALISADE_UPSTREAM_TIMEOUT", "SECONDS",
                    "how long a call may wait for the upstream (default 30; then 504)"),
            new Option("--upstream-connections", "PALISADE_UPSTREAM_CONNECTIONS", "N",
                    "pooled connections to the upstream at most, for the calls and for the client pages each (default 256)"),
            new Option("--tls-cert", "PALISADE_TLS_CERT", "FILE",
                    "serve the API over TLS (and HTTP/2) with this PEM certificate chain; with --tls-key"),
            new Option("--tls-key", "PALISADE_TLS_KEY", "FILE", "the PEM private key of --tls-cert"),
            new Option("--tls-self-signed", "PALISADE_TLS_SELF_SIGNED", null,
                    "serve the API over TLS with a development certificate kept in the data directory"),
            new Option("--tls-name", "PALISADE_TLS_NAME", "NAME",
                    "a name or address of --tls-self-signed's certificate (repeatable; default localhost, 127.0.0.1, ::1 and --bind)"),
            new Option("--hsts", "PALISADE_HSTS", "SECONDS",
                    "with TLS: send Strict-Transport-Security with this max-age (default 0: none)"),
            new Option("--decide-port", "PALISADE_DECIDE_PORT", "PORT",
                    "answer a gateway's decision requests (nginx auth_request, Caddy forward_auth) on PORT (off by default)"),
            new Option("--decide-bind", "PALISADE_DECIDE_BIND", "HOST",
                    "interface for the decision listener (default 127.0.0.1: only the gateway should reach it)"),
            new Option("--cluster", "PALISADE_CLUSTER", "URL",
                    "share state with the other nodes through Redis (sessions, nonces, rate windows, throttles, configuration):"
                            + " redis://[user@]host:port/db or rediss://… (password: PALISADE_CLUSTER_PASSWORD or --cluster-password-file)"),
            new Option("--cluster-password-file", "PALISADE_CLUSTER_PASSWORD_FILE", "FILE",
                    "with --cluster: read Redis's password from FILE (its first line)"),
            new Option("--cluster-key-file", "PALISADE_CLUSTER_KEY_FILE", "FILE",
                    "with --cluster: the cluster key, the same file on every node (32 random bytes in base64:"
                            + " head -c 32 /dev/urandom | base64 > cluster.key); the secrets kept in Redis are sealed with it"),
            new Option("--upstream-key-replace", "PALISADE_UPSTREAM_KEY_REPLACE", null,
                    "with --cluster: this node's upstream.key replaces the cluster's (a rotation: the apps hold both keys"
                            + " meanwhile; restart the other nodes after it, and they sign with it too)"),
            new Option("--client-page", "PALISADE_CLIENT_PAGE", "PATH",
                    "with --upstream: a path of your app's that is a client page (repeatable; default /; /prefix/* too)"),
            new Option("--public-path", "PALISADE_PUBLIC_PATH", "PATH",
                    "with --upstream or --decide-port: a path passed on without protection, e.g. /health or /static/* (repeatable)"),
            new Option("--recent-calls", "PALISADE_RECENT_CALLS", "N",
                    "allowed calls kept in memory for the console and the rollups, about 33 bytes each (default 1048576)"),
            new Option("--config", "PALISADE_CONFIG", "FILE",
                    "apply palisade.yaml (or .json) at start: routes, settings, windows, rules, fingerprint, blacklist, users"),
            new Option("--config-overwrite", "PALISADE_CONFIG_OVERWRITE", null,
                    "with --config on a cluster that was configured before: apply the file anyway (without it, refused)"),
            new Option("--export-config", null, "FILE",
                    "write the configuration in force to FILE (.yaml or .json; - for stdout) and exit (with the server stopped; a running one answers GET /admin/config/export)"),
            new Option("--add-user", "PALISADE_ADD_USER", "NAME",
                    "create user NAME (password from stdin or PALISADE_USER_PASSWORD) and exit (with the server stopped; a running one takes POST /admin/users)"),
            new Option("--backup", null, "FILE",
                    "write a consistent copy of the database in --data-dir to FILE (a new file; the server may be running) and exit"),
            new Option("--restore", null, "FILE",
                    "put the --backup copy FILE back as the database in --data-dir and exit (with the server stopped; the"
                            + " database it replaces is kept beside it)"),
            new Option("--health", null, null,
                    "ask the server on --bind/--port for GET /_palisade/health, print its answer and exit: 0 when healthy"
                            + " (waits up to 60 s for a server that is starting)"),
            new Option("--help", null, null, "print this help and exit"));

    /**
     * What the command line asks for. {@code clientPages} and {@code publicPaths} are null unless
     * given; given, they replace the stored routes at start.
     */
    public record Parsed(ServerConfig config, String addUser, boolean help, List<String> clientPages,
                         List<String> publicPaths, Path configFile, Path exportConfig, Path backup, Path restore, boolean health,
                         boolean configOverwrite) {
        public Parsed(ServerConfig config, String addUser, boolean help) {
            this(config, addUser, help, null, null, null, null, null, null, false, false);
        }

        /** Applies the routes given at start (validated like PUT /admin/routes); nothing when none were given. */
        public void applyRoutes(dev.palisade.engine.Engine engine) {
            if (clientPages == null && publicPaths == null) return;
            dev.palisade.engine.config.ProxyRoutes now = engine.proxyRoutes();
            try {
                applyRoutes(engine, now);
            } catch (dev.palisade.engine.InvalidInputException e) {
                // named as the flags, not as the stored document's lists the user never wrote
                throw new IllegalArgumentException("--public-path/--client-page: " + e.getMessage().replace("publicPaths", "--public-path")
                        .replace("clientPages", "--client-page") + " (given ones replace the stored list; a path is public or a"
                        + " client page, not both)", e);
            }
        }

        private void applyRoutes(dev.palisade.engine.Engine engine, dev.palisade.engine.config.ProxyRoutes now) {
            engine.operator(dev.palisade.engine.admin.Actor.OWNER).updateProxyRoutes(dev.palisade.engine.config.ProxyRoutes.validated(
                    // a flag given twice with one path means it once
                    publicPaths == null ? now.publicPaths() : publicPaths.stream().distinct().toList(),
                    clientPages == null ? now.clientPages() : clientPages.stream().distinct().toList()));
        }
    }

    /** A host name or address the admin listener may be asked for by (its {@code Host} header). */
    private static final String ADMIN_HOST = "[A-Za-z0-9.:\\[\\]-]{1,253}";

    private CommandLine() {}

    /**
     * A switch's value, from its variable or {@code --flag=value}: {@code TRUE} or {@code on} in
     * /etc/default/palisade-server was taken for false, and the API started over plain HTTP.
     */
    private static boolean switchedOn(Map<String, String> values, String flag) {
        String v = values.get(flag);
        if (v == null) return false;
        String word = v.strip().toLowerCase(java.util.Locale.ROOT);
        if (List.of("true", "1", "yes", "on").contains(word)) return true;
        if (List.of("false", "0", "no", "off").contains(word)) return false;
        throw new IllegalArgumentException(flag + " (" + find(flag).env() + "): '" + v
                + "' is neither on (true, 1, yes, on) nor off (false, 0, no, off)");
    }

    public static Parsed parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> adminHosts = new ArrayList<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (String flag : List.of("--client-page", "--public-path", "--cors-origin", "--tls-name")) {
            String fromEnv = env.get(find(flag).env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                List<String> list = new ArrayList<>();
                for (String v : fromEnv.split(",")) if (!v.isBlank()) list.add(v.trim());
                repeated.put(flag, list);
            }
        }
        String hostsFromEnv = env.get("PALISADE_ADMIN_HOST");
        if (hostsFromEnv != null) {
            for (String h : hostsFromEnv.split(",")) {
                if (h.isBlank()) continue;
                // checked as the flag's are: a typo such as "admin.example.com/" matched no Host, without a word
                if (!h.trim().matches(ADMIN_HOST)) throw new IllegalArgumentException("PALISADE_ADMIN_HOST: not a host name: " + h.trim());
                adminHosts.add(h.trim());
            }
        }
        for (Option o : OPTIONS) {
            if (o.env() != null && env.get(o.env()) != null && !env.get(o.env()).isBlank()) {
                values.put(o.flag(), env.get(o.env()).trim());
            }
        }
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                inline = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            Option o = find(a);
            if (o == null) throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            if (o.arg() == null) {
                if (inline != null && (a.equals("--help") || a.equals("--health"))) {
                    throw new IllegalArgumentException(a + " takes no value (" + args[i] + ")");
                }
                if (a.equals("--help")) help = true;
                else values.put(a, inline == null ? "true" : inline); // --tls-self-signed=false says so
                continue;
            }
            if (inline == null) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs " + o.arg());
                inline = args[++i];
            }
            if (a.equals("--client-page") || a.equals("--public-path") || a.equals("--cors-origin") || a.equals("--tls-name")) {
                if (!values.containsKey("__cli" + a)) {
                    repeated.put(a, new ArrayList<>()); // arguments replace the variable's list
                    values.put("__cli" + a, "");
                }
                repeated.get(a).add(inline);
            } else if (a.equals("--admin-host")) {
                if (!inline.matches(ADMIN_HOST)) throw new IllegalArgumentException("--admin-host: not a host name: " + inline);
                adminHosts.add(inline);
            } else {
                values.put(a, inline);
            }
        }
        values.remove("--admin-host");
        List<String> corsOrigins = repeated.remove("--cors-origin");
        if (corsOrigins == null) corsOrigins = List.of();
        for (String o : corsOrigins) {
            if (!o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+")) {
                throw new IllegalArgumentException("--cors-origin: an origin is scheme://host[:port] without a path: " + o);
            }
        }
        if (!values.containsKey("--upstream") && repeated.containsKey("--client-page")) {
            throw new IllegalArgumentException("--client-page goes with --upstream");
        }
        if (!values.containsKey("--upstream") && !values.containsKey("--decide-port") && repeated.containsKey("--public-path")) {
            throw new IllegalArgumentException("--public-path goes with --upstream or --decide-port");
        }
        if (values.containsKey("--decide-bind") && !values.containsKey("--decide-port")) {
            throw new IllegalArgumentException("--decide-bind goes with --decide-port");
        }
        ServerConfig config = ServerConfig.defaults();
        if (values.containsKey("--data-dir")) config = config.withDataDir(Path.of(values.get("--data-dir")));
        if (values.containsKey("--bind")) config = config.withBind(values.get("--bind"));
        if (values.containsKey("--admin-bind")) config = config.withAdminBind(values.get("--admin-bind"));
        int port = values.containsKey("--port") ? port(values.get("--port"), "--port") : config.port();
        int adminPort = values.containsKey("--admin-port")
                ? port(values.get("--admin-port"), "--admin-port") : config.adminPort();
        config = config.withPorts(port, adminPort);
        ServerConfig.Listeners d = ServerConfig.Listeners.DEFAULTS;
        config = config.withListeners(new ServerConfig.Listeners(adminHosts,
                seconds(values, "--idle-timeout", d.idleTimeout()), seconds(values, "--header-timeout", d.headerTimeout()),
                corsOrigins));
        List<String> tlsNames = repeated.remove("--tls-name");
        boolean selfSigned = switchedOn(values, "--tls-self-signed");
        if (selfSigned || values.containsKey("--tls-cert") || values.containsKey("--tls-key")) {
            List<String> names = new ArrayList<>();
            if (!selfSigned && tlsNames != null) {
                // taken without a word and ignored, it read as choosing or checking the name served
                throw new IllegalArgumentException("--tls-name names what --tls-self-signed's certificate is made for;"
                        + " --tls-cert serves the names its certificate holds");
            }
            if (selfSigned) {
                if (tlsNames != null) {
                    for (String n : tlsNames) {
                        if (!n.matches("[A-Za-z0-9.:-]{1,253}")) throw new IllegalArgumentException("--tls-name: not a host name or address: " + n);
                        // 127.000.0.1 went in as a DNS name no browser asks for: it normalises the address it is given
                        // and a name whose last label is a number (0x7f.1, shop.1) a browser reads as IPv4 (WHATWG URL)
                        if (n.matches("[0-9.]+|.*:.*|(.*\\.)?([0-9]+|0[xX][0-9A-Fa-f]*)\\.?") && dev.palisade.engine.IpLiteral.parse(n) == null) {
                            throw new IllegalArgumentException("--tls-name: not an address as browsers write it: " + n
                                    + " (e.g. 10.0.0.5, ::1)");
                        }
                        names.add(n);
                    }
                } else {
                    names.addAll(List.of("localhost", "127.0.0.1", "::1"));
                    String bind = config.bindHost();
                    if (!names.contains(bind) && !bind.equals("0.0.0.0") && !bind.equals("::")) names.add(bind);
                }
            }
            try {
                config = config.withTls(new ServerConfig.Tls(values.containsKey("--tls-cert") ? Path.of(values.get("--tls-cert")) : null,
                        values.containsKey("--tls-key") ? Path.of(values.get("--tls-key")) : null, names,
                        values.containsKey("--hsts") ? whole(values, "--hsts", 0, 63_072_000) : 0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        } else if (values.containsKey("--hsts") || tlsNames != null) {
            throw new IllegalArgumentException((tlsNames != null ? "--tls-name" : "--hsts") + " goes with TLS (--tls-self-signed, or --tls-cert and --tls-key)");
        }
        if (values.containsKey("--decide-port")) {
            int decidePort = port(values.get("--decide-port"), "--decide-port");
            String decideBind = values.getOrDefault("--decide-bind", ServerConfig.LOOPBACK);
            if (decidePort != 0 && (decidePort == port || decidePort == adminPort)) {
                throw new IllegalArgumentException("--decide-port must differ from --port and --admin-port");
            }
            config = config.withDecide(new ServerConfig.Decide(decideBind, decidePort));
        }
        boolean replaceKey = switchedOn(values, "--upstream-key-replace");
        if (values.containsKey("--cluster")) {
            ServerConfig.Cluster c = cluster(values.get("--cluster"), values.get("--cluster-password-file"),
                    env.get("PALISADE_CLUSTER_PASSWORD"), values.get("--cluster-key-file"));
            config = config.withCluster(new ServerConfig.Cluster(c.url(), c.username(), c.password(), c.keyFile(), replaceKey));
        } else if (replaceKey) {
            throw new IllegalArgumentException("--upstream-key-replace goes with --cluster (a single server signs with its"
                    + " upstream.key as it is)");
        } else if (values.containsKey("--cluster-password-file") || values.containsKey("--cluster-key-file")) {
            throw new IllegalArgumentException((values.containsKey("--cluster-key-file") ? "--cluster-key-file"
                    : "--cluster-password-file") + " goes with --cluster");
        }
        if (values.containsKey("--recent-calls")) {
            config = config.withEngine(config.engine().withRecentCalls(whole(values, "--recent-calls", 1_024, 100_000_000)));
        }
        for (String flag : List.of("--upstream-timeout", "--upstream-connections")) {
            // taken without a word and ignored, a typo or a forgotten --upstream went unnoticed
            if (values.containsKey(flag) && !values.containsKey("--upstream")) {
                throw new IllegalArgumentException(named(flag) + " goes with --upstream");
            }
        }
        if (values.containsKey("--upstream")) {
            long timeout = values.containsKey("--upstream-timeout") ? whole(values, "--upstream-timeout", 1, 3_600) : 30;
            String upstream = values.get("--upstream");
            try {
                // ServerConfig refuses user info in a URL that parses
                config = config.withUpstream(new java.net.URI(upstream), java.time.Duration.ofSeconds(timeout));
            } catch (java.net.URISyntaxException e) {
                // its message quotes the input whole, a password too
                throw new IllegalArgumentException("--upstream: not a URL (" + e.getReason() + "): "
                        + ServerConfig.Cluster.withoutUserInfo(upstream));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--upstream: " + e.getMessage());
            }
            if (values.containsKey("--upstream-connections")) {
                config = config.withUpstreamConnections(whole(values, "--upstream-connections", 1, 10_000));
            }
        }
        if (values.containsKey("--export-config") && (values.containsKey("--add-user") || values.containsKey("--config"))) {
            throw new IllegalArgumentException("--export-config writes the configuration in force and exits: not with --add-user or --config");
        }
        boolean overwrite = switchedOn(values, "--config-overwrite");
        if (overwrite && !values.containsKey("--config")) throw new IllegalArgumentException("--config-overwrite goes with --config");
        Path backup = values.containsKey("--backup") ? Path.of(values.get("--backup")) : null;
        Path restore = values.containsKey("--restore") ? Path.of(values.get("--restore")) : null;
        boolean health = values.containsKey("--health");
        if ((backup != null ? 1 : 0) + (restore != null ? 1 : 0) + (health ? 1 : 0) + (values.containsKey("--add-user") ? 1 : 0)
                + (values.containsKey("--export-config") ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--add-user, --backup, --restore, --health and --export-config each do one thing:"
                    + " give one of them");
        }
        if (restore != null && values.containsKey("--config")) {
            throw new IllegalArgumentException("--restore puts a backup in place and exits: not with --config (start the server with it after)");
        }
        return new Parsed(config, values.get("--add-user"), help, repeated.get("--client-page"),
                repeated.get("--public-path"), values.containsKey("--config") ? Path.of(values.get("--config")) : null,
                values.containsKey("--export-config") ? Path.of(values.get("--export-config")) : null, backup, restore, health,
                overwrite);
    }

    /** The cluster's Redis, its password from the file or the environment (never from the command line). */
    private static ServerConfig.Cluster cluster(String url, String passwordFile, String passwordEnv, String keyFile) {
        ServerConfig.Cluster.refusePassword(url);
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            // its message quotes the input whole
            throw new IllegalArgumentException("--cluster: not a URL (" + e.getReason() + "): "
                    + ServerConfig.Cluster.withoutUserInfo(url));
        }
        char[] password = null;
        if (passwordFile != null) {
            try {
                password = dev.palisade.config.PasswordFile.firstLine(Path.of(passwordFile)).toCharArray();
            } catch (java.io.IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("--cluster-password-file: cannot read " + passwordFile + " ("
                        + (e instanceof java.io.IOException io ? dev.palisade.config.FileTrouble.why(io)
                        : e instanceof java.io.UncheckedIOException u ? dev.palisade.config.FileTrouble.why(u.getCause()) : "not a path") + ")");
            }
            if (password.length == 0) throw new IllegalArgumentException("--cluster-password-file: " + passwordFile + " is empty");
        } else if (passwordEnv != null && !passwordEnv.isEmpty()) {
            password = passwordEnv.toCharArray();
        }
        String user = uri.getRawUserInfo() == null || uri.getRawUserInfo().contains(":") ? null : uri.getUserInfo();
        if (user != null && password == null) {
            // not quoted: redis-cli and Lettuce read a lone user info as the password
            throw new IllegalArgumentException("--cluster names a user (before the @) but no password was given"
                    + " (PALISADE_CLUSTER_PASSWORD or --cluster-password-file)");
        }
        return new ServerConfig.Cluster(uri, user, password, keyFile == null ? null : Path.of(keyFile));
    }

    /** A whole-number option within its bounds, or an error naming them. */
    private static int whole(Map<String, String> values, String flag, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(values.get(flag));
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(named(flag) + " must be " + min + "–" + max + ": '" + values.get(flag) + "'");
        }
        return n;
    }

    /** A flag and its variable, as an error names them: the value may have come from either. */
    private static String named(String flag) {
        String env = find(flag).env();
        return env == null ? flag : flag + " (" + env + ")";
    }

    /** Why the server could not start, in one line a user can act on (no stack trace). */
    public static String startFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ServerLock.Held) {
                return t.getMessage() + ": each server needs a data directory of its own (choose another with --data-dir)";
            }
            if (t instanceof java.net.BindException) {
                return e.getMessage() + " (is another program, or another Palisade, using the port? choose others with"
                        + " --port and --admin-port)";
            }
            if (t instanceof java.sql.SQLException sql) {
                String remedy = sqliteRemedy(sql.getErrorCode() & 0xff);
                if (remedy != null) return (e.getMessage() == null ? e.toString() : e.getMessage()) + " (" + remedy + ")";
            }
            // a file exception's message is its path alone: said with why, unless a message of ours says more
            if (t instanceof java.nio.file.FileSystemException f && (e.getMessage() == null
                    || e.getMessage().equals(f.getMessage()) || e.getMessage().equals(f.toString()))) {
                return "cannot use " + f.getFile() + ": " + dev.palisade.config.FileTrouble.why(f);
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /**
     * What to do about a database the start could not use, by SQLite's primary result code; null when the message says
     * enough. The raw text ("disk I/O error within xShmMap", "file is not a database") named no next step (persist55 L4).
     */
    static String sqliteRemedy(int primaryCode) {
        return switch (primaryCode) {
            case 13, 10 -> "is the disk full? free space on the data directory's file system, then start again";
            case 11, 26 -> "the database is damaged or not Palisade's: put a backup back with --restore FILE";
            case 8 -> "the database cannot be written: check the data directory's and palisade.db's owner and permissions";
            case 14 -> "the database cannot be opened: check that the data directory exists and is this user's";
            default -> null;
        };
    }

    public static String help() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + command(System.getProperty("jpackage.app-path")) + " [options]");
        lines.add("");
        lines.add("Runs the Palisade token service: the protected demo API and client page on --port,");
        lines.add("the admin API on --admin-port.");
        lines.add(ENVIRONMENT);
        lines.add("");
        lines.add(options(List.of()));
        return String.join(System.lineSeparator(), lines);
    }

    /** How the options' environment variables are read, for the server's help and the console's. */
    public static final String ENVIRONMENT = String.join(System.lineSeparator(),
            "Every option can also be set by its environment variable; an argument wins over its variable",
            "(a repeatable one's list replaces the variable's whole list). A repeatable option's variable takes",
            "a comma-separated list; a switch's takes true or false (also 1/0, yes/no, on/off).");

    /** One line per option, {@code leftOut} left out. */
    public static String options(java.util.Collection<String> leftOut) {
        List<String> lines = new ArrayList<>();
        for (Option o : OPTIONS) {
            if (leftOut.contains(o.flag())) continue;
            String left = o.flag() + (o.arg() == null ? "" : " " + o.arg());
            String env = o.env() == null ? "" : "  [" + o.env() + "]";
            lines.add(String.format("  %-22s %s%s", left, o.help(), env));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /**
     * How the user started this program: the installed launcher's own name (jpackage tells its path
     * in {@code jpackage.app-path}), else the jar.
     */
    static String command(String launcherPath) {
        return command(launcherPath, "palisade-server.jar");
    }

    /** How the user started this program: the installed launcher's name, else {@code java -jar <jar>}. */
    public static String command(String launcherPath, String jar) {
        if (launcherPath == null || launcherPath.isBlank()) return "java -jar " + jar;
        return java.nio.file.Path.of(launcherPath).getFileName().toString();
    }

    /** The environment variable that sets {@code flag}, or null when only the flag does. */
    public static String envOf(String flag) {
        return find(flag).env();
    }

    private static Option find(String flag) {
        for (Option o : OPTIONS) {
            if (o.flag().equals(flag)) return o;
        }
        return null;
    }

    private static java.time.Duration seconds(Map<String, String> values, String flag, java.time.Duration otherwise) {
        String v = values.get(flag);
        if (v == null) return otherwise;
        try {
            long s = Long.parseLong(v);
            if (s >= 1 && s <= 3_600) return java.time.Duration.ofSeconds(s);
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be 1–3600 seconds, not '" + v + "'");
    }

    private static int port(String value, String flag) {
        try {
            int p = Integer.parseInt(value);
            if (p >= 0 && p <= 65_535) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a port number (0–65535), not '" + value + "'");
    }
}
