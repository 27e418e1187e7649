package dev.palisade.engine.event;

/**
 * Which events a query keeps by the check that decided them: those of {@code name}, or with {@code except} every other
 * one, events of no check included. "Every check but price" is what the Overview's plain no_bootstrap row counts once
 * price refusals have a row of their own (session 61).
 *
 * @param name   a check's name as events hold it, e.g. {@code price}
 * @param except whether the events of {@code name} are the ones left out
 */
public record CheckFilter(String name, boolean except) {

    public CheckFilter {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a check filter names a check");
    }

    /** The events {@code name} decided. */
    public static CheckFilter only(String name) {
        return new CheckFilter(name, false);
    }

    /** The events any check but {@code name} decided, and those of no check. */
    public static CheckFilter allBut(String name) {
        return new CheckFilter(name, true);
    }

    /** Whether an event of {@code check} ({@code ""} for none) is kept. */
    public boolean keeps(String check) {
        return name.equals(check) != except;
    }
}
