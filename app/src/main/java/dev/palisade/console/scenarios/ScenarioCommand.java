package dev.palisade.console.scenarios;

import dev.palisade.console.client.AdminClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code palisade-console.jar scenarios --target URL --admin URL --admin-token-file F [--only N]}:
 * runs the scenarios against a server and prints one row each. Exit code 0 when every attack was
 * caught and the legitimate client met no denial; 1 otherwise; 2 for bad arguments.
 */
public final class ScenarioCommand {

    private ScenarioCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String target = "http://127.0.0.1:8080";
        String adminUrl = "http://127.0.0.1:8081";
        Path tokenFile = null;
        Integer only = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--target" -> target = args[++i];
                    case "--admin" -> adminUrl = args[++i];
                    case "--admin-token-file" -> tokenFile = Path.of(args[++i]);
                    case "--only" -> only = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (tokenFile == null) throw new IllegalArgumentException("--admin-token-file is required");
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("scenarios: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
            err.println("usage: scenarios --target URL --admin URL --admin-token-file FILE [--only N]");
            return 2;
        }
        Integer wanted = only;
        List<Scenario> chosen = wanted == null ? Scenarios.all()
                : Scenarios.all().stream().filter(s -> s.number() == wanted).toList();
        if (chosen.isEmpty()) {
            err.println("scenarios: no scenario " + only + " (1–" + Scenarios.all().size() + ")");
            return 2;
        }
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        } catch (java.io.IOException e) {
            err.println("scenarios: cannot read " + tokenFile + ": " + e.getMessage());
            return 2;
        }
        ScenarioRunner runner = new ScenarioRunner(new ScenarioContext(target, new AdminClient(adminUrl, token)));
        out.println(String.format(Locale.ROOT, "%-3s %-28s %-34s %-20s %s", "#", "scenario", "expected", "met", "result"));
        List<Outcome> outcomes = runner.run(chosen, (s, step) -> { }, o -> out.println(row(o)));
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        out.println(failed == 0 ? "All " + outcomes.size() + " scenarios behaved as expected."
                : failed + " of " + outcomes.size() + " scenarios did NOT behave as expected.");
        return failed == 0 ? 0 : 1;
    }

    static String row(Outcome o) {
        Scenario s = o.scenario();
        String expected = s.legitimate() ? "no denial" : String.join(" or ", s.expected());
        String result = o.passed() ? (s.legitimate() ? "ok" : "caught") : (s.legitimate() ? "DENIED" : "MISSED");
        return String.format(Locale.ROOT, "%-3d %-28s %-34s %-20s %s  (%s)", s.number(), s.name(), expected, o.met(), result,
                o.note());
    }
}
