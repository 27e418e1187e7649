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
                           int upstreamConnections) {

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
        if (upstreamTimeout == null) upstreamTimeout = java.time.Duration.ofSeconds(30);
        if (upstreamConnections <= 0) upstreamConnections = 256;
        checkPort(adminPort, "admin port");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(LOOPBACK, DEFAULT_PORT, LOOPBACK, DEFAULT_ADMIN_PORT, DataDirectory.defaultPath(),
                Clock.systemUTC(), EngineOptions.defaults(), null, null, 0);
    }

    public ServerConfig withPorts(int apiPort, int adminApiPort) {
        return new ServerConfig(bindHost, apiPort, adminBindHost, adminApiPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dir, clock, engine, upstream, upstreamTimeout, upstreamConnections);
    }

    public ServerConfig withBind(String host) {
        return new ServerConfig(host, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections);
    }

    public ServerConfig withAdminBind(String host) {
        return new ServerConfig(bindHost, port, host, adminPort, dataDir, clock, engine, upstream, upstreamTimeout, upstreamConnections);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, c, engine, upstream, upstreamTimeout, upstreamConnections);
    }

    public ServerConfig withEngine(EngineOptions options) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, options, upstream, upstreamTimeout, upstreamConnections);
    }

    /** Protects {@code url} as a reverse proxy; each call waits at most {@code timeout} for the upstream. */
    public ServerConfig withUpstream(java.net.URI url, java.time.Duration timeout) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, url, timeout,
                upstreamConnections);
    }

    /** At most this many pooled connections to the upstream. */
    public ServerConfig withUpstreamConnections(int connections) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, engine, upstream, upstreamTimeout,
                connections);
    }

    private static void checkPort(int p, String what) {
        if (p < 0 || p > 65_535) throw new IllegalArgumentException(what + " must be between 0 and 65535, not " + p);
    }
}
