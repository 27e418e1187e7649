package dev.palisade.console;

import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.engine.Secrets;
import dev.palisade.store.PrivateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server the console starts in its own process, with a demo user whose password is made at
 * first start and kept (owner-only) in the data directory, so the console can show it. Even here
 * the console talks to the server only through its admin API.
 */
public final class BundledServer implements AutoCloseable {

    public static final String DEMO_USER = "demo";
    static final String DEMO_PASSWORD_FILE = "demo.password";

    private final PalisadeServer server;
    private final ServerConfig config;
    private final String demoPassword;

    private BundledServer(PalisadeServer server, ServerConfig config, String demoPassword) {
        this.server = server;
        this.config = config;
        this.demoPassword = demoPassword;
    }

    public static BundledServer start(ServerConfig config) throws Exception {
        PalisadeServer server = PalisadeServer.start(config);
        try {
            return new BundledServer(server, config, ensureDemoUser(server));
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
    }

    private static String ensureDemoUser(PalisadeServer server) throws IOException {
        Path file = server.dataDir().resolve(DEMO_PASSWORD_FILE);
        AdminClient admin = new AdminClient(server.adminUri().toString(), server.adminToken());
        if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).trim();
        String password = Secrets.randomToken(12);
        try {
            admin.createUser(DEMO_USER, password.toCharArray());
        } catch (AdminApiException e) {
            if (e.status() == 409) return null; // someone made "demo" by hand: its password is theirs
            throw e;
        }
        PrivateFiles.file(file);
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        return password;
    }

    /**
     * Stops this server and starts it again on the same ports and data, protecting {@code upstream}
     * as a reverse proxy (or the demo API again when null). The console's live connection simply
     * reconnects.
     */
    public BundledServer protect(java.net.URI upstream, java.time.Duration timeout) throws Exception {
        ServerConfig next = config.withPorts(server.port(), server.adminPort()).withUpstream(upstream, timeout);
        server.close();
        return start(next);
    }

    public java.net.URI upstream() { return config.upstream(); }

    public ConsoleContext context() {
        String client = server.apiUri() + "/";
        String demo = demoPassword == null ? "user " + DEMO_USER + " exists; its password is not known here"
                : "user " + DEMO_USER + ", password " + demoPassword;
        String info = "Bundled server — client page " + client + "   admin API " + server.adminUri()
                + (config.upstream() == null ? "" : "   protecting " + config.upstream()) + "\n"
                + "Demo " + demo + "   ·   data in " + server.dataDir();
        return new ConsoleContext(server.adminUri().toString(), server.adminToken(), client,
                "bundled server " + server.apiUri(), info);
    }

    public PalisadeServer server() { return server; }

    public String demoPassword() { return demoPassword; }

    /** Stops the server; it writes every queued event first. */
    @Override
    public void close() {
        server.close();
    }
}
