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
        Pattern rest = others.length() == 0 ? null
                : backReference ? Pattern.compile("(?s).") // try every pattern on its own
                : Pattern.compile(others.toString(), Pattern.CASE_INSENSITIVE);
        return new AgentScreen(prefixes.toArray(String[]::new), words.toArray(String[]::new), rest);
    }

    /** False means no pattern matches; true means one may (the caller tries each to name it). */
    boolean mayMatch(String userAgent) {
        if (prefixes.length > 0 || words.length > 0) {
            String ua = userAgent.toLowerCase(Locale.ROOT);
            for (String p : prefixes) {
                if (ua.startsWith(p)) return true;
            }
            for (String w : words) {
                if (ua.contains(w)) return true;
            }
        }
        return others != null && others.matcher(userAgent).find();
    }
}
