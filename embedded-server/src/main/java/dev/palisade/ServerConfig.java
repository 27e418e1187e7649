package dev.palisade;

import dev.palisade.engine.EngineOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to start a server: where to listen, where data lives, and engine start-up options.
 * Port 0 picks a free port (tests).
 *
 * @param bindHost      interface for the API listener; 127.0.0.1 unless opened on purpose
 * @param adminBindHost interface for the admin listener
 */
public record ServerConfig(String bindHost, int port, String adminBindHost, int adminPort, Path dataDir,
                           Clock clock, EngineOptions engine) {

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
        checkPort(adminPort, "admin port");
    }

    public static ServerConfig defaults() {
        return new ServerConfig(LOOPBACK, DEFAULT_PORT, LOOPBACK, DEFAULT_ADMIN_PORT, DataDirectory.defaultPath(),
                Clock.systemUTC(), EngineOptions.defaults());
    }

    public ServerConfig withPorts(int apiPort, int adminApiPort) {
        return new ServerConfig(bindHost, apiPort, adminBindHost, adminApiPort, dataDir, clock, engine);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dir, clock, engine);
    }

    public ServerConfig withBind(String host) {
        return new ServerConfig(host, port, adminBindHost, adminPort, dataDir, clock, engine);
    }

    public ServerConfig withAdminBind(String host) {
        return new ServerConfig(bindHost, port, host, adminPort, dataDir, clock, engine);
    }

    public ServerConfig withClock(Clock c) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, c, engine);
    }

    public ServerConfig withEngine(EngineOptions options) {
        return new ServerConfig(bindHost, port, adminBindHost, adminPort, dataDir, clock, options);
    }

    private static void checkPort(int p, String what) {
        if (p < 0 || p > 65_535) throw new IllegalArgumentException(what + " must be between 0 and 65535, not " + p);
    }
}
