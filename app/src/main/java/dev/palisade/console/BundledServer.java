package dev.palisade.console;

import dev.palisade.DataDirectory;
import dev.palisade.PalisadeServer;
import dev.palisade.ServerConfig;
import dev.palisade.console.client.AdminApiException;
import dev.palisade.console.client.AdminClient;
import dev.palisade.console.scenarios.TrustedCertificate;
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
    private final DemoUser demo;
    /** What was wrong with the protected API when this server started in front of it, or null. */
    private final String upstreamProblem;
    /** Its development certificate ({@code --tls-self-signed}), which the scenarios trust; null without one. */
    private final TrustedCertificate certificate;

    /**
     * Whether user "demo" exists, its password (null when made by hand, or when none exists), and when this console's
     * first start on the data made it (null when it was there before).
     */
    private record DemoUser(boolean exists, String password, java.time.LocalTime madeAt) {
        /** A server protecting the operator's own API on data that never served the demo: none is made there. */
        static final DemoUser NONE = new DemoUser(false, null, null);

        /** One this start found there, or a "demo" made by hand (its password null). */
        static DemoUser found(String password) {
            return new DemoUser(true, password, null);
        }

        boolean madeNow() { return madeAt != null; }

        @Override
        public String toString() { return "DemoUser[madeAt=" + madeAt + "]"; }
    }

    private BundledServer(PalisadeServer server, ServerConfig config, DemoUser demo, String upstreamProblem) {
        this.server = server;
        this.config = config;
        this.demo = demo;
        this.upstreamProblem = upstreamProblem;
        this.certificate = certificate(server);
    }

    /** Read once, at the start, off the FX thread: the server made or kept the file a moment ago. */
    private static TrustedCertificate certificate(PalisadeServer server) {
        if (server.selfSignedCertificate() == null) return null;
        try {
            return TrustedCertificate.read(server.selfSignedCertificate().cert());
        } catch (IOException e) { // the scenarios then say the page's certificate is not trusted, and how to pass it
            System.getLogger(BundledServer.class.getName()).log(System.Logger.Level.WARNING,
                    "the scenarios cannot trust the development certificate: " + e.getMessage());
            return null;
        }
    }

    /** The time of day on the server's clock, where the operator sits: what the Overview's notices say. */
    private static java.time.LocalTime now(java.time.Clock clock) {
        return java.time.LocalTime.now(clock.withZone(java.time.ZoneId.systemDefault())).withNano(0);
    }

    public static BundledServer start(ServerConfig config) throws Exception {
        PalisadeServer server = PalisadeServer.start(config);
        try {
            // in front of the operator's own API a demo user would be one more account that logs in to it (README
            // walk-through 52): made for the demo API only
            DemoUser demo = config.upstream() == null ? ensureDemoUser(server, config.clock()) : demoKept(server);
            return new BundledServer(server, config, demo, upstreamProblem(config));
        } catch (RuntimeException | IOException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The password is on disk (beside its file) before the user is made, and takes the file's name
     * once the user is: a console killed between the two makes the user with it at its next start,
     * where the other order lost the password for good. A demo user the operator deleted stays deleted.
     */
    private static DemoUser ensureDemoUser(PalisadeServer server, java.time.Clock clock) throws IOException {
        Path file = server.dataDir().resolve(DEMO_PASSWORD_FILE);
        Path pending = file.resolveSibling(file.getFileName() + ".new");
        if (Files.exists(file)) {
            Files.deleteIfExists(pending); // one a start left after renaming it, never read again
            return DemoUser.found(Files.readString(file, StandardCharsets.UTF_8).trim());
        }
        String password = Files.exists(pending) ? Files.readString(pending, StandardCharsets.UTF_8).trim() : "";
        boolean resumed = !password.isEmpty(); // a start stopped before the user was made, or just after
        if (!resumed) {
            password = Secrets.randomToken(12);
            writeSynced(pending, password);
        }
        AdminClient admin = new AdminClient(server.adminUri().toString(), server.adminToken());
        try {
            admin.createUser(DEMO_USER, password);
        } catch (AdminApiException e) {
            if (e.status() != 409) {
                // not made: a password written now is no one's, and a user made by hand before the next
                // start would be taken for the one this start made with it
                if (!resumed) Files.deleteIfExists(pending);
                throw e;
            }
            if (!resumed) { // made by hand: its password is theirs
                Files.deleteIfExists(pending);
                return DemoUser.found(null);
            }
            // made by the start that stopped, with this password
        }
        Files.move(pending, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PrivateFiles.syncDirectory(file.toAbsolutePath().getParent());
        return new DemoUser(true, password, now(clock));
    }

    /** The demo user an earlier start on this data made, or one made by hand; none is made. */
    private static DemoUser demoKept(PalisadeServer server) throws IOException {
        Path file = server.dataDir().resolve(DEMO_PASSWORD_FILE);
        if (Files.exists(file)) return DemoUser.found(Files.readString(file, StandardCharsets.UTF_8).trim());
        AdminClient admin = new AdminClient(server.adminUri().toString(), server.adminToken());
        try {
            admin.user(DEMO_USER);
            return DemoUser.found(null);
        } catch (AdminApiException e) {
            if (e.status() == 404) return DemoUser.NONE;
            throw e;
        } finally {
            admin.close();
        }
    }

    /**
     * Whether anything answers at the protected API's address, said with the time it was looked at; null
     * when something does (or the demo API is served). Palisade starts in front of an API that is down (it
     * may be started after), but the operator should not learn it from a client page's 502.
     */
    private static String upstreamProblem(ServerConfig config) {
        if (config.upstream() == null) return null;
        String why = UpstreamProbe.whyNotAnswering(config.upstream());
        return why == null ? null : "At " + now(config.clock()) + " nothing answered at " + config.upstream() + " (" + why
                + "): until your API answers there, the client page and every call get 502 upstream_unavailable.";
    }

    /** An owner-only file written whole and on disk, its name too, before the user it is for is made. */
    private static void writeSynced(Path file, String password) throws IOException {
        PrivateFiles.writeNew(file, (password + "\n").getBytes(StandardCharsets.UTF_8), true); // never through a link there
        PrivateFiles.syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Stops this server and starts it again on the same ports and data, protecting {@code upstream}
     * as a reverse proxy (or the demo API again when null). The console's live connection simply
     * reconnects.
     *
     * @throws ProtectionFailed when the server could not start so: it was started again as it ran
     *                          before, or, if even that failed, none runs (the exception says which)
     */
    public BundledServer protect(java.net.URI upstream, java.time.Duration timeout) throws ProtectionFailed {
        ServerConfig same = config.withPorts(server.port(), server.adminPort()); // read while bound
        ServerConfig next = same.withUpstream(upstream, timeout);
        server.close();
        try {
            return again(start(next));
        } catch (Exception failed) {
            // the ports are free again: the server the operator had is put back rather than left stopped
            BundledServer before;
            try {
                before = again(start(same));
            } catch (Exception alsoFailed) {
                failed.addSuppressed(alsoFailed);
                throw new ProtectionFailed(upstream, failed, null);
            }
            throw new ProtectionFailed(upstream, failed, before);
        }
    }

    /** The same server started anew: a demo password made at this console's first start is still news, of that moment. */
    private BundledServer again(BundledServer restarted) {
        DemoUser kept = restarted.demo;
        return new BundledServer(restarted.server, restarted.config,
                new DemoUser(kept.exists(), kept.password(), demo.madeAt() != null ? demo.madeAt() : kept.madeAt()),
                restarted.upstreamProblem);
    }

    /** "Protect an API" failed; {@link #runningAsBefore()} is the server started again as it was, or null if none runs. */
    public static final class ProtectionFailed extends Exception {
        private final transient BundledServer runningAsBefore;

        ProtectionFailed(java.net.URI upstream, Exception cause, BundledServer runningAsBefore) {
            super((upstream == null ? "Could not serve the demo API again" : "Could not protect " + upstream) + ": "
                    + cause.getMessage() + (runningAsBefore != null
                    ? ". The bundled server runs as before" + (runningAsBefore.upstream() == null ? ", with its demo API."
                    : ", protecting " + runningAsBefore.upstream() + ".")
                    : ". The bundled server could not be started again either: none runs; restart the console."), cause);
            this.runningAsBefore = runningAsBefore;
        }

        public BundledServer runningAsBefore() { return runningAsBefore; }
    }

    public java.net.URI upstream() { return config.upstream(); }

    public ConsoleContext context() {
        String client = server.apiUri() + "/";
        String user = !demo.exists() ? ""
                : (demo.password() == null ? "Demo user " + DEMO_USER + " exists; its password is not known here"
                : "Demo user " + DEMO_USER + ", password " + demo.password())
                // in front of the operator's own API it is one more account that logs in to it
                + (config.upstream() == null ? "" : " (it logs in to the API you protect too: disable it in Users unless"
                + " you want it)") + "   ·   ";
        String info = "Bundled server — client page " + client + "   admin API " + server.adminUri()
                + (config.upstream() == null ? "" : "   protecting " + config.upstream()) + "\n"
                + user + (user.isEmpty() ? "Data in " : "data in ") + server.dataDir()
                + "   ·   admin token in " + server.dataDir().resolve(DataDirectory.ADMIN_TOKEN_FILE)
                + (config.upstream() == null ? "" : "\nYour API verifies the calls Palisade forwards with the key in "
                + server.dataDir().resolve(DataDirectory.UPSTREAM_KEY_FILE) + " (README: \"Protect your own API\")");
        // said once, with its time: "first start" stays true of that moment, not of the hours after it
        String first = firstStart() ? "First start on this data at " + demo.madeAt() + ": " + FIRST_START : null;
        String notice = first == null ? upstreamProblem : upstreamProblem == null ? first : upstreamProblem + "\n" + first;
        return new ConsoleContext(server.adminUri().toString(), server.adminToken(), client,
                "bundled server " + server.apiUri(), info, notice, certificate);
    }

    static final String FIRST_START = "the data folder above now holds the database (palisade.db), the admin"
            + " token other tools use to watch this server (owner-only), and the demo user's password. Log in on the"
            + " client page with it, or run Scenarios to watch attacks get caught.";

    /** Whether this start made the data directory's demo user, i.e. the first start on this data. */
    public boolean firstStart() { return demo.madeNow(); }

    public PalisadeServer server() { return server; }

    public String demoPassword() { return demo.password(); }

    /** Stops the server; it writes every queued event first. */
    @Override
    public void close() {
        server.close();
    }
}
