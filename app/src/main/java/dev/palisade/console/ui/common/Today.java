package dev.palisade.console.ui.common;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.TableView;

import java.time.Clock;
import java.time.LocalDate;

/**
 * The day the console's clock is in, told when it changes: a table shows times of today without their date
 * (ux44 D5), so after midnight yesterday's must be written again with theirs, or "23:59:00" reads as tonight.
 * The window's poll calls {@link #check()}; nothing else here keeps time.
 */
public final class Today {

    private final Clock clock;
    private final ReadOnlyObjectWrapper<LocalDate> date;
    /** Each table once, however many time columns it has (Sessions: Created and Last seen). */
    private final java.util.Set<TableView<?>> tables = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    public Today(Clock clock) {
        this.clock = clock;
        this.date = new ReadOnlyObjectWrapper<>(LocalDate.now(clock));
        date.addListener((o, was, now) -> {
            for (TableView<?> table : tables) {
                table.refresh();
                ColumnFit.refit(table);
            }
        });
    }

    /** Today in the local zone, for a console that shows its own clock's times. */
    public static Today local() {
        return new Today(Clock.systemDefaultZone());
    }

    public Clock clock() { return clock; }

    /** Looks at the clock: a new day re-formats every table that {@link #keeps} its times. */
    public void check() {
        date.set(LocalDate.now(clock));
    }

    public ReadOnlyObjectProperty<LocalDate> date() { return date.getReadOnlyProperty(); }

    /**
     * Writes {@code table}'s cells again when the day changes, and sizes its columns again: a time of
     * yesterday gains its date ("12-05 23:59:00"), wider than the clock's time the column was sized for.
     */
    public void keeps(TableView<?> table) {
        tables.add(table);
    }
}
