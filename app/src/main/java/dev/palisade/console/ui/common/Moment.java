package dev.palisade.console.ui.common;

/**
 * A time as a table cell shows it: sorted by the time, drawn and measured as {@code text} (a time of today
 * lacks its date, so the text alone would sort "09:00:00" after "12-04 23:00:00").
 */
public record Moment(long at, String text) implements Comparable<Moment> {

    @Override
    public int compareTo(Moment other) {
        return Long.compare(at, other.at);
    }

    @Override
    public String toString() {
        return text;
    }
}
