package dev.palisade.console;

import dev.palisade.CommandLine;
import dev.palisade.DataDirectory;
import javafx.application.Application;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar palisade-console.jar [--port P --admin-port A --data-dir D]} starts a bundled
 * server and the console on it; {@code --remote URL --admin-token-file F [--save-profile NAME]}
 * connects to another one; {@code --profile NAME} connects to a remembered one.
 * Not an {@link Application} itself, so the jar runs with JavaFX on the plain classpath.
 */
public final class Launcher {

    /**
     * JavaFX warns "Unsupported JavaFX configuration" at startup whenever it runs from the class path,
     * which the single jar does on purpose (harmless); a newcomer should not meet a WARNING first. Its
     * logger is "javafx", the parent of all JavaFX loggers, so it is quiet only until the window
     * starts ({@link #fxStarted}). Held strongly, or the level setting is lost with the logger.
     */
    private static final java.util.logging.Logger FX_LOGGER = java.util.logging.Logger.getLogger("javafx");

    /** JavaFX is up: its warnings (CSS and others) are shown again. */
    static void fxStarted() {
        FX_LOGGER.setLevel(null);
    }

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scenarios")) {
            System.exit(dev.palisade.console.scenarios.ScenarioCommand.run(
                    java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        List<String> serverArgs = new ArrayList<>();
        String remote = null;
        Path tokenFile = null;
        String profile = null;
        String saveAs = null;
        args = ownOptionsSplit(args);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--remote" -> remote = value(args, ++i, "--remote");
                case "--admin-token-file" -> tokenFile = Path.of(value(args, ++i, "--admin-token-file"));
                case "--profile" -> profile = value(args, ++i, "--profile");
                case "--save-profile" -> saveAs = value(args, ++i, "--save-profile");
                case "--help" -> {
                    System.out.println(help(CommandLine.command(System.getProperty("jpackage.app-path"), "palisade-console.jar")));
                    return;
                }
                default -> serverArgs.add(args[i]);
            }
        }
        if (profile != null) {
            Profiles.Profile p = Profiles.forUser().find(profile).orElse(null);
            if (p == null) fail("no saved profile " + profile + " (save one with --remote … --save-profile " + profile + ")");
            ConsoleApp.prepare(ConsoleContext.remote(p.adminUrl(), p.adminToken(), p.description()), null);
        } else if (remote != null) {
            if (tokenFile == null) fail("--remote needs --admin-token-file");
            String token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
            if (saveAs != null) Profiles.forUser().save(saveAs, remote, token);
            ConsoleApp.prepare(ConsoleContext.remote(remote, token, "remote " + remote), null);
        } else {
            String refused = serverOnly(serverArgs, System.getenv());
            if (refused != null) fail(refused);
            CommandLine.Parsed parsed;
            try {
                parsed = CommandLine.parse(serverArgs.toArray(String[]::new), System.getenv());
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
                return;
            }
            BundledServer bundled = null;
            try {
                bundled = BundledServer.start(parsed.config());
                parsed.applyRoutes(bundled.server().engine());
            } catch (Exception e) {
                // started, then its routes refused: stopped cleanly, its events written, its data folder's lock let go
                if (bundled != null) bundled.close();
                System.err.println("palisade-console: the bundled server could not start: " + CommandLine.startFailure(e));
                System.exit(1);
                return;
            }
            System.out.println(startMessage(bundled));
            ConsoleApp.prepare(bundled.context(), bundled);
        }
        FX_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        Application.launch(ConsoleApp.class);
    }

    private static final List<String> OWN_WITH_VALUE = List.of("--remote", "--admin-token-file", "--profile", "--save-profile");

    /** {@code --remote=URL} as {@code --remote URL}, as the server's options take them; the rest as given. */
    static String[] ownOptionsSplit(String[] args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0 && OWN_WITH_VALUE.contains(a.substring(0, eq))) {
                out.add(a.substring(0, eq));
                out.add(a.substring(eq + 1));
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }

    /** The console's own usage, then the options its bundled server takes (not those of palisade-server alone). */
    static String help(String command) {
        String n = System.lineSeparator();
        return "Usage: " + command + " [server options]" + n
                + "       " + command + " --remote URL --admin-token-file FILE [--save-profile NAME]" + n
                + "       " + command + " --profile NAME" + n
                + "       " + command + " scenarios --target URL --admin URL --admin-token-file FILE [--only N]" + n + n
                + "Opens the Palisade console. Without --remote or --profile it starts its own server (a demo user," + n
                + "the demo API or --upstream) and watches it; closing the window stops it." + n + n
                + "  --remote URL           watch a running server through its admin API (e.g. http://127.0.0.1:8081;" + n
                + "                         another machine's through an SSH tunnel: ssh -L 8081:127.0.0.1:8081 host)" + n
                + "  --admin-token-file FILE  with --remote: the file holding an admin token (the server's admin.token," + n
                + "                         or an operator token the owner issued)" + n
                + "  --save-profile NAME    with --remote: remember the URL and token as NAME (the token in a file only you can read)" + n
                + "  --profile NAME         watch the server saved as NAME" + n
                + "  scenarios …            run the attack scenarios against a server from the terminal and exit" + n
                + "  --help                 print this help and exit" + n + n
                + "Server options: palisade-server's, but " + String.join(", ", SERVER_ONLY) + ", which are its alone." + n
                + CommandLine.ENVIRONMENT + n + n
                + CommandLine.options(java.util.stream.Stream.concat(SERVER_ONLY.stream(), java.util.stream.Stream.of("--help")).toList());
    }

    /** Options of the server alone: the bundled server would take them and do nothing with them. */
    private static final List<String> SERVER_ONLY = List.of("--config", "--config-overwrite", "--export-config",
            "--add-user", "--backup", "--health");

    /**
     * Why {@code args} and {@code env} cannot start the console (a server-only option among them, as a
     * flag or through the variable CommandLine reads it from), or null.
     */
    static String serverOnly(List<String> args, java.util.Map<String, String> env) {
        for (String flag : SERVER_ONLY) {
            String name = CommandLine.envOf(flag);
            String value = name == null ? null : env.get(name);
            if (value != null && !value.isBlank()) {
                return name + " (" + flag + ") is an option of palisade-server alone; the console's bundled"
                        + " server would ignore it. Unset it to start the console, or run palisade-server";
            }
        }
        for (String a : args) {
            String flag = a.indexOf('=') > 0 ? a.substring(0, a.indexOf('=')) : a;
            if (SERVER_ONLY.contains(flag)) {
                return flag + " is an option of palisade-server alone; the console's bundled server would ignore it."
                        + " Run palisade-server " + flag + " … (then, for a console on that server, --remote)";
            }
        }
        return null;
    }

    /** What the terminal shows at start: where everything is; the demo password only by its file. */
    static String startMessage(BundledServer bundled) {
        Path data = bundled.server().dataDir();
        return "Palisade console with its bundled server" + (bundled.firstStart() ? " (first start on this data)" : "") + "\n"
                + "  client page and API: " + bundled.server().apiUri() + "/\n"
                + "  admin API:           " + bundled.server().adminUri() + "/admin/ (token in "
                + data.resolve(DataDirectory.ADMIN_TOKEN_FILE) + ")\n"
                + "  data directory:      " + data + "\n"
                + (bundled.upstream() == null ? "" : "  protecting:          " + bundled.upstream() + "\n"
                        + "  upstream.key:        " + data.resolve(DataDirectory.UPSTREAM_KEY_FILE)
                        + " (your app verifies Palisade's signature with it: middleware/ in the repository)\n")
                + (bundled.demoPassword() == null ? "" : "  demo user:           " + BundledServer.DEMO_USER
                        + " (password shown in the console and kept in " + data.resolve(BundledServer.DEMO_PASSWORD_FILE) + ")\n")
                + "Closing the window stops the server.";
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) fail(flag + " needs a value");
        return args[i];
    }

    private static void fail(String message) {
        System.err.println("palisade-console: " + message);
        System.exit(2);
    }
}
