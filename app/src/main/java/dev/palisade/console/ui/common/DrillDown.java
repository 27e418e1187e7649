package dev.palisade.console.ui.common;

/** Where a view sends the operator to look closer: the Events view or the Sessions view, filtered. */
public interface DrillDown {

    /** Opens Events filtered by {@code field} ("code", "ip" or "session") equal to {@code value}. */
    void events(String field, String value);

    /** Opens Events over {@code [from, to)} (epoch ms), every other filter cleared. */
    void eventsBetween(long from, long to);

    /** Opens Sessions filtered to those from {@code ip}. */
    void sessionsFrom(String ip);
}
