package dev.palisade.engine.blacklist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Says quickly whether any User-Agent pattern could match, so the blacklist runs its regexes only
 * then. Most agent patterns are plain words ({@code python-requests}) or a prefix ({@code ^curl/}):
 * those become lower-case substring and prefix tests, which cost a fraction of a regex scan; the
 * others stay regexes, joined into one alternation (unless one has a back-reference, whose meaning
 * would change once the groups are renumbered).
 */
final class AgentScreen {

    /** Characters that mean themselves in a regex, after an optional leading "^". */
    private static final Pattern PLAIN = Pattern.compile("\\^?[A-Za-z0-9 _/;:,=\\-]*");

    private final String[] prefixes;
    private final String[] words;
    private final Pattern others;

    private AgentScreen(String[] prefixes, String[] words, Pattern others) {
        this.prefixes = prefixes;
        this.words = words;
        this.others = others;
    }

    static AgentScreen of(List<Pattern> agents) {
        List<String> prefixes = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder others = new StringBuilder();
        boolean backReference = false;
        for (Pattern p : agents) {
            String text = p.pattern();
            if (PLAIN.matcher(text).matches()) {
                if (text.startsWith("^")) prefixes.add(text.substring(1).toLowerCase(Locale.ROOT));
                else words.add(text.toLowerCase(Locale.ROOT));
                continue;
            }
            if (text.matches("(?s).*\\\\(\\d|k<).*")) backReference = true;
            if (others.length() > 0) others.append('|');
            others.append("(?:").append(text).append(')');
        }
        Pattern rest = others.length() == 0 ? null : backReference ? EVERY_ONE : joined(others.toString());
        return new AgentScreen(prefixes.toArray(String[]::new), words.toArray(String[]::new), rest);
    }

    /** Matches any User-Agent: each pattern is then tried on its own. */
    private static final Pattern EVERY_ONE = Pattern.compile("(?s).");

    /**
     * The alternation, or {@link #EVERY_ONE} where patterns that compile alone do not compile joined
     * (a comment of {@code (?x)} or a {@code \Q} that runs to the end takes the next ones with it; a
     * group name used twice): a screen must never stop the entries being enforced.
     */
    private static Pattern joined(String alternation) {
        try {
            return Pattern.compile(alternation, Pattern.CASE_INSENSITIVE);
        } catch (java.util.regex.PatternSyntaxException e) {
            return EVERY_ONE;
        }
    }

    /** A User-Agent screened lately, and whether a pattern may match it. */
    private record Screened(String userAgent, boolean may) {}

    /** Longer User-Agents are screened afresh each time: the remembered ones stay small. */
    static final int REMEMBERED_LENGTH = 512;

    /**
     * The latest verdicts, by the User-Agent's hash: a client sends the same one on every call, and
     * comparing it with the one remembered costs a fraction of screening it (a lower-case copy and a
     * scan per word). Slots are overwritten freely; a new screen (the blacklist changed) starts empty.
     */
    private final Screened[] recent = new Screened[1024];

    /** False means no pattern matches; true means one may (the caller tries each to name it). */
    boolean mayMatch(String userAgent) {
        if (userAgent.length() > REMEMBERED_LENGTH) return screen(userAgent);
        int slot = userAgent.hashCode() & (recent.length - 1);
        Screened seen = recent[slot];
        if (seen != null && seen.userAgent.equals(userAgent)) return seen.may;
        boolean may = screen(userAgent);
        recent[slot] = new Screened(userAgent, may);
        return may;
    }

    private boolean screen(String userAgent) {
        if (prefixes.length > 0 || words.length > 0) {
            String ua = userAgent.toLowerCase(Locale.ROOT);
            for (String p : prefixes) {
                if (ua.startsWith(p)) return true;
            }
            for (String w : words) {
                if (ua.contains(w)) return true;
            }
        }
        return others != null && AgentMatch.finds(others, userAgent);
    }
}
