package dev.palisade.console.ui.common;

/**
 * An amount as a table cell shows it: sorted by {@code amount}, drawn and measured as {@code text} (a duration in
 * the units that matter, "45 s", "2 min", "1 h 0 min", would sort as text with the hour first).
 */
public record Measured(long amount, String text) implements Comparable<Measured> {

    @Override
    public int compareTo(Measured other) {
        return Long.compare(amount, other.amount);
    }

    @Override
    public String toString() {
        return text;
    }
}
