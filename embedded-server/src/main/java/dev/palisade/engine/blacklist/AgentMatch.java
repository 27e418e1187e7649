package dev.palisade.engine.blacklist;

import java.util.regex.Pattern;

/**
 * A User-Agent pattern tried on a caller's User-Agent within a bounded number of steps. The text is the
 * caller's, up to the request head's 8 KiB, and the pattern an operator's: one such as {@code (.*a){20}$}
 * backtracks for hours on a few dozen characters, so a caller could hold a request thread per call by
 * sending one. A pattern that cannot finish within the budget, or that runs the thread's stack out (a repeated
 * group recurses per repeat), counts as matching: the caller is refused, and the operator warned once, rather than
 * a thread held or a 500 answered.
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
            warnOnce(pattern, "took more than " + BUDGET + " steps");
            return true;
        } catch (StackOverflowError e) {
            // java.util.regex recurses once per repeat of a group: (a|b)*x runs a thread's stack out on a few
            // kilobytes of User-Agent, within the budget (hardening audit 60). Unwound here, the matcher's frames are
            // gone, and the caller is refused as over budget, not answered 500
            warnOnce(pattern, "ran out of stack");
            return true;
        }
    }

    private static final dev.palisade.engine.FirstTimes WARNED = new dev.palisade.engine.FirstTimes();
    private static final System.Logger LOG = System.getLogger(AgentMatch.class.getName());

    private static void warnOnce(Pattern pattern, String what) {
        if (WARNED.first(pattern.pattern())) {
            LOG.log(System.Logger.Level.WARNING, "the User-Agent pattern " + pattern.pattern() + " " + what
                    + " on a caller's User-Agent; such a caller is refused as matching it (write it without nested or"
                    + " grouped repeats such as (.*a){20} or (a|b)* to match in one pass)");
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
