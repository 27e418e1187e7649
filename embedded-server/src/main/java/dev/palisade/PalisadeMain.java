package dev.palisade;

import dev.palisade.engine.Engine;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.store.sqlite.SqliteStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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
            if (parsed.exportConfig() != null) return exportConfig(parsed, out);
            return serve(parsed, out);
        } catch (dev.palisade.config.ConfigException e) {
            err.println("palisade: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("palisade: " + CommandLine.startFailure(e));
            return 1;
        }
    }

    private static int serve(CommandLine.Parsed parsed, PrintStream out) throws Exception {
        ServerConfig config = parsed.config();
        // read (and parse) before the start: a file that cannot be read never opens a listener
        dev.palisade.config.ConfigFile file = parsed.configFile() == null ? null : dev.palisade.config.ConfigFile.read(parsed.configFile());
        PalisadeServer server = PalisadeServer.start(config);
        try {
            if (file != null) dev.palisade.config.ConfigPlan.check(file, server.engine(), System.getenv()).apply(server.engine());
            parsed.applyRoutes(server.engine()); // options given at start win over the file
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        DenialLog denials = DenialLog.start(server.engine().events(), out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            denials.close();
            server.close();
        }, "palisade-shutdown"));
        out.println("Palisade is running.");
        out.println("  client page and API: " + server.apiUri() + "/");
        out.println("  admin API:           " + server.adminUri() + "/admin/ (an index; every resource needs the token in "
                + config.dataDir().resolve(DataDirectory.ADMIN_TOKEN_FILE) + ")");
        out.println("  data directory:      " + config.dataDir());
        if (config.upstream() != null) {
            var routes = server.engine().proxyRoutes();
            out.println("  protecting:          " + config.upstream() + " (client pages " + routes.clientPages()
                    + ", public paths " + routes.publicPaths() + ", everything else signed and checked)");
            out.println("  upstream.key:        " + config.dataDir().resolve(DataDirectory.UPSTREAM_KEY_FILE)
                    + " (your app verifies Palisade's signature with it: middleware/ in the repository)");
        }
        if (server.selfSignedCertificate() != null) {
            var made = server.selfSignedCertificate();
            out.println("  TLS certificate:     " + made.cert() + (made.fresh() ? " (made now)" : "") + ", a development certificate for "
                    + config.tls().selfSignedNames());
            out.println("                       SHA-256 " + made.sha256());
            out.println("                       Chromium: --ignore-certificate-errors-spki-list=" + made.spkiSha256());
        }
        if (config.tls() == null && !isLoopback(config.bindHost())) {
            out.println("  warning: the client page is served over plain http on " + config.bindHost() + ": browsers give palisade.js"
                    + " its crypto (crypto.subtle) only on https or localhost pages, so clients on other machines cannot log in."
                    + " Serve TLS with --tls-cert and --tls-key (or --tls-self-signed for development).");
        }
        if (server.decideUri() != null) {
            out.println("  gateway decisions:   " + server.decideUri() + " (any path; the gateway names the call in"
                    + " X-Forwarded-Method/-Uri or X-Original-Method/-URI: docs/gateways.md)");
        }
        if (!config.bindHost().startsWith("127.") && !config.bindHost().equals("localhost") && !config.bindHost().equals("::1")) {
            out.println("  note: the API listens on " + config.bindHost() + ", reachable from other machines");
        }
        if (server.engine().users().list().isEmpty()) {
            out.println("  no users yet: add one with --add-user NAME, or POST /admin/users");
        }
        out.println("Each refused call is a line below (at most " + DenialLog.LINES_PER_SECOND + " a second).");
        out.println("Stop with Ctrl+C.");
        server.join();
        return 0;
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.") || host.equals("localhost") || host.equals("::1");
    }

    private static int exportConfig(CommandLine.Parsed parsed, PrintStream out) throws IOException {
        ServerConfig config = parsed.config();
        java.util.Map<String, Object> doc;
        try (SqliteStore store = SqliteStore.open(config.dataDir());
             Engine engine = new Engine(store, config.clock(), config.engine(), new JettyAddressSets())) {
            doc = dev.palisade.config.ConfigExport.of(engine);
        }
        java.nio.file.Path target = parsed.exportConfig();
        boolean stdout = target.toString().equals("-");
        String text = stdout || dev.palisade.config.ConfigFile.isYaml(target) ? dev.palisade.config.ConfigExport.yaml(doc)
                : dev.palisade.config.ConfigExport.json(doc);
        if (stdout) {
            out.print(text);
        } else {
            java.nio.file.Files.writeString(target, text, StandardCharsets.UTF_8);
            out.println("Configuration of " + config.dataDir() + " written to " + target);
        }
        return 0;
    }

    private static int addUser(CommandLine.Parsed parsed, PrintStream out, PrintStream err) throws IOException {
        char[] password = password();
        if (password == null) {
            err.println("palisade: give the password on stdin or in PALISADE_USER_PASSWORD");
            return 2;
        }
        ServerConfig config = parsed.config();
        try (SqliteStore store = SqliteStore.open(config.dataDir());
             Engine engine = new Engine(store, config.clock(), config.engine(), new JettyAddressSets())) {
            engine.operator(dev.palisade.engine.admin.Actor.OWNER).createUser(parsed.addUser(), password);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        out.println("User " + parsed.addUser() + " created in " + config.dataDir());
        return 0;
    }

    private static char[] password() throws IOException {
        String fromEnv = System.getenv("PALISADE_USER_PASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) return fromEnv.toCharArray();
        java.io.Console console = System.console();
        if (console != null) return console.readPassword("Password for the new user: ");
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null || line.isEmpty() ? null : line.toCharArray();
    }
}
