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
                    "pooled connections to the upstream at most (default 256)"),
            new Option("--client-page", "PALISADE_CLIENT_PAGE", "PATH",
                    "with --upstream: a path of your app's that is a client page (repeatable; default /; /prefix/* too)"),
            new Option("--public-path", "PALISADE_PUBLIC_PATH", "PATH",
                    "with --upstream: a path passed on without protection, e.g. /health or /static/* (repeatable)"),
            new Option("--recent-calls", "PALISADE_RECENT_CALLS", "N",
                    "allowed calls kept in memory for the console and the rollups, about 33 bytes each (default 1048576)"),
            new Option("--add-user", "PALISADE_ADD_USER", "NAME",
                    "create user NAME (password from stdin or PALISADE_USER_PASSWORD) and exit"),
            new Option("--backup", null, "FILE",
                    "write a consistent copy of the database in --data-dir to FILE (a new file; the server may be running) and exit"),
            new Option("--health", null, null,
                    "ask the server on --bind/--port for GET /_palisade/health, print its answer and exit: 0 when healthy"
                            + " (waits up to 60 s for a server that is starting)"),
            new Option("--help", null, null, "print this help and exit"));

    /**
     * What the command line asks for. {@code clientPages} and {@code publicPaths} are null unless
     * given; given, they replace the stored routes at start.
     */
    public record Parsed(ServerConfig config, String addUser, boolean help, List<String> clientPages,
                         List<String> publicPaths, Path backup, boolean health) {
        public Parsed(ServerConfig config, String addUser, boolean help) {
            this(config, addUser, help, null, null, null, false);
        }

        /** Applies the routes given at start (validated like PUT /admin/routes); nothing when none were given. */
        public void applyRoutes(dev.palisade.engine.Engine engine) {
            if (clientPages == null && publicPaths == null) return;
            dev.palisade.engine.config.ProxyRoutes now = engine.proxyRoutes();
            engine.operator(dev.palisade.engine.admin.Actor.OWNER).updateProxyRoutes(dev.palisade.engine.config.ProxyRoutes.validated(
                    publicPaths == null ? now.publicPaths() : publicPaths, clientPages == null ? now.clientPages() : clientPages));
        }
    }

    private CommandLine() {}

    public static Parsed parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> adminHosts = new ArrayList<>();
        Map<String, List<String>> repeated = new LinkedHashMap<>();
        for (String flag : List.of("--client-page", "--public-path", "--cors-origin")) {
            String fromEnv = env.get(find(flag).env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                List<String> list = new ArrayList<>();
                for (String v : fromEnv.split(",")) if (!v.isBlank()) list.add(v.trim());
                repeated.put(flag, list);
            }
        }
        String hostsFromEnv = env.get("PALISADE_ADMIN_HOST");
        if (hostsFromEnv != null) {
            for (String h : hostsFromEnv.split(",")) if (!h.isBlank()) adminHosts.add(h.trim());
        }
        for (Option o : OPTIONS) {
            if (o.env() != null && env.get(o.env()) != null && !env.get(o.env()).isBlank()) {
                values.put(o.flag(), env.get(o.env()).trim());
            }
        }
        boolean help = false;
        boolean health = false;
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
                if (a.equals("--health")) {
                    health = true;
                } else {
                    help = true;
                }
                continue;
            }
            if (inline == null) {
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs " + o.arg());
                inline = args[++i];
            }
            if (a.equals("--client-page") || a.equals("--public-path") || a.equals("--cors-origin")) {
                if (!values.containsKey("__cli" + a)) {
                    repeated.put(a, new ArrayList<>()); // arguments replace the variable's list
                    values.put("__cli" + a, "");
                }
                repeated.get(a).add(inline);
            } else if (a.equals("--admin-host")) {
                if (!inline.matches("[A-Za-z0-9.:\\[\\]-]{1,253}")) throw new IllegalArgumentException("--admin-host: not a host name: " + inline);
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
        if (!values.containsKey("--upstream") && !repeated.isEmpty()) {
            throw new IllegalArgumentException("--client-page and --public-path go with --upstream");
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
        if (values.containsKey("--recent-calls")) {
            config = config.withEngine(config.engine().withRecentCalls(whole(values, "--recent-calls", 1_024, 100_000_000)));
        }
        if (values.containsKey("--upstream")) {
            long timeout = 30;
            if (values.containsKey("--upstream-timeout")) {
                try {
                    timeout = Long.parseLong(values.get("--upstream-timeout"));
                } catch (NumberFormatException e) {
                    timeout = -1;
                }
                if (timeout < 1 || timeout > 3_600) throw new IllegalArgumentException("--upstream-timeout must be 1–3600 seconds");
            }
            try {
                config = config.withUpstream(java.net.URI.create(values.get("--upstream")), java.time.Duration.ofSeconds(timeout));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--upstream: " + e.getMessage());
            }
            if (values.containsKey("--upstream-connections")) {
                config = config.withUpstreamConnections(whole(values, "--upstream-connections", 1, 10_000));
            }
        }
        Path backup = values.containsKey("--backup") ? Path.of(values.get("--backup")) : null;
        if ((backup != null ? 1 : 0) + (health ? 1 : 0) + (values.containsKey("--add-user") ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--add-user, --backup and --health each do one thing: give one of them");
        }
        return new Parsed(config, values.get("--add-user"), help, repeated.get("--client-page"),
                repeated.get("--public-path"), backup, health);
    }

    /** A whole-number option within its bounds, or an error naming them. */
    private static int whole(Map<String, String> values, String flag, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(values.get(flag));
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) throw new IllegalArgumentException(flag + " must be " + min + "–" + max);
        return n;
    }

    /** Why the server could not start, in one line a user can act on (no stack trace). */
    public static String startFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return e.getMessage() + " (is another program, or another Palisade, using the port? choose others with"
                        + " --port and --admin-port)";
            }
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    public static String help() {
        List<String> lines = new ArrayList<>();
        lines.add("Usage: " + command(System.getProperty("jpackage.app-path")) + " [options]");
        lines.add("");
        lines.add("Runs the Palisade token service: the protected demo API and client page on --port,");
        lines.add("the admin API on --admin-port. Every option can also be set by its environment variable.");
        lines.add("");
        for (Option o : OPTIONS) {
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
        if (launcherPath == null || launcherPath.isBlank()) return "java -jar palisade-server.jar";
        return java.nio.file.Path.of(launcherPath).getFileName().toString();
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
