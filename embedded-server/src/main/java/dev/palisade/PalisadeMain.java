package dev.palisade;

import dev.palisade.engine.Engine;
import dev.palisade.http.HealthHandler;
import dev.palisade.http.JettyAddressSets;
import dev.palisade.store.sqlite.SqliteBackup;
import dev.palisade.store.sqlite.SqliteStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
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
            if (parsed.backup() != null) return backup(parsed, out, err);
            if (parsed.health()) return health(parsed.config(), out, err);
            return serve(parsed, out);
        } catch (Exception e) {
            err.println("palisade: " + CommandLine.startFailure(e));
            return 1;
        }
    }

    private static int serve(CommandLine.Parsed parsed, PrintStream out) throws Exception {
        ServerConfig config = parsed.config();
        PalisadeServer server = PalisadeServer.start(config);
        try {
            parsed.applyRoutes(server.engine());
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

    /** {@code --backup FILE}: a consistent copy of the database, checked, while a server may be running on it. */
    private static int backup(CommandLine.Parsed parsed, PrintStream out, PrintStream err) {
        Path dataDir = parsed.config().dataDir();
        SqliteBackup.Copy copy = SqliteBackup.write(dataDir, parsed.backup());
        if (!copy.sound()) {
            err.println("palisade: the copy " + copy.file() + " failed its integrity check: " + copy.integrity());
            return 1;
        }
        out.println("Backup of " + dataDir.resolve(SqliteStore.FILE_NAME) + " written to " + copy.file() + " ("
                + copy.bytes() / 1024 + " KiB, integrity ok). admin.token and upstream.key are files beside the"
                + " database: copy them too.");
        return 0;
    }

    /**
     * {@code --health}: what {@code GET /_palisade/health} says on this configuration's API listener; a
     * server still starting (connection refused) is asked again for up to {@link #HEALTH_WAIT}.
     */
    private static int health(ServerConfig config, PrintStream out, PrintStream err) throws InterruptedException {
        String host = switch (config.bindHost()) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> config.bindHost().contains(":") && !config.bindHost().startsWith("[")
                    ? "[" + config.bindHost() + "]" : config.bindHost();
        };
        URI uri = URI.create("http://" + host + ":" + config.port() + HealthHandler.HEALTH);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
