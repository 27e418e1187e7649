package dev.palisade.engine.blacklist;

import java.util.regex.Pattern;

/**
 * A User-Agent pattern tried on a caller's User-Agent within a bounded number of steps. The text is the
 * caller's, up to the request head's 8 KiB, and the pattern an operator's: one such as {@code (.*a){20}$}
 * backtracks for hours on a few dozen characters, so a caller could hold a request thread per call by
 * sending one. A pattern that cannot finish within the budget counts as matching: the caller is refused,
 * and the operator warned once, rather than a thread held.
 */
public final class AgentMatch {

    /**
     * Characters read per try, far more than an honest match needs (a scan of an 8 KiB User-Agent per
     * alternative of a joined screen); about ten milliseconds of matching.
     */
    static final int BUDGET = 2_000_000;

    private AgentMatch() {}

    /** Whether {@code pattern} finds a match in {@code text}; true too when it could not tell within the budget. */
    public static boolean finds(Pattern pattern, String text) {
        try {
            return pattern.matcher(new Counted(text)).find();
        } catch (OverBudget e) {
            warnOnce(pattern);
            return true;
        }
    }

    private static final dev.palisade.engine.FirstTimes WARNED = new dev.palisade.engine.FirstTimes();
    private static final System.Logger LOG = System.getLogger(AgentMatch.class.getName());

    private static void warnOnce(Pattern pattern) {
        if (WARNED.first(pattern.pattern())) {
            LOG.log(System.Logger.Level.WARNING, "the User-Agent pattern " + pattern.pattern() + " took more than "
                    + BUDGET + " steps on a caller's User-Agent; such a caller is refused as matching it (write it"
                    + " without nested repeats such as (.*a){20} to match in one pass)");
        }
    }

    /** The text, counting what the matcher reads of it. */
    private static final class Counted implements CharSequence {
        private final String text;
        private int left = BUDGET;

        Counted(String text) { this.text = text; }

        @Override
        public char charAt(int index) {
            if (--left < 0) throw new OverBudget();
            return text.charAt(index);
        }

        @Override
        public int length() { return text.length(); }

        @Override
        public CharSequence subSequence(int start, int end) { return text.substring(start, end); }

        @Override
        public String toString() { return text; }
    }

    private static final class OverBudget extends RuntimeException {
        OverBudget() { super(null, null, false, false); }
    }
}
