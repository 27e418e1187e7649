package dev.palisade.console.ui.common;

/**
 * How wide each column of a table should be: as wide as what it shows, with the room left over
 * shared out so the table is filled, and when the table is too narrow, taken from the widest
 * columns first, never below a column's heading. Pure arithmetic, so it is tested apart from JavaFX.
 */
public final class ColumnWidths {

    /** The widest a column gets in a table too narrow for its headings (it scrolls sideways then). */
    static final double SCROLLING_CAP = 240;

    private ColumnWidths() {}

    /**
     * @param wanted    the width each column's content (heading included) needs
     * @param floor     the narrowest each column may get (its heading), at most its wanted width
     * @param fixed     columns the operator sized by hand: they keep their wanted width
     * @param available the width the columns share
     * @return the width of each column; their sum is {@code available} unless the floors and fixed
     *         columns alone need more (then the table scrolls sideways)
     */
    public static double[] fit(double[] wanted, double[] floor, boolean[] fixed, double available) {
        return fit(wanted, floor, fixed, new boolean[wanted.length], available);
    }

    /**
     * As {@link #fit(double[], double[], boolean[], double)}, but when the columns do not fit, those that
     * {@code givesFirst} (long free text: a User-Agent, a path) give way first, down to their headings,
     * before any other is cut: a User-Agent cut short still says what it is, a time cut short does not
     * ("12-04 20:2…").
     */
    public static double[] fit(double[] wanted, double[] floor, boolean[] fixed, boolean[] givesFirst, double available) {
        int n = wanted.length;
        double taken = 0;
        double yield = 0;
        for (int i = 0; i < n; i++) {
            taken += wanted[i];
            if (!fixed[i] && givesFirst[i]) yield += wanted[i] - Math.min(floor[i], wanted[i]);
        }
        if (taken <= available || yield <= 0) return fitAll(wanted, floor, fixed, available);
        boolean[] kept = fixed.clone();
        double[] want = wanted.clone();
        if (yield >= taken - available) {
            // the giving columns alone make room: the others keep what they show
            for (int i = 0; i < n; i++) if (!givesFirst[i]) kept[i] = true;
            return fitAll(want, floor, kept, available);
        }
        for (int i = 0; i < n; i++) {
            if (!fixed[i] && givesFirst[i]) {
                want[i] = Math.min(floor[i], wanted[i]);
                kept[i] = true;
            }
        }
        return fitAll(want, floor, kept, available);
    }

    private static double[] fitAll(double[] wanted, double[] floor, boolean[] fixed, double available) {
        int n = wanted.length;
        double[] width = wanted.clone();
        double flexible = 0;
        double taken = 0;
        for (int i = 0; i < n; i++) {
            taken += wanted[i];
            if (!fixed[i]) flexible += wanted[i];
        }
        if (flexible == 0) return width;
        if (taken <= available) {
            // room to spare: every free column grows in proportion to what it shows
            double scale = (available - taken + flexible) / flexible;
            for (int i = 0; i < n; i++) if (!fixed[i]) width[i] = wanted[i] * scale;
            return width;
        }
        // too narrow: cut the widest columns down to a common width (never below a heading), so the
        // narrow ones (times, codes) stay whole and long text (User-Agents, paths) gives way first
        double room = available;
        double floors = 0;
        for (int i = 0; i < n; i++) {
            if (fixed[i]) room -= wanted[i];
            else floors += Math.min(floor[i], wanted[i]);
        }
        if (floors > room) {
            // the table scrolls sideways whatever we do: show each column whole, up to a width a screen can take
            for (int i = 0; i < n; i++) if (!fixed[i]) width[i] = Math.min(wanted[i], Math.max(floor[i], SCROLLING_CAP));
            return width;
        }
        double low = 0;
        double high = 0;
        for (int i = 0; i < n; i++) if (!fixed[i]) high = Math.max(high, wanted[i]);
        for (int step = 0; step < 50; step++) {
            double cap = (low + high) / 2;
            if (capped(wanted, floor, fixed, cap) > room) high = cap;
            else low = cap;
        }
        for (int i = 0; i < n; i++) if (!fixed[i]) width[i] = Math.max(Math.min(floor[i], wanted[i]), Math.min(wanted[i], low));
        return width;
    }

    private static double capped(double[] wanted, double[] floor, boolean[] fixed, double cap) {
        double sum = 0;
        for (int i = 0; i < wanted.length; i++) {
            if (!fixed[i]) sum += Math.max(Math.min(floor[i], wanted[i]), Math.min(wanted[i], cap));
        }
        return sum;
    }
}
