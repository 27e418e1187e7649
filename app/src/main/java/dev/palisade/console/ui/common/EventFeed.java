package dev.palisade.console.ui.common;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventView;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A newest-first list of events of one kind: loaded from the admin API, then kept current from the
 * live stream; bounded, so a flood never grows it without end.
 */
public final class EventFeed {

    public static final int MAX = 1_000;

    private final AdminClient admin;
    private final Background background;
    private EventFilter filter;
    private final Predicate<EventView> live;
    private final ObservableList<EventView> items = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** A slow load of an earlier range must not replace the range chosen since. */
    private final LatestRequest loads = new LatestRequest();

    /**
     * @param filter what to load from the store
     * @param live   which live events belong in the list
     */
    public EventFeed(AdminClient admin, Background background, EventFilter filter, Predicate<EventView> live) {
        this.admin = admin;
        this.background = background;
        this.filter = filter;
        this.live = live;
    }

    /** Loads with another filter from now on (a view's time range changed). */
    public void load(EventFilter next) {
        this.filter = next;
        load();
    }

    public void load() {
        EventFilter asked = filter;
        LatestRequest.Ticket ticket = loads.next();
        background.run(() -> admin.events(asked), page -> {
            if (!ticket.isNewest()) return;
            error.set("");
            items.setAll(page.items());
        }, t -> {
            if (ticket.isNewest()) error.set("Cannot load events: " + t.getMessage());
        });
    }

    /** A live batch, oldest first. */
    public void onEvents(List<EventView> batch) {
        List<EventView> fresh = new ArrayList<>();
        long newest = items.isEmpty() ? 0 : items.get(0).id();
        for (int i = batch.size() - 1; i >= 0; i--) {
            EventView e = batch.get(i);
            if (e.id() > newest && live.test(e)) fresh.add(e);
        }
        if (fresh.isEmpty()) return;
        items.addAll(0, fresh);
        if (items.size() > MAX) items.remove(MAX, items.size());
    }

    public ObservableList<EventView> items() { return items; }
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }
}
