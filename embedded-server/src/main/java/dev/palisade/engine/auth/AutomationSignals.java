package dev.palisade.engine.auth;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attacker ladder's L5: signs that a browser is driven by a program. Two kinds, combined into
 * one sorted list of names:
 * <ul>
 *   <li>what palisade.js reports at bootstrap (docs/protocol.md lists the members), e.g.
 *       {@code webdriver} when {@code navigator.webdriver} is true. Self-reported, so one browser flag
 *       hides them: they catch careless automation only;</li>
 *   <li>what the server sees itself and a script must forge: a browser's User-Agent without the
 *       {@code Sec-Fetch-*} headers every current browser sends ({@code no_sec_fetch}), a Chromium
 *       User-Agent without client hints ({@code no_client_hints}) or with hints that name another
 *       version ({@code client_hints_mismatch}), a headless browser ({@code headless}), a
 *       bootstrap without the signals member at all ({@code signals_missing}), and a User-Agent that is
 *       no browser's, or none ({@code not_a_browser}).</li>
 * </ul>
 */
public final class AutomationSignals {

    /**
     * The members palisade.js reports; any other member is ignored. (ChromeDriver's {@code cdc_}
     * globals are left out on purpose: they mark every browser it drives, the simulator's person too,
     * and a patched driver drops them anyway.)
     */
    public static final java.util.List<String> REPORTED = java.util.List.of("webdriver", "headless", "no_languages");

    private static final Pattern CHROMIUM = Pattern.compile("Chrome/(\\d+)");
    private static final Pattern BRAND = Pattern.compile("\"([^\"]*)\";v=\"(\\d+)\"");

    private AutomationSignals() {}

    /**
     * @param reported the bootstrap's {@code signals} member, or null when it was not sent
     * @param headers  the bootstrap request's headers by lower-case name
     * @param tool     whether the bootstrap carries a debug token: a tool an operator let in as one, which
     *                 need not say it is a browser
     * @return the signals that fired, sorted, comma-separated; empty when none did
     */
    public static String evaluate(Map<String, Boolean> reported, UnaryOperator<String> headers, boolean tool) {
        TreeSet<String> fired = new TreeSet<>();
        if (reported == null) {
            fired.add("signals_missing");
        } else {
            for (String name : REPORTED) {
                if (Boolean.TRUE.equals(reported.get(name))) fired.add(name);
            }
        }
        String agent = headers.apply("user-agent");
        // every browser's User-Agent begins so, and palisade.js runs only in browsers: a bootstrap from any
        // other (a script that does not pretend, or sends none) is not the client
        if (!tool && (agent == null || !agent.startsWith("Mozilla/"))) fired.add("not_a_browser");
        if (agent != null && agent.startsWith("Mozilla/")) {
            if (headers.apply("sec-fetch-mode") == null || headers.apply("sec-fetch-site") == null) fired.add("no_sec_fetch");
            if (agent.contains("HeadlessChrome")) fired.add("headless");
            Matcher chrome = CHROMIUM.matcher(agent);
            if (chrome.find()) clientHints(chrome.group(1), headers.apply("sec-ch-ua"), fired);
        }
        return String.join(",", fired);
    }

    /** The signals no person's browser gives: a driver's own flag, a headless browser, no browser at all, no report. */
    private static final String[] SURE = {"webdriver", "headless", "not_a_browser", "signals_missing"};

    /**
     * Whether {@code fired} (as {@link #evaluate} returns it) holds a signal no person's browser gives. The others
     * (no Sec-Fetch headers, no or other client hints, no languages) an old Safari, an in-app browser or a
     * privacy tool may give: they flag a session, they do not price a person's next page.
     */
    public static boolean sure(String fired) {
        // read in place, with no array or substring: a slowed session asks on each of its calls (SessionPace)
        for (int start = 0; start < fired.length(); ) {
            int end = fired.indexOf(',', start);
            if (end < 0) end = fired.length();
            for (String name : SURE) {
                if (end - start == name.length() && fired.regionMatches(start, name, 0, name.length())) return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Chromium sends {@code Sec-CH-UA} by default; its brands carry the same major version as the User-Agent. */
    private static void clientHints(String major, String hints, TreeSet<String> fired) {
        if (hints == null) {
            fired.add("no_client_hints");
            return;
        }
        if (hints.contains("HeadlessChrome")) fired.add("headless");
        Matcher brand = BRAND.matcher(hints);
        boolean versioned = false;
        boolean agrees = false;
        while (brand.find()) {
            String name = brand.group(1);
            if (name.contains("Not") && name.contains("Brand")) continue; // GREASE brands carry any version
            versioned = true;
            if (brand.group(2).equals(major)) agrees = true;
        }
        if (!versioned || !agrees) fired.add("client_hints_mismatch");
    }
}
