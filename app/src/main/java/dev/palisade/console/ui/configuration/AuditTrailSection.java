package dev.palisade.console.ui.configuration;

import dev.palisade.console.client.AdminClient;
import dev.palisade.console.client.Dtos.EventFilter;
import dev.palisade.console.client.Dtos.EventPage;
import dev.palisade.console.client.Dtos.EventView;
import dev.palisade.console.ui.common.Background;
import dev.palisade.console.ui.common.LatestRequest;
import dev.palisade.console.ui.common.ReportBusy;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;
import java.util.TreeSet;

/**
 * The audit trail: the server's admin events, newest first, a page at a time, each naming its actor
 * (the owner, an operator's name, or palisade for what the server does by the owner's rules). The
 * filter by actor works on the pages loaded; loading again starts from the newest.
 */
public final class AuditTrailSection {

    /** The actor filter's value that shows everyone's events. */
    public static final String EVERYONE = "";
    static final int PAGE = 200;

    private final AdminClient admin;
    private final Background background;
    private final int pageSize;
    private final ObservableList<EventView> loaded = FXCollections.observableArrayList();
    private final FilteredList<EventView> shown = new FilteredList<>(loaded);
    private final ObservableList<String> actors = FXCollections.observableArrayList(EVERYONE);
    private final StringProperty actor = new SimpleStringProperty(EVERYONE);
    private final ReadOnlyBooleanWrapper more = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    /** Answers overtaken by a later load (or an older page of a list loaded again since) are dropped. */
    private final LatestRequest pages = new LatestRequest();
    private final LatestRequest olderPages = new LatestRequest();
    /** The newest page the server was too busy to report: a calm line, the trail kept, asked again at the poll past its wait. */
    private final ReportBusy.Retry busy = new ReportBusy.Retry();
    /** An older page the server was too busy for, waited out on its own: it neither drops nor replaces the newest page's wait. */
    private final ReportBusy.Retry olderBusy = new ReportBusy.Retry();
    private final ReadOnlyStringWrapper busyLines = new ReadOnlyStringWrapper("");

    AuditTrailSection(AdminClient admin, Background background) {
        this(admin, background, PAGE);
    }

    AuditTrailSection(AdminClient admin, Background background, int pageSize) {
        this.admin = admin;
        this.background = background;
        this.pageSize = pageSize;
        busyLines.bind(ReportBusy.lines(busy, olderBusy));
        actor.addListener((o, was, now) -> {
            applyFilter();
            describe();
        });
    }

    /** The newest page again: what changed since the trail was last looked at. */
    public void load() {
        LatestRequest.Ticket ticket = pages.next();
        busy.clear(); // a page still waiting to be asked again is replaced by this one
        olderBusy.clear();
        ask(ticket);
    }

    /** Asks for the newest page: now, and again after a busy server's wait (the same ticket; the line stays meanwhile). */
    private void ask(LatestRequest.Ticket ticket) {
        background.run(() -> admin.events(page(0)), p -> {
            if (!ticket.isNewest()) return;
            busy.clear();
            // an older page asked of the list this page replaces is older than rows no longer shown: dropped
            olderPages.next();
            olderBusy.clear();
            loaded.setAll(p.items());
            loadedPage(p);
        }, t -> {
            if (!ticket.isNewest()) return;
            if (busy.waitOut(t, "the audit trail", () -> {
                if (ticket.isNewest()) ask(ticket);
            })) return;
            busy.clear();
            failed(t);
        });
    }

    /** The next page of older events, after the oldest loaded. */
    public void loadOlder() {
        int offset = loaded.size();
        long oldest = loaded.isEmpty() ? Long.MAX_VALUE : loaded.get(loaded.size() - 1).id();
        LatestRequest.Ticket list = pages.current();
        LatestRequest.Ticket ticket = olderPages.next();
        background.run(() -> admin.events(page(offset)), p -> {
            if (!list.isNewest() || !ticket.isNewest()) return;
            olderBusy.clear();
            // events made since the first page push the server's offsets on: skip what is already shown
            loaded.addAll(p.items().stream().filter(e -> e.id() < oldest).toList());
            loadedPage(p);
        }, t -> {
            if (!list.isNewest() || !ticket.isNewest()) return;
            if (olderBusy.waitOut(t, "the older admin events", () -> {
                if (list.isNewest() && ticket.isNewest()) loadOlder();
            })) return;
            olderBusy.clear();
            failed(t);
        });
    }

    private EventFilter page(int offset) {
        return new EventFilter(null, null, "admin", null, null, null, offset, pageSize);
    }

    private void loadedPage(EventPage p) {
        more.set(p.items().size() == pageSize);
        TreeSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (EventView e : loaded) names.add(e.actor());
        names.remove(EVERYONE);
        String chosen = actor.get();
        if (chosen != null && !chosen.equals(EVERYONE)) names.add(chosen); // still offered, if no longer in the pages
        List<String> offered = new java.util.ArrayList<>();
        offered.add(EVERYONE);
        offered.addAll(names);
        if (!actors.equals(offered)) actors.setAll(offered);
        applyFilter();
        describe();
    }

    private void applyFilter() {
        String chosen = actor.get();
        shown.setPredicate(chosen == null || chosen.equals(EVERYONE) ? e -> true : e -> chosen.equals(e.actor()));
    }

    private void describe() {
        String chosen = actor.get();
        String of = loaded.size() + " admin event" + (loaded.size() == 1 ? "" : "s") + " loaded"
                + (more.get() ? ", older ones on the server" : "");
        message.set(chosen == null || chosen.equals(EVERYONE) ? of + "." : shown.size() + " by " + chosen + " of " + of + ".");
    }

    /** The view's poll at {@code now}: a page the server was too busy for is asked again once its wait has passed. */
    void poll(long now) {
        busy.poll(now);
        olderBusy.poll(now);
    }

    private void failed(Throwable t) {
        message.set("Failed: " + t.getMessage());
    }

    /** The loaded events the actor filter lets through, newest first. */
    public ObservableList<EventView> events() { return shown; }
    /** {@link #EVERYONE} and the actors of the loaded events, by name. */
    public ObservableList<String> actors() { return actors; }
    public StringProperty actor() { return actor; }
    /** Whether the last page was full, so older events may be on the server. */
    public ReadOnlyBooleanProperty more() { return more.getReadOnlyProperty(); }
    public ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    /** Empty, or that the server was too busy to report the trail just now and when it is asked again (not an error). */
    public ReadOnlyStringProperty busy() { return busyLines.getReadOnlyProperty(); }
}
