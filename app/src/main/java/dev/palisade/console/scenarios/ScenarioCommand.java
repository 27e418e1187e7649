package dev.palisade.console.scenarios;

import dev.palisade.console.client.AdminClient;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code palisade-console.jar scenarios --target URL --admin URL --admin-token-file F [--trust-cert PEM] [--only N]}:
 * runs the scenarios against a server and prints one row each, rung by rung of the attacker ladder,
 * then what a session cost each rung next to what it cost the person. Exit code 0 when every attack
 * was caught (or flagged, where that is the promise) and the person was neither refused nor flagged
 * (skipped scenarios are reported, not failures); 1 otherwise; 2 for bad arguments, or a target that serves no demo API
 * (none is run).
 */
public final class ScenarioCommand {

    private static final String ROW = "%-20s %-3s %-26s %-32s %-22s %-8s %-26s %9s %9s  %s"; // the longest expected: 32

    private ScenarioCommand() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String target = "http://127.0.0.1:8080";
        String adminUrl = "http://127.0.0.1:8081";
        Path tokenFile = null;
        Path trustCert = null;
        Integer only = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--target" -> target = args[++i];
                    case "--admin" -> adminUrl = args[++i];
                    case "--admin-token-file" -> tokenFile = Path.of(args[++i]);
                    case "--trust-cert" -> trustCert = Path.of(args[++i]);
                    case "--only" -> only = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (tokenFile == null) throw new IllegalArgumentException("--admin-token-file is required");
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("scenarios: " + (e instanceof ArrayIndexOutOfBoundsException ? "an option lacks its value" : e.getMessage()));
            err.println("usage: scenarios --target URL --admin URL --admin-token-file FILE [--trust-cert PEM] [--only N]");
            return 2;
        }
        Integer wanted = only;
        List<Scenario> chosen = Scenarios.all().stream().filter(s -> wanted == null || s.number() == wanted)
                .sorted(Scenarios.RUN_ORDER).toList();
        if (chosen.isEmpty()) {
            err.println("scenarios: no scenario " + only + " (1–" + Scenarios.all().size() + ")");
            return 2;
        }
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        } catch (java.io.IOException e) {
            err.println("scenarios: cannot read " + tokenFile + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file (the console's data folder holds admin.token)" : e.getMessage()));
            return 2;
        }
        TrustedCertificate trusted = null;
        if (trustCert != null) {
            try {
                trusted = TrustedCertificate.read(trustCert);
            } catch (java.io.IOException e) {
                err.println("scenarios: --trust-cert: " + e.getMessage());
                return 2;
            }
        }
        ScenarioRunner runner = new ScenarioRunner(new ScenarioContext(target, new AdminClient(adminUrl, token), trusted));
        boolean[] headed = {false}; // the table's head once a row comes: a run that cannot start prints none
        List<Outcome> outcomes;
        try {
            outcomes = runner.run(chosen, (s, step) -> { }, o -> {
                if (!headed[0]) out.println(String.format(Locale.ROOT, ROW, "level", "#", "scenario", "expected", "met",
                        "outcome", "check", "work ms", "wall ms", "note"));
                headed[0] = true;
                out.println(row(o));
            });
        } catch (ScenarioRunner.NotRunnable e) {
            err.println("scenarios: none run. " + e.getMessage());
            return 2;
        }
        out.println();
        out.println("What a session cost, by rung:");
        for (String line : CostSummary.lines(outcomes)) out.println("  " + line);
        out.println(RunVerdict.of(outcomes));
        return outcomes.stream().allMatch(Outcome::asExpected) ? 0 : 1;
    }

    static String row(Outcome o) {
        Scenario s = o.scenario();
        return String.format(Locale.ROOT, ROW, s.level(), s.number(), s.name(), s.expectedText(), o.met(), o.verdict(), o.check(),
                Cost.millis(o.cost().workMillis()), Cost.millis(o.cost().wallMillis()), o.note());
    }
}
