package dev.palisade.console.ui.common;

/** Where a view sends the operator to look closer: the Events view or the Sessions view, filtered. */
public interface DrillDown {

    /** Opens Events filtered by {@code field} ("code", "ip" or "session") equal to {@code value}. */
    default void events(String field, String value) {
        events(field, value, "");
    }

    /** As {@link #events(String, String)}, of the events the check {@code check} decided (empty: any check). */
    void events(String field, String value, String check);

    /** Opens Events over {@code [from, to)} (epoch ms), every other filter cleared. */
    void eventsBetween(long from, long to);

    /** Opens Sessions filtered to those from {@code ip}. */
    void sessionsFrom(String ip);
}
