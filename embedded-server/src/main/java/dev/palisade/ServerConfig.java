package dev.palisade;

import dev.palisade.engine.EngineOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * How to start a server: where to listen, where data lives, and engine start-up options.
 * Port 0 picks a free port (tests).
 *
 * @param bindHost      interface for the API listener; 127.0.0.1 unless opened on purpose
 * @param adminBindHost interface for the admin listener
 */
public record ServerConfig(String bindHost, int port, String adminBindHost, int adminPort, Path dataDir,
                           Clock clock, EngineOptions engine, java.net.URI upstream, java.time.Duration upstreamTimeout,
                           int upstreamConnections, Listeners listeners, Decide decide, Tls tls, Cluster cluster) {

    /**
     * TLS on the API listener, or none (plain HTTP).
     *
     * @param certFile         PEM certificate chain, or null with {@code selfSignedNames}
     * @param keyFile          PEM private key, or null with {@code selfSignedNames}
     * @param selfSignedNames  names (hosts, addresses) of a development certificate kept in the data directory; empty with files
     * @param hstsSeconds      Strict-Transport-Security max-age, 0 for none
     */
    public record Tls(Path certFile, Path keyFile, List<String> selfSignedNames, long hstsSeconds) {
        public Tls {
            selfSignedNames = selfSignedNames == null ? List.of() : List.copyOf(selfSignedNames);
            if ((certFile == null) != (keyFile == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            if (certFile == null && selfSignedNames.isEmpty()) throw new IllegalArgumentException("TLS needs a certificate: --tls-cert and --tls-key, or --tls-self-signed");
            if (certFile != null && !selfSignedNames.isEmpty()) throw new IllegalArgumentException("--tls-self-signed or --tls-cert, not both");
            if (hstsSeconds < 0 || hstsSeconds > 63_072_000) throw new IllegalArgumentException("--hsts must be 0–63072000 seconds");
        }

        public boolean selfSigned() { return certFile == null; }
    }

    /**
     * The cluster's Redis ({@code --cluster}), or none.
     *
     * @param url      {@code redis://host:port/db} or {@code rediss://…}; a user name may come before the host,
     *                 a password never does (it would show in process lists and logs)
     * @param username an ACL user, or null for Redis's {@code default}
     * @param password null when Redis asks for none
     * @param keyFile  the cluster key (32 random bytes in base64), the same file on every node: the secrets
     *                 kept in Redis are sealed with it
     */
    /**
     * @param replaceUpstreamKey this node's {@code upstream.key} replaces the one the cluster keeps ({@code
     *                           --upstream-key-replace}: a rotation), instead of being replaced by it
     */
    public record Cluster(java.net.URI url, String username, char[] password, Path keyFile, boolean replaceUpstreamKey) {
        public Cluster(java.net.URI url, String username, char[] password, Path keyFile) {
            this(url, username, password, keyFile, false);
        }

        public Cluster {
            Objects.requireNonNull(url, "url");
            refusePassword(url.toString());
            if (keyFile == null) {
                throw new IllegalArgumentException("--cluster needs --cluster-key-file, the same file on every node; make one with:"
                        + " head -c 32 /dev/urandom | base64 > cluster.key; chmod 600 cluster.key");
            }
            if (!List.of("redis", "rediss").contains(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException("--cluster must be redis://host:port/db or rediss://host:port/db, not "
                        + withoutUserInfo(url.toString()));
            }
            String path = url.getPath() == null ? "" : url.getPath();
            if (!path.isEmpty() && !path.matches("/\\d{1,4}")) {
                throw new IllegalArgumentException("--cluster: the path is the database number, e.g. redis://host:6379/0, not " + path);
            }
        }

        /**
         * Refuses a URL with a password, checked first and on the text as given: Java's URI finds no user
         * info (nor host) in {@code redis://:pw@redis_primary:6379}, and a URL that does not parse at all
         * would otherwise be quoted in the error.
         */
        public static void refusePassword(String url) {
            String userInfo = userInfo(url);
            if (userInfo != null && userInfo.contains(":")) {
                throw new IllegalArgumentException("--cluster: give the password in PALISADE_CLUSTER_PASSWORD or"
                        + " --cluster-password-file, not in the URL (it would show in process lists and logs)");
            }
        }

        /** The URL as an error may quote it: {@code //user:password@} shown as {@code //***@}. */
        public static String withoutUserInfo(String url) {
            String userInfo = userInfo(url);
            return userInfo == null ? url : url.replace("//" + userInfo + "@", "//***@");
        }

        /**
         * What stands between {@code //} and the last {@code @}, or null: a password may hold any character
         * ({@code @}, {@code /}, a space), so the last {@code @} ends it, parsed or not.
         */
        private static String userInfo(String url) {
            int start = url.indexOf("//");
            int at = url.lastIndexOf('@');
            return start < 0 || at < start + 2 ? null : url.substring(start + 2, at);
        }

        /**
         * The URL for the start banner, its user info as {@code ***}: it holds no password, but other
         * tools read a lone user info ({@code redis://secret@host}) as one.
         */
        @Override
        public String toString() { return withoutUserInfo(url.toString()); }
    }

    /**
     * The gateway's decision listener ({@code --decide-port}), or none.
     *
     * @param bindHost interface to listen on; 127.0.0.1 unless opened on purpose (only the gateway should reach it)
     * @param port     0 picks a free port (tests)
     */
    public record Decide(String bindHost, int port) {
        public Decide {
            Objects.requireNonNull(bindHost, "bindHost");
            checkPort(port, "decide port");
        }
    }

    /**
     * How the listeners treat their callers.
     *
     * @param adminHosts    host names besides loopback ones that the admin listener answers to (DNS rebinding)
     * @param idleTimeout   a connection with nothing to do is closed after this long
     * @param headerTimeout a request's line and headers must arrive within this long (slow clients)
     * @param corsOrigins   origins (scheme://host:port) whose pages may call the API listener (CORS)
     */
    public record Listeners(List<String> adminHosts, java.time.Duration idleTimeout, java.time.Duration headerTimeout,
                            List<String> corsOrigins) {
        public static final Listeners DEFAULTS = new Listeners(List.of(), java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(10), List.of());

        public Listeners(List<String> adminHosts, java.time.Duration idleTimeout, java.time.Duration headerTimeout) {
            this(adminHosts, idleTimeout, headerTimeout, List.of());
        }

        public Listeners {
            adminHosts = List.copyOf(adminHosts);
            corsOrigins = List.copyOf(corsOrigins);
            if (idleTimeout.isNegative() || idleTimeout.isZero()) throw new IllegalArgumentException("idle timeout must be positive");
            if (headerTimeout.isNegative() || headerTimeout.isZero()) {
                throw new IllegalArgumentException("header timeout must be positive");
            }
        }
    }

    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_ADMIN_PORT = 8081;
    public static final String LOOPBACK = "127.0.0.1";

    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(adminBindHost, "adminBindHost");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(engine, "engine");
        checkPort(port, "port");
        if (upstream != null && (upstream.getHost() == null || !List.of("http", "https").contains(upstream.getScheme()))) {
            throw new IllegalArgumentException("the upstream must be an http(s) URL, e.g. http://localhost:3000");
        }
        if (upstream != null) refuseUpstreamUserInfo(upstream.toString());
        if (upstreamTimeout == null) upstreamTimeout = java.time.Duration.ofSeconds(30);
        if (upstreamConnections <= 0) upstreamConnections = 256;
        checkPort(adminPort, "admin port");
        if (listeners == null) listeners = Listeners.DEFAULTS;
    }

    /**
     * Refuses an upstream URL with user info, on the text as given: calls are forwarded without it, and
     * a password in it would show in the log, the start banner and the console.
     */
    private static void refuseUpstreamUserInfo(String url) {
        int start = url.indexOf("//");
        if (start < 0) return;
        int end = start + 2;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        if (url.substring(start + 2, end).contains("@")) {
            throw new IllegalArgumentException("the upstream URL must not hold a user or password (user:password@):"
                    + " calls are forwarded without them");
        }
    }

    public static ServerConfig defaults() {
        return new ServerConfig(LOOPBACK, DEFAULT_PORT, LOOPBACK, DEFAULT_ADMIN_PORT, DataDirectory.defaultPath(),
                Clock.systemUTC(), EngineOptions.defaults(), null, null, 0, Listeners.DEFAULTS, null, null, null);
    }

    public ServerConfig withPorts(int apiPort, int adminApiPort) {
        return new ServerConfig(bindHost, apiPort, adminBindHost, adminApiPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dir, clock, engine, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    public ServerConfig withBind(String host) {
        return new ServerConfig(host, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    public ServerConfig withAdminBind(String host) {
        return new ServerConfig(bindHost, port, host, adminPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, c, engine, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    public ServerConfig withEngine(EngineOptions options) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, options, upstream, upstreamTimeout, upstreamConnections, listeners, decide, tls, cluster);
    }

    /** Protects {@code url} as a reverse proxy; each call waits at most {@code timeout} for the upstream. */
    public ServerConfig withUpstream(java.net.URI url, java.time.Duration timeout) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, url, timeout,
                upstreamConnections, listeners, decide, tls, cluster);
    }

    /** At most this many pooled connections to the upstream. */
    public ServerConfig withUpstreamConnections(int connections) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                connections, listeners, decide, tls, cluster);
    }

    /** How the listeners treat their callers: admin host names and timeouts. */
    public ServerConfig withListeners(Listeners l) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                upstreamConnections, l, decide, tls, cluster);
    }

    /** Answers a gateway's decision requests on {@code host:port} (null: no decision listener). */
    public ServerConfig withDecide(Decide d) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                upstreamConnections, listeners, d, tls, cluster);
    }

    /** Shares the hot state with the other nodes of a cluster through Redis (null: this node alone). */
    public ServerConfig withCluster(Cluster c) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                upstreamConnections, listeners, decide, tls, c);
    }

    /** Serves the API listener over TLS (null: plain HTTP). */
    public ServerConfig withTls(Tls t) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                upstreamConnections, listeners, decide, t, cluster);
    }

    private static void checkPort(int p, String what) {
        if (p < 0 || p > 65_535) throw new IllegalArgumentException(what + " must be between 0 and 65535, not " + p);
    }
}
