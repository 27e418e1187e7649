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
    /** A load the server was too busy to report: a calm line, the list kept, loaded again at the poll past its wait. */
    private final ReportBusy.Retry busy = new ReportBusy.Retry();
    /** What the list is of, as its busy line names it: "the rate anomalies". */
    private final String what;
    /** A slow load of an earlier range must not replace the range chosen since. */
    private final LatestRequest loads = new LatestRequest();
    /** The live events that came while the newest load was out (of a range up to now): kept in front of its answer. */
    private final KeptArrivals arrivals = new KeptArrivals(MAX);

    /**
     * @param filter what to load from the store
     * @param live   which live events belong in the list
     * @param what   what the list is of, as a line names it: "the rate anomalies"
     */
    public EventFeed(AdminClient admin, Background background, EventFilter filter, Predicate<EventView> live, String what) {
        this.admin = admin;
        this.what = what;
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
        busy.clear(); // a load still waiting to be asked again was of the filter before
        ask(asked, ticket);
    }

    /** Loads {@code asked}: now, and again after a busy server's wait (the same ticket). */
    private void ask(EventFilter asked, LatestRequest.Ticket ticket) {
        if (asked.to() == null) arrivals.pageAsked();
        else arrivals.forget(); // a range with an end: what comes live is not of it
        background.run(() -> admin.events(asked), page -> {
            if (!ticket.isNewest()) return;
            error.set("");
            busy.clear();
            List<EventView> shown = arrivals.inFrontOf(page.items());
            items.setAll(shown.size() > MAX ? shown.subList(0, MAX) : shown);
        }, t -> {
            if (!ticket.isNewest()) return;
            if (busy.waitOut(t, what, () -> {
                if (ticket.isNewest()) ask(asked, ticket);
            })) return; // what the list shows stays; busy is no error
            busy.clear();
            arrivals.forget();
            error.set("Cannot load events: " + t.getMessage());
        });
    }

    /** The view's poll at {@code now}: a load the server was too busy for is asked again once its wait has passed. */
    public void poll(long now) {
        busy.poll(now);
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
        arrivals.shown(fresh);
        items.addAll(0, fresh);
        if (items.size() > MAX) items.remove(MAX, items.size());
    }

    public ObservableList<EventView> items() { return items; }
    public ReadOnlyStringProperty error() { return error.getReadOnlyProperty(); }
    /** Empty, or that the server was too busy to load the list just now and when it is asked again (not an error). */
    public ReadOnlyStringProperty busy() { return busy.line(); }
}
