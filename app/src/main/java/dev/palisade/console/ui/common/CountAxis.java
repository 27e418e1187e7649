package dev.palisade.console.ui.common;

import javafx.scene.chart.NumberAxis;
import javafx.util.StringConverter;

/**
 * A chart axis for counts: whole-number ticks at round steps (1, 2 or 5 × 10ⁿ) from 0 up to a
 * little above the highest value, and at least 0–5 so an empty chart has a scale. JavaFX's own
 * auto-ranging drew "0.25 anomalies", "21.0" and a lone "0.0" on an empty chart (issue 15).
 */
public final class CountAxis {

    /** The top of the axis and the distance between its ticks. */
    public record Scale(double upper, double unit) {}

    /** About this many steps from 0 to the top. */
    private static final int STEPS = 5;

    private CountAxis() {}

    /** Makes {@code axis} a count axis; call {@link #fit} whenever the highest value changes. */
    public static void install(NumberAxis axis) {
        axis.setAutoRanging(false);
        axis.setForceZeroInRange(true);
        axis.setMinorTickVisible(false);
        axis.setLowerBound(0);
        axis.setTickLabelFormatter(WHOLE);
        fit(axis, 0);
    }

    public static void fit(NumberAxis axis, double peak) {
        Scale s = scale(peak);
        if (axis.getUpperBound() != s.upper()) axis.setUpperBound(s.upper());
        if (axis.getTickUnit() != s.unit()) axis.setTickUnit(s.unit());
    }

    public static Scale scale(double peak) {
        if (!(peak > STEPS)) return new Scale(STEPS, 1);
        double raw = peak / STEPS;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double unit = 10 * magnitude;
        for (int m : new int[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                unit = m * magnitude;
                break;
            }
        }
        return new Scale(Math.ceil(peak / unit) * unit, unit);
    }

    /** Whole numbers as whole numbers ("21", not "21.0"); labels of a time axis use {@link #minutes()}. */
    public static final StringConverter<Number> WHOLE = converter(1);

    /** Seconds shown as whole minutes: an axis of seconds ago with a tick every 60 s reads −15 … 0. */
    public static StringConverter<Number> minutes() { return converter(60); }

    /** Seconds shown in units of {@code seconds} (3 600: hours, 86 400: days). */
    public static StringConverter<Number> per(long seconds) { return converter(seconds); }

    private static StringConverter<Number> converter(long per) {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                double v = n.doubleValue() / per;
                return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
            }

            @Override
            public Number fromString(String s) { return Double.parseDouble(s) * per; }
        };
    }
}
